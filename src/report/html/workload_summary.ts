/**
 * The single streaming pass over a workload's iterations that gathers
 * everything the HTML report draws, in memory bounded by the report's caps
 * rather than by the number of iterations.
 *
 * @module
 */
import type { IterationRecord } from "../../model/iteration_record.ts";
import type { WorkloadResult } from "../../model/results_document.ts";
import { TimeGrid, type TimeSeries, TimeSeriesBuilder } from "./chart_series.ts";
import { DurationHistogram, type Histogram } from "./histogram.ts";
import {
  type HookRunImpact,
  ImpactAccumulator,
  type ImpactRun,
  impactWindowSeconds,
} from "./impact.ts";
import { LogBins } from "./log_bins.ts";
import { ScenarioOutputAggregator, type ScenarioOutputSummary } from "./scenario_output.ts";

/** Caps on the failures kept for the failures table. */
export const FAILURE_LIMITS = {
  /** Rows kept; the rest are only counted. */
  rows: 1000,
  /** Characters of a message kept. */
  msg: 500,
  /** Characters of details kept. */
  details: 2000,
} as const;

/** One failed iteration as the failures table shows it. */
export interface FailureRow {
  /** 1-based number in completion order. */
  iteration: number;
  /** Start, seconds since the load's start. */
  offset: number;
  /** Error type. */
  etype: string;
  /** Message (cut to {@linkcode FAILURE_LIMITS}.msg). */
  msg: string;
  /** Details (cut to {@linkcode FAILURE_LIMITS}.details). */
  details: string;
}

/** What the report draws for one workload. */
export interface WorkloadSummary {
  /** Iterations seen in the pass. */
  records: number;
  /** The time axis; null when no iteration ran. */
  grid: TimeGrid | null;
  /** Time series; null when no iteration ran. */
  series: TimeSeries | null;
  /** Duration histogram; null when no iteration ran. */
  histogram: Histogram | null;
  /** The first failures and how many there were. */
  failures: { rows: FailureRow[]; total: number };
  /** Scenario output summaries; null when no iteration ran. */
  outputs: ScenarioOutputSummary | null;
  /** Before/after figures per hook run. */
  impact: HookRunImpact[];
  /** Hook runs left without impact figures (over the cap). */
  impactDropped: number;
  /** Length of the impact windows, seconds. */
  impactWindow: number;
}

interface Accumulators {
  grid: TimeGrid;
  series: TimeSeriesBuilder;
  histogram: DurationHistogram;
  outputs: ScenarioOutputAggregator;
  impact: ImpactAccumulator;
}

/**
 * Reads `records` once, in order, and returns the workload's summary. Only
 * bounded figures are kept, so a million records cost a pass, not memory.
 * The time range and the duration range come from the workload's
 * `start_time`, `load_duration` and `min_duration`/`max_duration`, which
 * must be known before the pass; iterations outside them are clamped in.
 */
export function summarizeWorkload(
  workload: WorkloadResult,
  records: Iterable<IterationRecord>,
): WorkloadSummary {
  const window = impactWindowSeconds(workload.load_duration);
  let acc: Accumulators | undefined;
  const failures: FailureRow[] = [];
  let failed = 0;
  let n = 0;
  for (const record of records) {
    n++;
    // Built at the first record so that a document without start_time still gets a time axis.
    acc ??= accumulators(workload, workload.start_time ?? record.timestamp, window);
    acc.series.add(record);
    acc.histogram.add(record.duration);
    acc.outputs.add(record);
    acc.impact.add(record);
    if (Array.isArray(record.error) && record.error.length > 0) {
      failed++;
      if (failures.length < FAILURE_LIMITS.rows) {
        const [etype, msg, details] = record.error;
        failures.push({
          iteration: n,
          offset: record.timestamp - acc.grid.start,
          etype: String(etype ?? ""),
          msg: cut(String(msg ?? ""), FAILURE_LIMITS.msg),
          details: cut(String(details ?? ""), FAILURE_LIMITS.details),
        });
      }
    }
  }
  return {
    records: n,
    grid: acc?.grid ?? null,
    series: acc?.series.result() ?? null,
    histogram: acc?.histogram.result() ?? null,
    failures: { rows: failures, total: failed },
    outputs: acc?.outputs.result() ?? null,
    impact: acc?.impact.result() ?? [],
    impactDropped: acc?.impact.dropped ?? 0,
    impactWindow: window,
  };
}

function accumulators(w: WorkloadResult, start: number, window: number): Accumulators {
  const grid = TimeGrid.forWorkload(start, w.load_duration, w.total_iteration_count);
  const bins = new LogBins(w.min_duration, w.max_duration);
  const runs: ImpactRun[] = [];
  w.hooks.forEach((hook, hookIndex) =>
    (hook.results ?? []).forEach((run, runIndex) =>
      runs.push({ hookIndex, runIndex, startedAt: run.started_at })
    )
  );
  return {
    grid,
    series: new TimeSeriesBuilder(grid, { bins }),
    histogram: new DurationHistogram(w.min_duration ?? 0, w.max_duration ?? 0),
    outputs: new ScenarioOutputAggregator(grid),
    impact: new ImpactAccumulator(start, window, runs, bins),
  };
}

function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
}
