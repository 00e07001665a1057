/**
 * Rally's `task detailed` text for a task of a results document: per
 * workload its args, its errors with their details, Rally's Response Times
 * table (with Rally's number formatting), the per-iteration atomic table
 * when asked, the additive output charts' tables, and the durations.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import type { StatsNode, TaskResult, WorkloadResult } from "../model/results_document.ts";
import { rallyHookConfig } from "./rally_export.ts";
import { renderTable, type TableCell } from "./text_table.ts";

// Rally's own headers, as `rally task detailed` prints them (brunt's table
// puts the unit in each cell instead).
const RALLY_RESPONSE_TIMES_COLUMNS: readonly string[] = [
  "Action",
  "Min (sec)",
  "Median (sec)",
  "90%ile (sec)",
  "95%ile (sec)",
  "Max (sec)",
  "Avg (sec)",
  "Success",
  "Count",
];

/** Options of {@linkcode rallyDetailed}. */
export interface RallyDetailedOptions {
  /** Each workload's raw iterations, in completion order. */
  iterationsOf: (workload: WorkloadResult) => Iterable<IterationRecord>;
  /**
   * Add Rally's "Atomics per iteration" table.
   * @default false
   */
  iterationsData?: boolean;
}

const RULE = "-".repeat(80);

/**
 * The lines of Rally's `task detailed` for `task`. The hints at the end name
 * brunt's commands. A running task gives Rally's "Results available when it
 * is 'finished'." note; workloads that never started are left out, as Rally
 * has none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rallyDetailed } from "./rally_detailed.ts";
 * const lines = rallyDetailed({
 *   uuid: "t1", title: "", description: "", status: "running", tags: [], seed: 1,
 *   created_at: "", updated_at: "", pass_sla: true, input_task: {}, subtasks: [],
 * }, { iterationsOf: () => [] });
 * assert.deepEqual(lines.slice(2), [
 *   "Task t1: running",
 *   "-".repeat(80),
 *   "",
 *   "The task t1 marked as 'running'. Results available when it is 'finished'.",
 * ]);
 * ```
 */
export function rallyDetailed(task: TaskResult, options: RallyDetailedOptions): string[] {
  const out = ["", RULE, `Task ${task.uuid}: ${task.status}`];
  if (task.status === "running") {
    out.push(
      RULE,
      "",
      `The task ${task.uuid} marked as 'running'. Results available when it is 'finished'.`,
    );
    return out;
  }
  for (const subtask of task.subtasks) {
    for (const workload of subtask.workloads) {
      if (workload.status === "skipped") continue;
      out.push(...workloadLines(task, workload, options));
    }
  }
  out.push(
    "",
    "HINTS:",
    "* To plot HTML graphics with this data, run:",
    `\tbrunt report ${task.uuid} --html output.html`,
    "",
    "* To generate a JUnit report, run:",
    `\tbrunt report ${task.uuid} --junit output.xml`,
    "",
    "* To get raw JSON output of task results, run:",
    `\tbrunt export ${task.uuid} --json output.json`,
    "",
  );
  if (!task.pass_sla) out.push("At least one workload did not pass SLA criteria.", "");
  return out;
}

function workloadLines(
  task: TaskResult,
  w: WorkloadResult,
  options: RallyDetailedOptions,
): string[] {
  const [name] = Object.keys(w.scenario);
  const out = [RULE, "", `test scenario ${name}`, `args position ${w.position}`, "args values:"];
  out.push(
    JSON.stringify(
      {
        args: w.scenario[name] ?? {},
        runner: Object.values(w.runner)[0] ?? {},
        contexts: w.contexts,
        sla: w.sla,
        hooks: w.hooks.map((h) => rallyHookConfig(h.config)),
      },
      null,
      2,
    ),
    "",
  );
  const errors: string[] = [];
  let errorCount = 0;
  const perIteration: TableCell[][] = [];
  const atomicColumns = w.statistics.durations.atomics.map((a, i) => ({
    name: a.name,
    count: a.count_per_iteration,
    header: `${i + 1}. ${a.display_name}`,
  }));
  const outputs: OutputStats[] = [];
  let index = 0;
  for (const record of options.iterationsOf(w)) {
    index++;
    if (options.iterationsData) {
      const merged = mergedTopLevel(record);
      perIteration.push([
        index,
        pyFloat(round3(record.duration)),
        ...atomicColumns.map((c) => {
          // The row's time when the iteration ran the action that often; else 0, as Rally prints it.
          const m = merged.get(c.name);
          return m && m.count === c.count ? pyFloat(round3(m.seconds)) : "0";
        }),
      ]);
    }
    record.output.additive.forEach((chart, i) => {
      outputs[i] ??= new OutputStats(chart.title);
      outputs[i].add(chart.data);
    });
    if (record.error.length > 0) {
      errorCount++;
      const [etype, msg, details = ""] = record.error;
      errors.push(`${etype}: ${msg}`, "", ...details.split("\n"), RULE);
    }
  }
  out.push(RULE, `Task ${task.uuid} has ${errorCount} error(s)`, RULE, "", ...errors);
  out.push(responseTimes(w), "");
  if (options.iterationsData) {
    out.push(
      renderTable(["iteration", "duration", ...atomicColumns.map((c) => c.header)], perIteration, {
        title: "Atomics per iteration",
      }),
      "",
    );
  }
  for (const o of outputs) {
    if (!o || o.names.size === 0) continue;
    out.push(o.title, o.table(), "");
  }
  out.push(
    `Load duration: ${floatToStr(w.load_duration)}`,
    `Full duration: ${floatToStr(w.full_duration)}`,
  );
  return out;
}

