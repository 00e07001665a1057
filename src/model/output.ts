/**
 * Output charts in Rally's formats, added by scenarios (`ctx.addOutput`) and
 * hooks (`this.addOutput`), and their validation.
 *
 * @module
 */

/**
 * A chart plugin Rally's reports know, and so brunt's.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type ChartPlugin, parseTask } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * // Dummy.dummy_output adds an example chart of each kind.
 * const task = parseTask("Dummy.dummy_output: [{runner: {type: serial, times: 1}}]", "task.yaml");
 * const { document, store } = await runSimulated(task, { seed: 1 });
 * const [record] = store.iterations(document.tasks[0].subtasks[0].workloads[0].uuid);
 * const kinds: ChartPlugin[] = record.output.complete.map((chart) => chart.chart_plugin);
 * assert.deepEqual(kinds, ["Lines", "StackedArea", "TextArea", "Pie", "Table"]);
 * ```
 */
export type ChartPlugin = "StackedArea" | "Lines" | "Pie" | "Table" | "TextArea" | "StatsTable";

/** Every {@linkcode ChartPlugin}. */
export const CHART_PLUGINS: readonly ChartPlugin[] = [
  "StackedArea",
  "Lines",
  "Pie",
  "Table",
  "TextArea",
  "StatsTable",
];

/**
 * One chart: Rally's output format.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type Chart, Hook, RealClock } from "@brunt/brunt";
 * class NodeStates extends Hook {
 *   run(): Promise<void> { return Promise.resolve(); }
 * }
 * const signal = new AbortController().signal;
 * const hook = new NodeStates({ config: {}, signal, clock: new RealClock() });
 * const data = { cols: ["node", "state"], rows: [["db-1", "down"]] };
 * const chart: Chart = { title: "Nodes", chart_plugin: "Table", data };
 * hook.addOutput({ complete: chart });
 * assert.deepEqual(hook.output.complete, [chart]);
 * const wrong = { ...chart, data: [] }; // checked as it is added
 * assert.throws(() => hook.addOutput({ complete: wrong }), /Table data must be \{"cols"/);
 * ```
 */
export interface Chart {
  /** Chart title. */
  title: string;
  /** Optional longer text under the title. */
  description?: string;
  /** How to draw `data`. */
  chart_plugin: ChartPlugin;
  /**
   * StackedArea/Lines/Pie/StatsTable: `[[name, number], …]` for additive
   * output (and complete Pie) or `[[name, [[x, y], …]], …]` for complete
   * StackedArea/Lines; Table: `{cols, rows}`;
   * TextArea: a list of strings.
   */
  data: unknown;
  /** Y axis label. */
  label?: string;
  /** X axis label. */
  axis_label?: string;
}

/**
 * What scenarios and hooks pass to `addOutput`: one additive or one complete chart.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, type OutputInput, parseTask, scenarioPlugin } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const queue = scenarioPlugin("Queue.poll", (_args, ctx) => {
 *   const data = [["depth", ctx.iteration * 10]];
 *   const depth: OutputInput = { additive: { title: "Queue", chart_plugin: "Lines", data } };
 *   ctx.addOutput(depth);
 * }, { schema: {}, description: "Polls a queue." });
 * const task = parseTask("Queue.poll: [{runner: {type: serial, times: 3}}]", "task.yaml", {
 *   plugins: defaultPlugins().with([queue]),
 * });
 * const { document, store } = await runSimulated(task);
 * const records = [...store.iterations(document.tasks[0].subtasks[0].workloads[0].uuid)];
 * const depths = records.map((r) => r.output.additive[0].data);
 * assert.deepEqual(depths, [[["depth", 10]], [["depth", 20]], [["depth", 30]]]);
 * ```
 */
export type OutputInput = { additive: Chart; complete?: never } | {
  complete: Chart;
  additive?: never;
};

