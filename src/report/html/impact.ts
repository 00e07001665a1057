/**
 * The impact of each hook run on the load: latency and failure rate of the
 * iterations started in a window before the run's start against those
 * started in a window after it, gathered in the report's single pass.
 *
 * @module
 */
import type { IterationRecord } from "../../model/iteration_record.ts";
import { DurationHistogram } from "../../stats/duration_histogram.ts";
import { CHART_HISTOGRAM, roundOrNull, roundSig } from "./chart_series.ts";

/** The window is this share of the load's duration … */
export const IMPACT_WINDOW_SHARE = 0.1;
/** … at most this many seconds. */
export const IMPACT_WINDOW_MAX_SECONDS = 10;

/**
 * The length in seconds of the before and after windows for a load that
 * lasted `loadDuration` seconds: 10 % of it, at most 10 s.
 */
export function impactWindowSeconds(loadDuration: number): number {
  const share = Number.isFinite(loadDuration) ? loadDuration * IMPACT_WINDOW_SHARE : 0;
  return Math.min(IMPACT_WINDOW_MAX_SECONDS, Math.max(share, 0.001));
}

/** Figures of the iterations started in one window. */
export interface ImpactWindowStats {
  /** Window start, seconds since the load's start. */
  from: number;
  /** Window end (exclusive), seconds since the load's start. */
  to: number;
  /** Iterations started in the window. */
  iterations: number;
  /** Of those, how many failed. */
  failures: number;
  /** Failed share, 0…1; null when no iteration started in the window. */
  failureRate: number | null;
  /** Median duration, seconds (exact up to 32 iterations, then within 1.6 %); null when none. */
  p50: number | null;
  /** 95th percentile duration, seconds (as exact as the median); null when none. */
  p95: number | null;
}

/** The impact figures of one hook run. */
export interface HookRunImpact {
  /** Index of the hook in the workload's `hooks`. */
  hookIndex: number;
  /** Index of the run in the hook's `results`. */
  runIndex: number;
  /** Iterations started in `[start − window, start)`, clamped to the load's start. */
  before: ImpactWindowStats;
  /** Iterations started in `[start, start + window)`. */
  after: ImpactWindowStats;
}

/** A hook run as the accumulator needs it. */
export interface ImpactRun {
  /** Index of the hook in the workload's `hooks`. */
  hookIndex: number;
  /** Index of the run in the hook's `results`. */
  runIndex: number;
  /** The run's start, epoch seconds. */
  startedAt: number;
}

interface WindowAcc {
  failed: number;
  durations: DurationHistogram;
}

interface RunAcc {
  run: ImpactRun;
  offset: number;
  before: WindowAcc;
  after: WindowAcc;
}

/**
 * Per-run bounded accumulators (a failure count and a small duration
 * histogram per window), fed with every iteration once. Each
 * iteration touches only the runs whose windows hold its start, found by
 * binary search over the runs sorted by start.
 */
export class ImpactAccumulator {
  /** Most runs given impact figures; later runs (by start) are only counted. */
  static readonly MAX_RUNS = 500;
  readonly #start: number;
  readonly #window: number;
  readonly #runs: RunAcc[];
  /** Runs left without figures because of {@linkcode ImpactAccumulator.MAX_RUNS}. */
  readonly dropped: number;

  /**
   * An accumulator for `runs` of a load that started at `start` (epoch
   * seconds), with windows of `window` seconds.
   */
  constructor(start: number, window: number, runs: ImpactRun[]) {
    this.#start = start;
    this.#window = window;
    const sorted = runs.filter((r) => Number.isFinite(r.startedAt))
      .sort((a, b) => a.startedAt - b.startedAt);
    this.dropped = runs.length - Math.min(sorted.length, ImpactAccumulator.MAX_RUNS);
    const acc = (): WindowAcc => ({ failed: 0, durations: new DurationHistogram(CHART_HISTOGRAM) });
    this.#runs = sorted.slice(0, ImpactAccumulator.MAX_RUNS).map((run) => ({
      run,
      offset: run.startedAt - start,
      before: acc(),
      after: acc(),
    }));
  }

  /** Takes one iteration into account. */
  add(record: IterationRecord): void {
    const runs = this.#runs;
    if (runs.length === 0) return;
    const t = record.timestamp - this.#start;
    const w = this.#window;
    // Runs whose windows hold t start in (t − w, t + w]: find the first one by binary search.
    let lo = 0;
    let hi = runs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (runs[mid].offset > t - w) hi = mid;
      else lo = mid + 1;
    }
    const failed = record.error.length > 0;
    const duration = Number.isFinite(record.duration) ? Math.max(0, record.duration) : 0;
    for (let i = lo; i < runs.length && runs[i].offset <= t + w; i++) {
      const r = runs[i];
      const target = t < r.offset ? r.before : r.after;
      if (failed) target.failed++;
      target.durations.add(duration);
    }
  }

  /** The figures so far, in the order of the runs' starts. */
  result(): HookRunImpact[] {
    const w = this.#window;
    return this.#runs.map((r) => ({
      hookIndex: r.run.hookIndex,
      runIndex: r.run.runIndex,
      before: this.#stats(r.before, Math.max(0, r.offset - w), r.offset),
      after: this.#stats(r.after, r.offset, r.offset + w),
    }));
  }

  #stats(acc: WindowAcc, from: number, to: number): ImpactWindowStats {
    const n = acc.durations.count;
    const [p50, p95] = acc.durations.quantiles([0.5, 0.95]);
    return {
      from: roundSig(from),
      to: roundSig(to),
      iterations: n,
      failures: acc.failed,
      failureRate: n ? acc.failed / n : null,
      p50: roundOrNull(p50),
      p95: roundOrNull(p95),
    };
  }
}
