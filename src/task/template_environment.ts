/**
 * The template engine task files render with: nunjucks, set up to read
 * Jinja2 templates as Rally writes them. nunjucks ships no types; the ones
 * here say what brunt uses of it.
 *
 * @module
 */
import nunjucks from "nunjucks";

/** What brunt needs of nunjucks, which ships no types. */
export interface Nunjucks {
  /** An environment: a loader for includes, and settings. */
  Environment: new (loader: unknown, opts: Record<string, unknown>) => NunjucksEnvironment;
  /** A loader that reads includes from a folder. */
  FileSystemLoader: new (searchPath: string, opts: { noCache: boolean }) => unknown;
  /** Compiles a template (at once, with `eagerCompile`). */
  Template: new (
    src: string,
    env: NunjucksEnvironment,
    path: string,
    eagerCompile: boolean,
  ) => NunjucksTemplate;
  /** The parser, whose syntax tree template_variables.ts walks. */
  parser: { parse(src: string, extensions: unknown[], opts: unknown): unknown };
  /** Makes templates read Jinja2: `True`/`False`/`None`, `dict.items()`, slices. */
  installJinjaCompat(): void;
}

/** A compiled template. */
export interface NunjucksTemplate {
  /** Renders with the variables of `ctx`; errors, also late ones, go to `callback`. */
  render(ctx: object, callback: (error: unknown, output?: string) => void): void;
}

/** The settings, globals and filters templates render with. */
export interface NunjucksEnvironment {
  /** The settings it was made with. */
  opts: Record<string, unknown>;
  /** Names every template can read. */
  globals: Record<string, unknown>;
  /** Adds a filter (`{{ x | name }}`). */
  addFilter(name: string, fn: (...args: unknown[]) => unknown): void;
}

let jinjaCompatible = false;

/** nunjucks, with its Jinja compatibility installed (once, on first use). */
export function nunjucksLib(): Nunjucks {
  const nj = nunjucks as unknown as Nunjucks;
  if (!jinjaCompatible) {
    nj.installJinjaCompat();
    jinjaCompatible = true;
  }
  return nj;
}

/**
 * The environment task templates render in: no HTML escaping (task files are
 * JSON/YAML), Jinja2's `tojson` filter, and includes read from `includeDir`
 * only (none when it is undefined).
 */
export function templateEnvironment(includeDir: string | undefined): NunjucksEnvironment {
  const nj = nunjucksLib();
  const loader = includeDir === undefined
    ? null
    : new nj.FileSystemLoader(includeDir, { noCache: true });
  // Task files are JSON/YAML, not HTML: no escaping. Missing variables are
  // caught before rendering (see missingVariables), with their place.
  const env = new nj.Environment(loader, { autoescape: false, throwOnUndefined: false, dev: true });
  // Jinja2's name for JSON output, which Rally task templates use.
  env.addFilter("tojson", (value) => JSON.stringify(value));
  return env;
}
