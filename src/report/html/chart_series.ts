/**
 * Downsampling of a workload's iterations into a fixed number of time
 * buckets, in one streaming pass: the time series of the report's charts.
 *
 * @module
 */
import type { IterationRecord } from "../../model/iteration_record.ts";
import {
  DurationHistogram,
  type DurationHistogramOptions,
} from "../../stats/duration_histogram.ts";

const MAX_DROPPED_NAMES = 1000;

/** Most buckets a time chart gets, whatever the number of iterations. */
export const MAX_TIME_BUCKETS = 1000;

/**
 * The histograms behind the charts' percentiles (per time bucket, per hook
 * run window): exact up to 32 durations, then within 1.6 % (32 buckets per
 * power of two), a few hundred bytes each.
 */
export const CHART_HISTOGRAM: DurationHistogramOptions = { exactValues: 32, subBucketBits: 5 };

/**
 * A division of a load's time span into buckets of equal width, the last
 * one taking what is left (from half a width to one and a half): the shared
 * x axis of every time chart of a workload (seconds since the load's
 * start).
 */
export class TimeGrid {
  /** The load's start, epoch seconds. */
  readonly start: number;
  /** Seconds covered. */
  readonly span: number;
  /** Number of buckets. */
  readonly count: number;
  /** Seconds per bucket. */
  readonly width: number;

  /**
   * A grid over `[start, start + span]` in buckets of `width` seconds (at
   * least one bucket; a span of 0 is widened to a millisecond).
   */
  constructor(start: number, span: number, width: number) {
    this.start = start;
    this.span = span > 0 && Number.isFinite(span) ? span : 0.001;
    this.width = width > 0 && Number.isFinite(width) ? Math.min(width, this.span) : this.span;
    // A sliver the load's end leaves joins the last bucket, whose rate would mislead alone.
    this.count = Math.max(1, Math.round(this.span / this.width));
  }

  /**
   * The grid for a workload: 1 s buckets, so rates read as the level they
   * are rather than as a comb of bursts; finer for loads shorter than 20 s
   * (20 buckets), but never so fine that a bucket holds fewer than 10
   * iterations on average, and never more than {@linkcode MAX_TIME_BUCKETS}.
   * Widths are round numbers (1, 2 or 5 times a power of ten; 10, 15, 30 or
   * 60 s and minutes above that).
   */
  static forWorkload(start: number, loadDuration: number, iterations: number): TimeGrid {
    const span = loadDuration > 0 && Number.isFinite(loadDuration) ? loadDuration : 0.001;
    const wanted = Math.max(
      span >= 20 ? 1 : span / 20,
      iterations > 0 ? (10 * span) / iterations : span,
      span / MAX_TIME_BUCKETS,
    );
    return new TimeGrid(start, span, roundWidth(wanted, span / MAX_TIME_BUCKETS));
  }

  /** The bucket of a time given in seconds since the start (clamped into the grid). */
  indexOfOffset(offset: number): number {
    const i = Math.floor(offset / this.width);
    return i < 0 || Number.isNaN(i) ? 0 : i >= this.count ? this.count - 1 : i;
  }

  /** The bucket of an epoch time in seconds (clamped into the grid). */
  indexOf(epochSeconds: number): number {
    return this.indexOfOffset(epochSeconds - this.start);
  }

  /** Seconds of the load in bucket `i`: its width, or what is left for the last one. */
  covered(i: number): number {
    return i < this.count - 1 ? this.width : this.span - i * this.width;
  }

  /** The middle of each bucket's covered time, seconds since the start. */
  centers(): number[] {
    return Array.from(
      { length: this.count },
      (_, i) => roundSig(i * this.width + this.covered(i) / 2),
    );
  }
}

// The round width at or above `wanted` (and at or above `least`).
function roundWidth(wanted: number, least: number): number {
  const steps = wanted >= 10 ? [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600] : [];
  for (const step of steps) if (step >= wanted) return step;
  if (steps.length) return Math.max(least, wanted);
  const power = 10 ** Math.floor(Math.log10(wanted));
  for (const m of [1, 2, 5, 10]) {
    if (m * power >= wanted * (1 - 1e-9)) return Math.max(least, roundSig(m * power));
  }
  return wanted;
}

/** The time series of one workload, bounded by the grid's bucket count. */
export interface TimeSeries {
  /** Seconds per bucket. */
  bucketWidth: number;
  /** Bucket middles, seconds since the load's start. */
  x: number[];
  /** Shortest duration of iterations started in each bucket; null when none started. */
  durationMin: (number | null)[];
  /** Mean duration per bucket. */
  durationAvg: (number | null)[];
  /** Median duration per bucket (exact up to 32 iterations, then within 1.6 %). */
  durationP50: (number | null)[];
  /** 95th percentile duration per bucket (approximate). */
  durationP95: (number | null)[];
  /** Longest duration per bucket. */
  durationMax: (number | null)[];
  /** Mean number of iterations running during each bucket. */
  inFlight: number[];
  /** Iterations started per second in each bucket. */
  startedPerSecond: number[];
  /** Failed iterations (by start) per second in each bucket. */
  failedPerSecond: number[];
  /** Mean duration of each top-level atomic action per bucket (its runs in an iteration summed). */
  atomics: { name: string; avg: (number | null)[] }[];
  /** Top-level atomic action names seen beyond the drawn ones (counted up to 1,000). */
  atomicsDropped: number;
}

/** Options of {@linkcode TimeSeriesBuilder}. */
export interface TimeSeriesOptions {
  /**
   * Most top-level atomic actions drawn; later names are only counted.
   * @default 12
   */
  maxAtomics?: number;
}

