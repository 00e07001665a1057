/**
 * The terminal's table of what each fault did to a workload's load: one row
 * for the baseline and one per window its hook runs cut.
 *
 * @module
 */
import type { WorkloadResult } from "../model/results_document.ts";
import type { BaselineFigures, WindowFigures } from "../model/resilience.ts";
import { paint } from "./ansi.ts";
import { formatSeconds } from "./format_seconds.ts";
import { headed, type SummaryTableOptions } from "./summary_tables.ts";
import { renderTable, type TableCell, type TableColumn } from "./text_table.ts";

/**
 * Columns of the resilience table. When the width is short, the trigger
 * goes first, then the degradation and the impact; the window, downtime,
 * recovery and verdict always stay.
 */
const RESILIENCE_COLUMNS: readonly TableColumn[] = [
  { header: "Window", wrap: true, minWidth: 10 },
  { header: "Trigger", wrap: true, minWidth: 10, priority: 1 },
  { header: "Impact", align: "right", wrap: true, minWidth: 8, priority: 3 },
  { header: "Downtime", align: "right", wrap: true, minWidth: 8 },
  { header: "Recovery", align: "right", wrap: true, minWidth: 8 },
  { header: "Degradation", align: "right", wrap: true, minWidth: 10, priority: 2 },
  { header: "Verdict" },
];

/**
 * Per window: its number, kind and time span, the hook run that opened it,
 * the time to impact, the downtime (and the share of the window spent
 * failing), the recovery, the degradation of the mean (and p95) against
 * the baseline, and the verdict of the SLA criteria that judged it; the
 * baseline first. Empty for a workload without the analysis. It fits
 * `options.width` like the other summary tables.
 *
 * @param workload A workload's results.
 * @param options Color, style and width.
 * @returns The table (and notes on the baseline or dropped windows), or `""`.
 *
 * @example
 * ```ts ignore
 * io.out(resilienceTable(workload));
 * // | #1 fault 10–20 s | hook #0 at 10 s | 260 ms (slow) | 9.2 s (19 %) | — | ×16.05 (p95 ×12.78) | PASS |
 * ```
 */
export function resilienceTable(
  workload: WorkloadResult,
  options: SummaryTableOptions = {},
): string {
  const { color = false, style = "boxed", width } = options;
  const analysis = workload.resilience;
  if (!analysis) return "";
  const rows: TableCell[][] = [
    baselineRow(analysis.baseline),
    ...analysis.windows.map((w) => windowRow(w, color)),
  ];
  const notes = [];
  if (!analysis.baseline.complete) {
    notes.push(
      analysis.windows.length
        ? "the first hook run came before the warm-up ended: the baseline is what came before"
        : "the load ended before the warm-up did, and no hook ran: the baseline is the whole load",
    );
  }
  if (analysis.windows_dropped) {
    notes.push(`${analysis.windows_dropped} later hook runs opened no window (500 at most)`);
  }
  const table = renderTable(headed(RESILIENCE_COLUMNS, color), rows, {
    title: "Resilience",
    style,
    width,
  });
  return [table, ...notes.map((n) => `Note: ${n}.`)].join("\n");
}

function baselineRow(b: BaselineFigures): TableCell[] {
  const figures = b.iterations
    ? `p95 ${seconds(b.p95)}, ${percent(b.failure_rate)} failed`
    : "no iterations";
  return [`baseline ${span(b.from, b.to)}`, "", "", "", "", figures, ""];
}

function windowRow(w: WindowFigures, color: boolean): TableCell[] {
  const impact = w.impact
    ? `${seconds(w.impact.seconds)} (${w.impact.by === "failure" ? "failed" : "slow"})`
    : w.kind === "recovery"
    ? ""
    : "none";
  const downtime = w.downtime
    ? `${seconds(w.downtime.seconds)} (${Math.round(w.downtime.share * 100)} %)`
    : "none";
  const degradation = w.degradation && w.degradation.mean_relative !== null
    ? `×${w.degradation.mean_relative.toFixed(2)}` +
      (w.degradation.p95_relative === null
        ? ""
        : ` (p95 ×${w.degradation.p95_relative.toFixed(2)})`)
    : "n/a";
  const verdict = w.sla.length === 0
    ? ""
    : w.sla.every((v) => v.success)
    ? paint("PASS", "green", color)
    : paint("FAIL", "red", color);
  return [
    `#${w.index} ${w.kind} ${span(w.from, w.to)}`,
    `hook #${w.hook} at ${
      w.trigger.event_type === "time" ? `${w.trigger.value} s` : `iteration ${w.trigger.value}`
    }`,
    impact,
    downtime,
    recoveryText(w),
    degradation,
    verdict,
  ];
}

function recoveryText(w: WindowFigures): string {
  const r = w.recovery;
  if (!r) return "";
  if (r.status === "recovered") return seconds(r.seconds);
  if (r.status === "interrupted") return "cut short";
  return r.status === "not_recovered" ? "not recovered" : "pending";
}

function span(from: number, to: number): string {
  return `${trim(from)}–${trim(to)} s`;
}

// Times since the load's start, to the tenth of a second (windows are hook-run times).
function trim(seconds: number): string {
  return String(Math.round(seconds * 10) / 10);
}

function seconds(value: number | null): string {
  return formatSeconds(value, "units");
}

function percent(value: number | null): string {
  return value === null ? "n/a" : `${value.toFixed(2)} %`;
}