/** Rally's "Response Times (sec)" table: atomic rows (nested ` -> `), then total. */
function responseTimes(w: WorkloadResult): string {
  const rows: TableCell[][] = [];
  const add = (node: StatsNode, depth: number) => {
    const d = node.data;
    rows.push([
      depth > 0 ? ` ${"-".repeat(depth)}> ${node.display_name}` : node.display_name,
      ...[d.min, d.median, d["90%ile"], d["95%ile"], d.max, d.avg].map((v) =>
        v === null ? "n/a" : pyFloat(round3(v))
      ),
      d.success,
      d.iteration_count,
    ]);
    for (const child of node.children) add(child, depth + 1);
  };
  for (const node of w.statistics.durations.atomics) add(node, 0);
  add(w.statistics.durations.total, 0);
  return renderTable(RALLY_RESPONSE_TIMES_COLUMNS, rows, { title: "Response Times (sec)" });
}

// An iteration's top-level actions merged by name, as Rally merges them.
function mergedTopLevel(record: IterationRecord): Map<string, { count: number; seconds: number }> {
  const merged = new Map<string, { count: number; seconds: number }>();
  for (const a of record.atomic_actions) {
    const m = merged.get(a.name) ?? { count: 0, seconds: 0 };
    m.count++;
    m.seconds += Math.max(0, a.finished_at - a.started_at);
    merged.set(a.name, m);
  }
  return merged;
}

/** The values of one additive output chart over the iterations, by name: Rally's OutputStatsTable. */
class OutputStats {
  readonly title: string;
  readonly names = new Map<string, number[]>();

  constructor(title: string) {
    this.title = title;
  }

  add(data: unknown): void {
    if (!Array.isArray(data)) return;
    for (const item of data) {
      if (!Array.isArray(item) || typeof item[1] !== "number") continue;
      const name = String(item[0]);
      const values = this.names.get(name) ?? [];
      values.push(item[1]);
      this.names.set(name, values);
    }
  }

  table(): string {
    const rows = [...this.names].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0).map(
      ([name, values]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const avg = values.reduce((s, v) => s + v, 0) / values.length;
        return [
          name,
          pyFloat(round3(sorted[0])),
          // Rally keeps the median's own type: a middle value that is an integer prints as one.
          medianText(sorted),
          pyFloat(round3(percentile(sorted, 0.9))),
          pyFloat(round3(percentile(sorted, 0.95))),
          pyFloat(round3(sorted[sorted.length - 1])),
          pyFloat(round3(avg)),
          values.length,
        ];
      },
    );
    // Rally's output tables: the Response Times columns without Success.
    return renderTable(RALLY_RESPONSE_TIMES_COLUMNS.filter((c) => c !== "Success"), rows);
  }
}

function medianText(sorted: number[]): string {
  const k = (sorted.length - 1) * 0.5;
  if (Number.isInteger(k)) return String(round3(sorted[k]));
  return pyFloat(round3(percentile(sorted, 0.5)));
}

// Rally's percentile: linear between the two nearest ranks.
function percentile(sorted: number[], p: number): number {
  const k = (sorted.length - 1) * p;
  const f = Math.floor(k);
  const c = Math.ceil(k);
  if (f === c) return sorted[f];
  return sorted[f] * (c - k) + sorted[c] * (k - f);
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** A float as Python prints it: `7.0`, `0.001`. */
function pyFloat(value: number): string {
  return Number.isInteger(value) ? `${value}.0` : String(value);
}

/** Rally's format_float_to_str: six decimals, trailing zeros dropped but one. */
function floatToStr(value: number): string {
  const [whole, fraction] = value.toFixed(6).split(".");
  return `${whole}.${fraction.replace(/0+$/, "") || "0"}`;
}