/**
 * Collected output of one iteration or hook run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Hook, hookPlugin, type Output, parseTask } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * class Snapshot extends Hook {
 *   run(): Promise<void> {
 *     const data = [["used", 70], ["free", 30]];
 *     this.addOutput({ additive: { title: "Disk", chart_plugin: "Pie", data } });
 *     return Promise.resolve();
 *   }
 * }
 * const task = parseTask(`Dummy.dummy:
 *   - runner: {type: serial, times: 1}
 *     hooks:
 *       - {name: snapshot, args: {}, trigger: {name: event, args: {unit: iteration, at: [1]}}}`,
 *   "task.yaml", { plugins: defaultPlugins().with([hookPlugin("snapshot", Snapshot)]) });
 * const [hook] = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0].hooks;
 * const output: Output | undefined = hook.results[0].output;
 * assert.deepEqual([output?.additive.length, output?.complete.length], [1, 0]);
 * ```
 */
export interface Output {
  /** Charts whose values add up across iterations. */
  additive: Chart[];
  /** Charts complete in themselves. */
  complete: Chart[];
}

/**
 * Returns why `input` is not a valid `addOutput` argument, or undefined when
 * it is valid.
 */
export function outputProblem(input: unknown): string | undefined {
  if (!isObject(input)) return "output must be an object {additive: chart} or {complete: chart}";
  const keys = Object.keys(input);
  if (keys.length !== 1 || (keys[0] !== "additive" && keys[0] !== "complete")) {
    return `output must have exactly one key, "additive" or "complete"; got ${
      keys.length ? keys.map((k) => JSON.stringify(k)).join(", ") : "none"
    }`;
  }
  const kind = keys[0] as "additive" | "complete";
  return chartProblem(input[kind], kind);
}

/** Returns why `chart` is not a valid chart of `kind` output, or undefined. */
export function chartProblem(chart: unknown, kind: "additive" | "complete"): string | undefined {
  if (!isObject(chart)) return `${kind} output must be a chart object`;
  if (typeof chart.title !== "string" || chart.title === "") {
    return `${kind} chart needs a non-empty string "title"`;
  }
  const where = `${kind} chart "${chart.title}"`;
  if (!CHART_PLUGINS.includes(chart.chart_plugin as ChartPlugin)) {
    return `${where}: chart_plugin must be one of ${CHART_PLUGINS.join(", ")}; got ${
      JSON.stringify(chart.chart_plugin)
    }`;
  }
  for (const key of ["description", "label", "axis_label"]) {
    if (chart[key] !== undefined && typeof chart[key] !== "string") {
      return `${where}: "${key}" must be a string`;
    }
  }
  const data = chart.data;
  switch (chart.chart_plugin) {
    case "TextArea":
      if (!Array.isArray(data) || !data.every((d) => typeof d === "string")) {
        return `${where}: TextArea data must be a list of strings`;
      }
      return undefined;
    case "Table":
      if (
        !isObject(data) || !Array.isArray(data.cols) || !Array.isArray(data.rows) ||
        !data.rows.every((r) => Array.isArray(r))
      ) {
        return `${where}: Table data must be {"cols": [...], "rows": [[...], ...]}`;
      }
      return undefined;
    default:
      if (!Array.isArray(data)) return `${where}: data must be a list of [name, value] pairs`;
      for (const pair of data) {
        if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== "string") {
          return `${where}: each data item must be [name, value]; got ${JSON.stringify(pair)}`;
        }
        // Additive values and complete Pie slices are numbers; complete series are [x, y] lists.
        const scalar = kind === "additive" || chart.chart_plugin === "Pie";
        const ok = scalar ? typeof pair[1] === "number" : Array.isArray(pair[1]) &&
          pair[1].every((p: unknown) =>
            Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === "number")
          );
        if (!ok) {
          return `${where}: ${
            scalar ? "values must be numbers" : "complete values must be [[x, y], ...] number pairs"
          }; got ${JSON.stringify(pair[1])}`;
        }
      }
      return undefined;
  }
}

/** Adds a validated `input` to `output`; throws a TypeError saying what is wrong. */
export function addOutputTo(output: Output, input: unknown): void {
  const problem = outputProblem(input);
  if (problem) throw new TypeError(`Invalid output: ${problem}`);
  const o = input as OutputInput;
  if (o.additive) output.additive.push(o.additive);
  else output.complete.push(o.complete!);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
