/**
 * The tables of a workload's terminal summary: response times, failures by
 * error, and SLA verdicts. Each fits a given width (see `renderTable`).
 *
 * @module
 */
import type { StatsNode, WorkloadResult } from "../model/results_document.ts";
import { paint } from "./ansi.ts";
import type { FailureGroup } from "./failure_groups.ts";
import { formatSeconds } from "./format_seconds.ts";
import { renderTable, type TableCell, type TableColumn } from "./text_table.ts";

/** Options of the summary tables. */
export interface SummaryTableOptions {
  /**
   * Color with ANSI codes: bold headers, failures in red, "n/a" dimmed.
   * @default {false}
   */
  color?: boolean;
  /**
   * Table style (see `renderTable`).
   * @default {"boxed"}
   */
  style?: "boxed" | "plain";
  /**
   * The most characters a line may take (a terminal's width); unlimited when undefined.
   */
  width?: number;
}

/**
 * Columns of the "Response Times" table, in order. When the width is short,
 * 90%ile goes first, then Min, Avg, Count, Max and 95%ile; Action, Median
 * and Success always stay.
 */
export const RESPONSE_TIMES_COLUMNS: readonly TableColumn[] = [
  { header: "Action", wrap: true },
  { header: "Min", align: "right", priority: 2 },
  { header: "Median", align: "right" },
  { header: "90%ile", align: "right", priority: 1 },
  { header: "95%ile", align: "right", priority: 6 },
  { header: "Max", align: "right", priority: 5 },
  { header: "Avg", align: "right", priority: 3 },
  { header: "Success", align: "right", priority: 7 },
  { header: "Count", align: "right", priority: 4 },
];

/**
 * Rally's "Response Times" table: one row per atomic action in order,
 * nested actions right under their parent marked by depth (`" -> bar"`,
 * `" --> baz"`, as Rally's CLI writes them), then `total` with its
 * `duration` and `idle_duration` children. Durations are written in the
 * unit that suits each (`312 µs`, `10.19 ms`, `1.234 s`), "n/a" when not
 * measured; Count is the number of iterations the action ran in.
 *
 * @param statistics a workload's `statistics` block
 * @param options color, table style and width
 * @returns the table, without a trailing newline
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { responseTimesTable } from "./summary_tables.ts";
 * import { WorkloadStats } from "../stats/workload_stats.ts";
 * const table = responseTimesTable(new WorkloadStats().toStatistics());
 * // | total             | n/a |    n/a | … |     n/a |     0 |
 * assert.ok(table.includes("| total             | n/a |"));
 * ```
 */
export function responseTimesTable(
  statistics: WorkloadResult["statistics"],
  options: SummaryTableOptions = {},
): string {
  const { color = false, style = "boxed", width } = options;
  const rows: TableCell[][] = [];
  const visit = (node: StatsNode, depth: number) => {
    rows.push(statsRow(node, depth, color));
    for (const child of node.children) visit(child, depth + 1);
  };
  for (const atomic of statistics.durations.atomics) visit(atomic, 0);
  visit(statistics.durations.total, 0);
  return renderTable(headed(RESPONSE_TIMES_COLUMNS, color), rows, {
    style,
    width,
    title: "Response Times",
  });
}

/**
 * The failed iterations of a workload grouped by error: error type and
 * message (in full), how many iterations failed so and their share of the
 * failures, and the first of them (its number and start since the load's
 * start). Empty when nothing failed.
 *
 * @param workload the workload (its counts and start)
 * @param groups the failures grouped by {@linkcode FailureGroups}
 * @param ungrouped failures of kinds beyond the groups kept
 * @param options color, table style and width
 */
export function failuresTable(
  workload: WorkloadResult,
  groups: readonly FailureGroup[],
  ungrouped: number,
  options: SummaryTableOptions = {},
): string {
  const failed = workload.failed_iteration_count;
  if (failed === 0 || (groups.length === 0 && ungrouped === 0)) return "";
  const { color = false, style = "boxed", width } = options;
  const start = workload.start_time;
  const rows: TableCell[][] = groups.map((g) => [
    paint(g.msg ? `${g.etype}: ${g.msg}` : g.etype, "red", color),
    g.count,
    share(g.count, failed),
    `#${g.first.iteration}` +
    (start !== null ? ` at +${formatSeconds(g.first.timestamp - start, "units")}` : ""),
  ]);
  if (ungrouped > 0) rows.push(["(other errors)", ungrouped, share(ungrouped, failed), ""]);
  return renderTable(
    headed([
      { header: "Error", wrap: true, minWidth: 20 },
      { header: "Iterations", align: "right" },
      { header: "Share", align: "right", priority: 1 },
      { header: "First", wrap: true, minWidth: 8, priority: 2 },
    ], color),
    rows,
    {
      style,
      width,
      title: `Failures: ${failed} of ${workload.total_iteration_count} iterations`,
    },
  );
}

/** Per SLA criterion: its verdict and detail. Empty when the workload has none. */
export function slaTable(workload: WorkloadResult, options: SummaryTableOptions = {}): string {
  const { color = false, style = "boxed", width } = options;
  if (!workload.sla_results.sla.length) return "";
  return renderTable(
    headed([
      { header: "Criterion", wrap: true, minWidth: 12 },
      { header: "Status" },
      { header: "Detail", wrap: true, minWidth: 20 },
    ], color),
    workload.sla_results.sla.map((r) => [
      // Rally's default criterion (the workload has no `sla`) says so.
      r.default ? `${r.criterion} (default)` : r.criterion,
      r.success ? paint("PASS", "green", color) : paint("FAIL", "red", color),
      r.detail,
    ]),
    { title: "SLA", style, width },
  );
}

/** `columns` with bold headers when `color`. */
export function headed(columns: readonly TableColumn[], color: boolean): TableColumn[] {
  return columns.map((c) => ({ ...c, header: paint(c.header, "bold", color) }));
}

function share(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)} %`;
}

function statsRow(node: StatsNode, depth: number, color: boolean): TableCell[] {
  const name = depth > 0 ? ` ${"-".repeat(depth)}> ${node.display_name}` : node.display_name;
  const { data } = node;
  const seconds = (value: number | null) =>
    value === null ? paint("n/a", "dim", color) : formatSeconds(value, "units");
  const success = data.success === "100.0%"
    ? data.success
    : paint(data.success, data.success === "n/a" ? "dim" : "red", color);
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
