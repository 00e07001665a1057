/**
 * Two runs side by side, for the terminal: per workload, the load's figures
 * and what its faults did (recovery, downtime, degradation, and each
 * window), with what got worse or better.
 *
 * @module
 */
import type { TaskResult } from "../model/results_document.ts";
import type { WindowFigures } from "../model/resilience.ts";
import { formatSeconds } from "./format_seconds.ts";
import { renderTable, type TableCell, type TableColumn } from "./text_table.ts";
import {
  buildTrends,
  type TrendChange,
  type TrendMetric,
  type TrendPoint,
  type TrendsOptions,
} from "./trends.ts";

/**
 * The comparison of two runs as text: the older on the left, the newer on
 * the right, and whether each figure got worse or better in the newer one
 * (by {@linkcode buildTrends}' rules and `options`). Workloads are matched
 * as trends match them; one that only one run has is shown alone. The
 * tables fit `options.width`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask } from "@brunt/brunt";
 * import { compareRuns } from "@brunt/brunt/report";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask('{"Dummy.dummy": [{"runner": {"type": "serial", "times": 3}}]}', "t.json");
 * const older = (await runSimulated(task)).document.tasks[0];
 * const newer = (await runSimulated(task)).document.tasks[0];
 * assert.match(compareRuns(older, newer), /\| Iterations +\| +3 \| +3 \| +\|/);
 * ```
 */
export function compareRuns(
  a: TaskResult,
  b: TaskResult,
  options: CompareOptions = {},
): string {
  const trends = buildTrends([a, b], options);
  const [older, newer] = trends.runs;
  const sections = [
    `Comparing ${runLabel(older.uuid, older.createdAt)} (older, left) with ` +
    `${runLabel(newer.uuid, newer.createdAt)} (newer, right)`,
  ];
  const windowsOf = new Map(
    [a, b].flatMap((t) => t.subtasks.flatMap((s) => s.workloads))
      .map((w) => [w.uuid, w.resilience?.windows ?? []]),
  );
  for (const trend of trends.workloads) {
    const [left, right] = trend.points;
    const rows: TableCell[][] = FIGURES.map(({ title, metric, show }) => [
      title,
      left ? show(left) : "—",
      right ? show(right) : "—",
      metric && right ? mark(right.changes[metric]) : "",
    ]);
    if (left?.resilience || right?.resilience) {
      rows.push(
        ...RESILIENCE_FIGURES.map(({ title, metric, show }) => [
          title,
          left?.resilience ? show(left) : "—",
          right?.resilience ? show(right) : "—",
          right ? mark(right.changes[metric]) : "",
        ]),
      );
      const lw = left ? windowsOf.get(left.workloadUuid) ?? [] : [];
      const rw = right ? windowsOf.get(right.workloadUuid) ?? [] : [];
      for (let i = 0; i < Math.max(lw.length, rw.length); i++) {
        const w = rw[i] ?? lw[i];
        rows.push([`Window #${w.index} ${w.kind}`, windowText(lw[i]), windowText(rw[i]), ""]);
      }
    }
    const only = !left ? " (only in the newer run)" : !right ? " (only in the older run)" : "";
    sections.push(
      renderTable(COLUMNS, rows, { title: `${trend.label}${only}`, width: options.width }),
    );
  }
  return sections.join("\n");
}

/** Options of {@linkcode compareRuns}: the trends' tolerances, and the terminal's width. */
export interface CompareOptions extends TrendsOptions {
  /** The most characters a line may take; unlimited when undefined. */
  width?: number;
}

const COLUMNS: readonly TableColumn[] = [
  { header: "Figure", wrap: true, minWidth: 10 },
  { header: "Older", align: "right", wrap: true, minWidth: 12 },
  { header: "Newer", align: "right", wrap: true, minWidth: 12 },
  { header: "Change" },
];

interface Figure {
  title: string;
  metric?: TrendMetric | "passSla";
  show: (p: TrendPoint) => string;
}

const FIGURES: Figure[] = [
  { title: "Iterations", show: (p) => String(p.iterations) },
  { title: "Failure rate", metric: "failureRate", show: (p) => percent(p.values.failureRate) },
  { title: "Median", metric: "median", show: (p) => formatSeconds(p.values.median, "units") },
  { title: "95%ile", metric: "p95", show: (p) => formatSeconds(p.values.p95, "units") },
  { title: "Average", metric: "avg", show: (p) => formatSeconds(p.values.avg, "units") },
  { title: "SLA", metric: "passSla", show: (p) => p.passSla ? "pass" : "FAIL" },
];

const RESILIENCE_FIGURES: {
  title: string;
  metric: "recoveryTime" | "downtime" | "degradation";
  show: (p: TrendPoint) => string;
}[] = [
  {
    title: "Recovery (longest)",
    metric: "recoveryTime",
    show: ({ resilience: r }) =>
      r!.notRecovered
        ? `${r!.notRecovered} not recovered`
        : formatSeconds(r!.recoveryTime, "units"),
  },
  {
    title: "Downtime (longest)",
    metric: "downtime",
    show: ({ resilience: r }) => formatSeconds(r!.downtime, "units"),
  },
  {
    title: "Degradation (worst)",
    metric: "degradation",
    show: ({ resilience: r }) => r!.degradation === null ? "—" : `×${r!.degradation.toFixed(2)}`,
  },
];

// One window's figures in a cell: impact, downtime, recovery, degradation.
function windowText(w: WindowFigures | undefined): string {
  if (!w) return "—";
  const parts: string[] = [];
  if (w.impact) parts.push(`impact ${formatSeconds(w.impact.seconds, "units")}`);
  if (w.downtime) parts.push(`down ${formatSeconds(w.downtime.seconds, "units")}`);
  if (w.recovery) {
    parts.push(
      w.recovery.status === "recovered"
        ? `recovered ${formatSeconds(w.recovery.seconds, "units")}`
        : w.recovery.status.replace("_", " "),
    );
  }
  const relative = w.degradation?.mean_relative;
  if (relative !== null && relative !== undefined) parts.push(`×${relative.toFixed(2)}`);
  return parts.join(", ") || "no effect";
}

function mark(change: TrendChange | undefined): string {
  return change === "worse" ? "▲ worse" : change === "better" ? "▼ better" : "";
}

function percent(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(2)} %`;
}

function runLabel(uuid: string, createdAt: string): string {
  return `${uuid.slice(0, 8)} (${createdAt.replace("T", " ").replace(/\.\d+Z$/, "Z")})`;
}
