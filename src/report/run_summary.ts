/**
 * What the terminal shows after a run (and `brunt show` again): per
 * workload a heading, its figures and its tables, and the task's verdict
 * naming every workload and criterion that failed.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import type { TaskResult, WorkloadResult } from "../model/results_document.ts";
import { paint } from "./ansi.ts";
import { FailureGroups } from "./failure_groups.ts";
import { formatSeconds } from "./format_seconds.ts";
import { hookFailuresTable, hooksTable } from "./hook_tables.ts";
import {
  failuresTable,
  responseTimesTable,
  slaTable,
  type SummaryTableOptions,
} from "./summary_tables.ts";
import { resilienceTable } from "./resilience_table.ts";
import { wrapText } from "./text_table.ts";

/**
 * A part of a workload's summary added by a caller, after the built-in
 * tables: it gets the workload and the table options (color, width), and
 * returns text (an empty string for nothing). Build tables with
 * `renderTable` so they fit the width like the others.
 */
export type SummarySection = (workload: WorkloadResult, options: SummaryTableOptions) => string;

/** Options of {@linkcode workloadSummary} and {@linkcode taskSummary}. */
export interface RunSummaryOptions extends SummaryTableOptions {
  /**
   * The raw iterations of a workload, read (once, only when some failed)
   * to group the failures by error; without it there is no failures table.
   */
  iterationsOf?: (workload: WorkloadResult) => Iterable<IterationRecord>;
  /** Sections added after the built-in tables of each workload, in order. */
  sections?: readonly SummarySection[];
}

/** Where a workload stands in its task, for its heading. */
export interface WorkloadPlace {
  /** 1-based number of the workload in the task. */
  number: number;
  /** Workloads in the task. */
  count: number;
  /** Its subtask's title. */
  subtask: string;
}

/**
 * One workload's summary: a heading (number, subtask title, scenario,
 * status and SLA verdict), a line of figures (iterations, failures,
 * throughput, load and full duration), then the response times, failures
 * by error, hooks, failed hook runs, SLA and resilience tables, and the caller's
 * sections; blank lines between them.
 */
export function workloadSummary(
  workload: WorkloadResult,
  place: WorkloadPlace,
  options: RunSummaryOptions = {},
): string {
  const { color = false, width } = options;
  const failures = new FailureGroups();
  if (workload.failed_iteration_count > 0 && options.iterationsOf) {
    for (const record of options.iterationsOf(workload)) failures.add(record);
  }
  const parts = [
    heading(workload, place, color, width),
    responseTimesTable(workload.statistics, options),
    failuresTable(workload, failures.result(), failures.ungrouped, options),
    hooksTable(workload, options),
    hookFailuresTable(workload, options),
    slaTable(workload, options),
    resilienceTable(workload, options),
    ...(options.sections ?? []).map((section) => section(workload, options)),
  ];
  return parts.filter((p) => p !== "").join("\n\n");
}

/**
 * Every workload's summary (see {@linkcode workloadSummary}), separated by
 * blank lines; the verdict is apart ({@linkcode taskVerdict}).
 */
export function taskSummary(task: TaskResult, options: RunSummaryOptions = {}): string {
  const all = task.subtasks.flatMap((s) => s.workloads.map((w) => ({ w, subtask: s.title })));
  return all.map(({ w, subtask }, i) =>
    workloadSummary(w, { number: i + 1, count: all.length, subtask }, options)
  ).join("\n\n");
}

/**
 * The task's verdict: `Task ID: STATUS, SLA passed|FAILED`, then for each
 * workload that failed its SLA, its number and title with every failed
 * criterion and its detail.
 *
 * @example
 * ```ts ignore
 * io.out(taskVerdict(document.tasks[0]));
 * // Task 1f0c…: finished, SLA FAILED (1 of 2 workloads)
 * //   [2/2] failing (Dummy.failure): failure_rate: Failure rate criteria 0.00% <= 40.00% <= 0.00% - Failed
 * ```
 */
export function taskVerdict(task: TaskResult, options: SummaryTableOptions = {}): string {
  const { color = false, width } = options;
  const all = task.subtasks.flatMap((s) => s.workloads.map((w) => ({ w, subtask: s.title })));
  const failed = all.map((entry, i) => ({ ...entry, number: i + 1 })).filter(({ w }) =>
    !w.pass_sla
  );
  const verdict = task.pass_sla ? paint("SLA passed", "green", color) : paint(
    `SLA FAILED${failed.length ? ` (${failed.length} of ${all.length} workloads)` : ""}`,
    "red",
    color,
  );
  const lines = wrapText(`Task ${task.uuid}: ${task.status}, ${verdict}`, width ?? Infinity);
  for (const { w, subtask, number } of failed) {
    const criteria = w.sla_results.sla.filter((r) => !r.success);
    const name = `[${number}/${all.length}] ${title(subtask, w)}`;
    const reasons = criteria.length
      ? criteria.map((r) => `${r.criterion}: ${r.detail}`)
      : ["no criterion failed, yet the workload did not pass"];
    for (const reason of reasons) {
      lines.push(...indent(wrapText(`${name}: ${reason}`, (width ?? Infinity) - 4), "  ", "    "));
    }
  }
  return lines.join("\n");
}

function heading(
  w: WorkloadResult,
  place: WorkloadPlace,
  color: boolean,
  width: number | undefined,
): string {
  const sla = !w.sla_results.sla.length && w.pass_sla
    ? "no SLA"
    : w.pass_sla
    ? paint("SLA passed", "green", color)
    : paint("SLA FAILED", "red", color);
  const head = paint(`[${place.number}/${place.count}] ${title(place.subtask, w)}`, "bold", color);
  const total = w.total_iteration_count;
  const failed = w.failed_iteration_count;
  const failedText = `${failed} failed${
    failed > 0 && total > 0 ? `, ${((100 * failed) / total).toFixed(1)} %` : ""
  }`;
  const rate = w.load_duration > 0 ? ` at ${rateText(total / w.load_duration)}` : "";
  const figures = `${total} iterations (${
    paint(failedText, "red", color && failed > 0)
  })${rate}; load ${formatSeconds(w.load_duration, "units")}, full ${
    formatSeconds(w.full_duration, "units")
  }`;
  return [
    ...wrapText(`${head}: ${w.status}, ${sla}`, width ?? Infinity),
    ...wrapText(figures, width ?? Infinity),
  ].join("\n");
}

/** The subtask's title with the scenario when it says something else. */
function title(subtask: string, w: WorkloadResult): string {
  const scenario = Object.keys(w.scenario)[0] ?? "(no scenario)";
  return subtask && subtask !== scenario ? `${subtask} (${scenario})` : scenario;
}

/** Iterations per second, with 3 significant digits. */
export function rateText(perSecond: number): string {
  return `${perSecond >= 100 ? Math.round(perSecond) : Number(perSecond.toPrecision(3))}/s`;
}

function indent(lines: string[], first: string, rest: string): string[] {
  return lines.map((l, i) => (i === 0 ? first : rest) + l);
}
