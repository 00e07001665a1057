/**
 * The single streaming pass over a workload's iterations that gathers
 * everything the HTML report draws, in memory bounded by the report's caps
 * rather than by the number of iterations.
 *
 * @module
 */
import type { IterationRecord } from "../../model/iteration_record.ts";
import type { WorkloadResult } from "../../model/results_document.ts";
import type { DurationHistogram } from "../../stats/duration_histogram.ts";
import { TimeGrid, type TimeSeries, TimeSeriesBuilder } from "./chart_series.ts";
import { equalWidthBins, type Histogram, histogramForBins } from "./duration_bins.ts";
import {
  type HookRunImpact,
  ImpactAccumulator,
  type ImpactRun,
  impactWindowSeconds,
} from "./impact.ts";
import { ScenarioOutputAggregator, type ScenarioOutputSummary } from "./scenario_output.ts";
import { cut, type FailureGroup, FailureGroups } from "../failure_groups.ts";

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
  /** The duration distribution's bins; null when no iteration ran. */
  histogram: Histogram | null;
  /** The first failures and how many there were. */
  failures: { rows: FailureRow[]; total: number };
  /** The failures grouped by error, most frequent first, and those beyond the groups kept. */
  failureGroups: { groups: FailureGroup[]; ungrouped: number };
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
  durations: DurationHistogram;
  outputs: ScenarioOutputAggregator;
  impact: ImpactAccumulator;
}

/**
 * Reads `records` once, in order, and returns the workload's summary. Only
 * bounded figures are kept, so a million records cost a pass, not memory.
 * The time range comes from the workload's `start_time` and
 * `load_duration`, which must be known before the pass (iterations outside
 * it are clamped in); `min_duration`/`max_duration` set how fine the
 * duration histogram is (the distribution's bins span the durations read).
 */
export function summarizeWorkload(
  workload: WorkloadResult,
  records: Iterable<IterationRecord>,
): WorkloadSummary {
  const window = impactWindowSeconds(workload.load_duration);
  let acc: Accumulators | undefined;
  const failures: FailureRow[] = [];
  const groups = new FailureGroups({
    maxMessage: FAILURE_LIMITS.msg,
    maxDetails: FAILURE_LIMITS.details,
  });
  let failed = 0;
  let n = 0;
  for (const record of records) {
    n++;
    // Built at the first record so that a document without start_time still gets a time axis.
    acc ??= accumulators(workload, workload.start_time ?? record.timestamp, window);
    acc.series.add(record);
    acc.durations.add(Number.isFinite(record.duration) ? Math.max(0, record.duration) : 0);
    acc.outputs.add(record);
    acc.impact.add(record);
    groups.add(record);
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
    histogram: acc ? equalWidthBins(acc.durations) : null,
    failures: { rows: failures, total: failed },
    failureGroups: { groups: groups.result(), ungrouped: groups.ungrouped },
    outputs: acc?.outputs.result() ?? null,
    impact: acc?.impact.result() ?? [],
    impactDropped: acc?.impact.dropped ?? 0,
    impactWindow: window,
  };
}

function accumulators(w: WorkloadResult, start: number, window: number): Accumulators {
  const grid = TimeGrid.forWorkload(start, w.load_duration, w.total_iteration_count);
  const runs: ImpactRun[] = [];
  w.hooks.forEach((hook, hookIndex) =>
    (hook.results ?? []).forEach((run, runIndex) =>
      runs.push({ hookIndex, runIndex, startedAt: run.started_at })
    )
  );
  return {
    grid,
    series: new TimeSeriesBuilder(grid),
    durations: histogramForBins(w.min_duration, w.max_duration),
    outputs: new ScenarioOutputAggregator(grid),
    impact: new ImpactAccumulator(start, window, runs),
  };
}
