/**
 * The chart library's files (uPlot's browser build and style sheet), read
 * from its npm package when a report is made, so the report carries them
 * inline and works offline.
 *
 * @module
 */

/** uPlot's browser script and style sheet, as text. */
export interface ChartAssets {
  /** `uPlot.iife.min.js`: defines the global `uPlot`. */
  script: string;
  /** `uPlot.min.css`. */
  style: string;
}

let cached: ChartAssets | undefined;

/**
 * Makes sure the uPlot package is in Deno's npm cache. The literal dynamic
 * import also puts the package into the module graph, so Deno fetches it
 * with the rest of brunt's dependencies, whether brunt runs from its
 * repository or is imported as a package.
 */
export async function ensureChartAssets(): Promise<void> {
  await import("uplot");
}

/**
 * Reads uPlot's dist files next to the package's entry point; cached after
 * the first call. Throws an Error saying what is missing and how to get it
 * when the package is not installed.
 */
export function loadChartAssets(): ChartAssets {
  if (cached) return cached;
  const files = ["uplot/dist/uPlot.iife.min.js", "uplot/dist/uPlot.min.css"];
  const [script, style] = files.map((spec) => {
    let url: URL;
    try {
      url = new URL(import.meta.resolve(spec));
    } catch (e) {
      throw new Error(
        `The HTML report needs the chart library uPlot, but "${spec}" does not resolve ` +
          `(${
            e instanceof Error ? e.message : e
          }); "uplot" must map to npm:uplot@1.6.32 in deno.json's imports.`,
      );
    }
    if (url.protocol !== "file:") {
      throw new Error(
        `The HTML report needs uPlot's file ${spec} on disk, but it resolves to ${url.href}.`,
      );
    }
    try {
      return Deno.readTextFileSync(url);
    } catch (e) {
      throw new Error(
        `The HTML report needs uPlot's file ${url.pathname}, which cannot be read ` +
          `(${
            e instanceof Error ? e.message : e
          }); install it with \`deno install\` or \`deno cache mod.ts\`.`,
      );
    }
  });
  cached = { script, style };
  return cached;
}