/**
 * Takes iterations one at a time and keeps only per-bucket figures, so its
 * memory depends on the grid, never on the number of iterations.
 */
export class TimeSeriesBuilder {
  readonly #grid: TimeGrid;
  readonly #maxAtomics: number;
  // Durations of the iterations started in each bucket; made at the bucket's first.
  readonly #durations: (DurationHistogram | undefined)[];
  readonly #failed: Uint32Array;
  // In-flight time per bucket: partial overlaps directly, whole buckets through a difference array.
  readonly #partial: Float64Array;
  readonly #whole: Float64Array;
  readonly #atomics = new Map<string, { sum: Float64Array; n: Uint32Array }>();
  readonly #droppedAtomics = new Set<string>();

  /** A builder over `grid`. */
  constructor(grid: TimeGrid, options: TimeSeriesOptions = {}) {
    this.#grid = grid;
    this.#maxAtomics = options.maxAtomics ?? 12;
    const n = grid.count;
    this.#durations = new Array(n).fill(undefined);
    this.#failed = new Uint32Array(n);
    this.#partial = new Float64Array(n);
    this.#whole = new Float64Array(n + 1);
  }

  /** Takes one iteration into account. */
  add(record: IterationRecord): void {
    const grid = this.#grid;
    const offset = record.timestamp - grid.start;
    const duration = Number.isFinite(record.duration) ? Math.max(0, record.duration) : 0;
    const i = grid.indexOfOffset(offset);
    (this.#durations[i] ??= new DurationHistogram(CHART_HISTOGRAM)).add(duration);
    if (record.error.length > 0) this.#failed[i]++;
    this.#addInFlight(offset, offset + duration);
    // As Rally's atomic charts: an action's runs in one iteration are summed.
    const actions = record.atomic_actions;
    if (actions.length === 1) this.#addAtomic(i, actions[0].name, durationOf(actions[0]));
    else if (actions.length > 1) {
      const sums = new Map<string, number>();
      for (const a of actions) sums.set(a.name, (sums.get(a.name) ?? 0) + durationOf(a));
      for (const [name, seconds] of sums) this.#addAtomic(i, name, seconds);
    }
  }

  #addInFlight(from: number, to: number): void {
    const grid = this.#grid;
    const a = Math.min(Math.max(from, 0), grid.span);
    const b = Math.min(Math.max(to, a), grid.span);
    const ia = grid.indexOfOffset(a);
    const ib = grid.indexOfOffset(b);
    if (ia === ib) {
      this.#partial[ia] += b - a;
      return;
    }
    this.#partial[ia] += (ia + 1) * grid.width - a;
    this.#partial[ib] += b - ib * grid.width;
    this.#whole[ia + 1] += 1;
    this.#whole[ib] -= 1;
  }

  #addAtomic(bucket: number, name: string, d: number) {
    let acc = this.#atomics.get(name);
    if (!acc) {
      if (this.#atomics.size >= this.#maxAtomics) {
        // Bounded too: names unique per iteration must not grow memory.
        if (this.#droppedAtomics.size < MAX_DROPPED_NAMES) this.#droppedAtomics.add(name);
        return;
      }
      acc = { sum: new Float64Array(this.#grid.count), n: new Uint32Array(this.#grid.count) };
      this.#atomics.set(name, acc);
    }
    if (!Number.isFinite(d)) return;
    acc.sum[bucket] += d;
    acc.n[bucket]++;
  }

  /** The series so far. */
  result(): TimeSeries {
    const grid = this.#grid;
    const n = grid.count;
    const durationMin: (number | null)[] = [];
    const durationAvg: (number | null)[] = [];
    const durationP50: (number | null)[] = [];
    const durationP95: (number | null)[] = [];
    const durationMax: (number | null)[] = [];
    const inFlight: number[] = [];
    const startedPerSecond: number[] = [];
    const failedPerSecond: number[] = [];
    let whole = 0;
    for (let i = 0; i < n; i++) {
      const d = this.#durations[i];
      const c = d?.count ?? 0;
      const [p50, p95] = d?.quantiles([0.5, 0.95]) ?? [null, null];
      durationMin.push(roundOrNull(d?.min));
      durationAvg.push(roundOrNull(d?.mean));
      durationP50.push(roundOrNull(p50));
      durationP95.push(roundOrNull(p95));
      durationMax.push(roundOrNull(d?.max));
      whole += this.#whole[i];
      const covered = grid.covered(i);
      inFlight.push(roundSig((this.#partial[i] + whole * covered) / covered));
      startedPerSecond.push(roundSig(c / covered));
      failedPerSecond.push(roundSig(this.#failed[i] / covered));
    }
    const atomics = [...this.#atomics].map(([name, acc]) => ({
      name,
      avg: Array.from(acc.sum, (s, i) => acc.n[i] ? roundSig(s / acc.n[i]) : null),
    }));
    return {
      bucketWidth: grid.width,
      x: grid.centers(),
      durationMin,
      durationAvg,
      durationP50,
      durationP95,
      durationMax,
      inFlight,
      startedPerSecond,
      failedPerSecond,
      atomics,
      atomicsDropped: this.#droppedAtomics.size,
    };
  }
}

/** `v` rounded to 6 significant digits: plenty for a chart, and short in JSON. */
export function roundSig(v: number): number {
  return Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(6)) : v;
}

/** {@linkcode roundSig} of `v`, or null when there is no value. */
export function roundOrNull(v: number | null | undefined): number | null {
  return v === null || v === undefined ? null : roundSig(v);
}

function durationOf(action: { started_at: number; finished_at: number }): number {
  return action.finished_at - action.started_at;
}
