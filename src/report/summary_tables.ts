/**
 * The CLI's summary of a workload: Rally's "Response Times (sec)" table and
 * the load figures, as strings.
 *
 * @module
 */
import type { StatsNode, WorkloadResult } from "../model/results_document.ts";
import { formatSeconds } from "./format_seconds.ts";
import { type ColumnAlign, renderTable, type TableCell } from "./text_table.ts";

/** Options of {@linkcode responseTimesTable} and {@linkcode workloadSummary}. */
export interface SummaryTableOptions {
  /**
   * Color with ANSI codes: bold headers, success below 100 % and failed
   * iterations in red, "n/a" dimmed.
   * @default {false}
   */
  color?: boolean;
  /**
   * Table style (see `renderTable`).
   * @default {"boxed"}
   */
  style?: "boxed" | "plain";
}

/** Columns of Rally's "Response Times (sec)" table, in order. */
export const RESPONSE_TIMES_COLUMNS: readonly string[] = [
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

/**
 * Rally's "Response Times (sec)" table: one row per atomic action in order,
 * nested actions right under their parent marked by depth (`" -> bar"`,
 * `" --> baz"`, as Rally's CLI writes them), then `total` with its
 * `duration` and `idle_duration` children. Durations have 3 decimals, "n/a"
 * when not measured; Count is the number of iterations the action ran in.
 *
 * @param statistics a workload's `statistics` block
 * @param options color and table style
 * @returns the table, without a trailing newline
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { responseTimesTable } from "./summary_tables.ts";
 * import { WorkloadStats } from "../stats/workload_stats.ts";
 * const table = responseTimesTable(new WorkloadStats().toStatistics());
 * // | total             |       n/a |          n/a | … |     n/a |     0 |
 * assert.ok(table.includes("| total             |       n/a |"));
 * ```
 */
export function responseTimesTable(
  statistics: WorkloadResult["statistics"],
  options: SummaryTableOptions = {},
): string {
  const { color = false, style = "boxed" } = options;
  const rows: TableCell[][] = [];
  const visit = (node: StatsNode, depth: number) => {
    rows.push(statsRow(node, depth, color));
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const atomic of statistics.durations.atomics) visit(atomic, 0);
  visit(statistics.durations.total, 0);
  const headers = color ? RESPONSE_TIMES_COLUMNS.map(bold) : RESPONSE_TIMES_COLUMNS;
  return renderTable(headers, rows, {
    align: RESPONSE_TIMES_ALIGN,
    style,
    title: "Response Times (sec)",
  });
}

/**
 * A workload's summary for the terminal: a heading with the scenario,
 * position and status, the response times table, then
 * `Load duration: X s`, `Full duration: Y s` and `Iterations: N (F failed)`.
 *
 * @param workload the workload's results
 * @param options color and table style
 * @returns the summary's lines joined with `\n`, without a trailing newline
 */
export function workloadSummary(
  workload: WorkloadResult,
  options: SummaryTableOptions = {},
): string {
  const { color = false } = options;
  const scenario = Object.keys(workload.scenario)[0] ?? "(no scenario)";
  const failed = workload.failed_iteration_count;
  const failedText = `${failed} failed`;
  return [
    `${color ? bold(scenario) : scenario} (workload ${workload.position}, ${workload.status})`,
    responseTimesTable(workload.statistics, options),
    `Load duration: ${formatSeconds(workload.load_duration)} s`,
    `Full duration: ${formatSeconds(workload.full_duration)} s`,
    `Iterations: ${workload.total_iteration_count} (${
      color && failed > 0 ? red(failedText) : failedText
    })`,
  ].join("\n");
}

const RESPONSE_TIMES_ALIGN: readonly ColumnAlign[] = [
  "left",
  "right",
  "right",
  "right",
  "right",
  "right",
  "right",
  "right",
  "right",
];

function statsRow(node: StatsNode, depth: number, color: boolean): TableCell[] {
  const name = depth > 0 ? ` ${"-".repeat(depth)}> ${node.display_name}` : node.display_name;
  const { data } = node;
  const seconds = (value: number | null) => {
    const text = formatSeconds(value);
    return color && value === null ? dim(text) : text;
  };
  const success = color && data.success !== "100.0%"
    ? (data.success === "n/a" ? dim(data.success) : red(data.success))
    : data.success;
  return [
    name,
    seconds(data.min),
    seconds(data.median),
    seconds(data["90%ile"]),
    seconds(data["95%ile"]),
    seconds(data.max),
    seconds(data.avg),
    success,
    data.iteration_count,
  ];
}

function bold(text: string): string {
  return `\x1b[1m${text}\x1b[22m`;
}

function dim(text: string): string {
  return `\x1b[2m${text}\x1b[22m`;
}

function red(text: string): string {
  return `\x1b[31m${text}\x1b[39m`;
}
