/**
 * A streaming quantile estimator with bounded memory for durations: a
 * log-linear histogram (HDR-like) with exact count, sum, min and max. The
 * statistics use it, and so do the HTML report's charts (their percentiles
 * per time bucket and hook-run window, and the bins of the duration
 * distribution, which come from {@linkcode DurationHistogram.distribution}).
 *
 * @module
 */
import { BucketCounts } from "./bucket_counts.ts";
import { ExactSum } from "./exact_sum.ts";

import type { HistogramCounts } from "../model/histogram_counts.ts";

/**
 * Relative precision of a bucket with the default 10 sub-bucket bits: every
 * bucket is `[L, L·(1 + 2⁻¹⁰))` wide or narrower, and its midpoint stands
 * for all its values, so a value's stand-in is within `2⁻¹¹` (≈ 0.049 %) of
 * it. With `subBucketBits` b it is `2^-(b+1)`.
 */
export const HISTOGRAM_RELATIVE_PRECISION: number = 2 ** -11;

/** Sub-bucket bits by default: 1024 buckets per power of two. */
export const DEFAULT_SUB_BUCKET_BITS = 10;

/** Values below this (in the unit added, seconds for durations) share the zero bucket. */
export const DEFAULT_ZERO_THRESHOLD = 1e-6;

/** How many values a histogram keeps as they are, for exact quantiles of small sets. */
export const DEFAULT_EXACT_VALUES = 1024;

/** Options of {@linkcode DurationHistogram}. */
export interface DurationHistogramOptions {
  /**
   * Up to this many values, the values themselves are kept too (in one
   * fixed-size array) and quantiles are exact; past it, quantiles come from
   * the buckets. 0 always uses the buckets.
   * @default {1024}
   */
  exactValues?: number;
  /**
   * Values below this go to one dedicated zero bucket whose stand-in is the
   * exact minimum, so they are reported within this absolute error.
   * Must be a positive normal number.
   * @default {1e-6}
   */
  zeroThreshold?: number;
  /**
   * Bits of a value's mantissa that tell its bucket: `2^bits` buckets per
   * power of two, so a bucket's stand-in is within `2^-(bits+1)` of the
   * values in it (0.049 % with 10 bits, 1.6 % with 5). Fewer bits, fewer
   * buckets: a chart's percentiles need less than the statistics. 1 to 20.
   * @default {10}
   */
  subBucketBits?: number;
}

/**
 * A streaming estimator of quantiles, with exact count, sum, min, max and
 * mean, whose memory does not grow with the number of values.
 *
 * **How it works.** The first `exactValues` (1024) values are also kept as
 * they are, in one array of that fixed size (freed once there are more), so
 * small sets get exact quantiles. Every value `v ≥ zeroThreshold` goes to the bucket given by
 * its float64 exponent and the top `subBucketBits` (10) bits of its mantissa
 * (a log-linear bucketing: 1024 buckets per power of two). Bucket counts
 * are kept in a {@linkcode BucketCounts}: an array over the range of
 * buckets between min and max (1024 per doubling of `max / min` with 10
 * bits; up to 32 doublings, a map beyond), so memory grows with the spread
 * of the values, never with their number. Values below `zeroThreshold`
 * (zero included) share one zero bucket. Adding a value is a few arithmetic
 * operations and one array increment; it allocates nothing unless its
 * bucket is outside the range so far.
 *
 * **Quantile definition.** {@linkcode quantile}`(p)` is the linear
 * interpolation between closest ranks, as numpy's default `percentile` and
 * Rally's `utils.percentile` compute it: with the `n` values sorted as
 * `x[0] ≤ … ≤ x[n-1]` and `k = (n − 1)·p`, it is
 * `x[⌊k⌋] + (k − ⌊k⌋)·(x[⌈k⌉] − x[⌊k⌋])`.
 *
 * **How exact it is.** Count, min and max are exact; the sum is the
 * float64 nearest to the exact sum (kept as an exact expansion, so it does
 * not depend on the order of adds and merges), and the mean is that sum
 * over the count. Quantiles of up to `exactValues` (1024)
 * values are exact. Past that, each `x[i]` in the formula above is
 * replaced by its bucket's midpoint clamped to `[min, max]`; `x[0]` and
 * `x[n-1]` are the exact min and max. So every reported quantile is within
 * 0.049 % (`2⁻¹¹` relative; `2^-(subBucketBits+1)`) of the exact
 * interpolated quantile of the values added, or, when values below
 * `zeroThreshold` take part, within
 * `zeroThreshold` (1 µs by default) absolute. A set of one value, or of equal
 * values, gives that value exactly.
 *
 * @example Percentiles of 1..100
 * ```ts
 * import assert from "node:assert/strict";
 * import { DurationHistogram } from "./duration_histogram.ts";
 * const h = new DurationHistogram();
 * for (let i = 1; i <= 100; i++) h.add(i);
 * const median = h.quantile(0.5)!; // exact: 50.5
 * assert.ok(Math.abs(median - 50.5) <= 50.5 * 2 ** -11, `${median} is within 2^-11 of 50.5`);
 * ```
 */
export class DurationHistogram {
  /** Values below this share the zero bucket. */
  readonly zeroThreshold: number;
  /** Up to this many values, quantiles are exact. */
  readonly exactValues: number;
  /** Mantissa bits that tell buckets apart: `2^subBucketBits` buckets per power of two. */
  readonly subBucketBits: number;
  readonly #shift: number;
  #exact: Float64Array | null = null;
  #buckets = new BucketCounts();
  #zeroCount = 0;
  #count = 0;
  // Exact, so that it does not depend on the order of the values, and
  // histograms merged from a split load sum as the whole does.
  #sum = new ExactSum();
  #min = Infinity;
  #max = -Infinity;

  /** Creates an empty histogram. */
  constructor(options: DurationHistogramOptions = {}) {
    const threshold = options.zeroThreshold ?? DEFAULT_ZERO_THRESHOLD;
    if (!(threshold >= MIN_NORMAL && Number.isFinite(threshold))) {
      throw new RangeError(
        `DurationHistogram: zeroThreshold must be a finite number ≥ ${MIN_NORMAL}; got ${threshold}`,
      );
    }
    this.zeroThreshold = threshold;
    const exactValues = options.exactValues ?? DEFAULT_EXACT_VALUES;
    if (!(Number.isInteger(exactValues) && exactValues >= 0)) {
      throw new RangeError(
        `DurationHistogram: exactValues must be an integer ≥ 0; got ${exactValues}`,
      );
    }
    this.exactValues = exactValues;
    const bits = options.subBucketBits ?? DEFAULT_SUB_BUCKET_BITS;
    if (!(Number.isInteger(bits) && bits >= 1 && bits <= HIGH_MANTISSA_BITS)) {
      throw new RangeError(
        `DurationHistogram: subBucketBits must be an integer from 1 to ${HIGH_MANTISSA_BITS}; got ${bits}`,
      );
    }
    this.subBucketBits = bits;
    this.#shift = HIGH_MANTISSA_BITS - bits;
  }

  /**
   * Adds one value (a duration: finite and ≥ 0).
   * @throws {RangeError} when `value` is negative, NaN or infinite.
   */
  add(value: number): void {
    if (!(value >= 0 && value < Infinity)) {
      throw new RangeError(
        `DurationHistogram.add: a value must be a finite number ≥ 0; got ${value}`,
      );
    }
    this.#count++;
    if (this.#count <= this.exactValues) {
      this.#exact ??= new Float64Array(this.exactValues);
      this.#exact[this.#count - 1] = value;
    } else if (this.#exact) {
      // Past the exact range the buckets answer alone: free the array.
      this.#exact = null;
    }
    this.#sum.add(value);
    if (value < this.#min) this.#min = value;
    if (value > this.#max) this.#max = value;
    if (value < this.zeroThreshold) {
      this.#zeroCount++;
      return;
    }
    const index = bucketIndex(value, this.#shift);
    this.#buckets.add(index);
  }

  /**
   * Adds every value of `other` to this histogram. Exactly: afterwards it
   * is the histogram the values of both would have made added one by one,
   * in any order (the same count, sum, min, max, buckets and, while both
   * sets together fit, kept values), so every figure is the same too.
   * @throws {RangeError} when the two were made with different options.
   */
  merge(other: DurationHistogram): void {
    if (
      other.zeroThreshold !== this.zeroThreshold || other.exactValues !== this.exactValues ||
      other.subBucketBits !== this.subBucketBits
    ) {
      throw new RangeError(
        `DurationHistogram.merge: options differ (zeroThreshold ${this.zeroThreshold} and ${other.zeroThreshold}, exactValues ${this.exactValues} and ${other.exactValues}, subBucketBits ${this.subBucketBits} and ${other.subBucketBits}); merge histograms made with the same options`,
      );
    }
    if (other.#count === 0) return;
    const count = this.#count + other.#count;
    // Both sets are small enough to be kept whole, so their union is too.
    if (count <= this.exactValues && other.#exact) {
      this.#exact ??= new Float64Array(this.exactValues);
      this.#exact.set(other.#exact.subarray(0, other.#count), this.#count);
    } else {
      this.#exact = null;
    }
    this.#count = count;
    this.#sum.merge(other.#sum);
    if (other.#min < this.#min) this.#min = other.#min;
    if (other.#max > this.#max) this.#max = other.#max;
    this.#zeroCount += other.#zeroCount;
    for (const [index, n] of other.#buckets.entries()) this.#buckets.add(index, n);
  }

  /**
   * Everything the histogram holds, as plain data (JSON or structured
   * clone carry it unchanged): what a worker sends for its share of a load.
   */
  toState(): DurationHistogramState {
    const buckets: number[] = [];
    for (const [index, n] of this.#buckets.entries()) buckets.push(index, n);
    return {
      zeroThreshold: this.zeroThreshold,
      exactValues: this.exactValues,
      subBucketBits: this.subBucketBits,
      count: this.#count,
      partials: this.#sum.partials(),
      min: this.#count ? this.#min : 0,
      max: this.#count ? this.#max : 0,
      zeroCount: this.#zeroCount,
      buckets,
      exact: this.#exact ? [...this.#exact.subarray(0, this.#count)] : undefined,
    };
  }

  /**
   * Its counts as plain data (a copy): bucket counts, count, sum, min and
   * max; the exact values it may keep are left out, so a histogram made
   * back from them ({@linkcode DurationHistogram.fromCounts}) answers
   * within the buckets' precision. With fewer `subBucketBits` than its
   * own, neighbouring buckets are merged: fewer of them (quicker to copy
   * and read), each wider (precision `2^-(subBucketBits+1)`).
   */
  counts(subBucketBits: number = this.subBucketBits): HistogramCounts {
    if (!(Number.isInteger(subBucketBits) && subBucketBits >= 1)) {
      throw new RangeError(
        `DurationHistogram.counts: subBucketBits must be an integer ≥ 1; got ${subBucketBits}`,
      );
    }
    const bits = Math.min(subBucketBits, this.subBucketBits);
    let buckets: Map<number, number>;
    if (bits === this.subBucketBits) buckets = new Map(this.#buckets.entries());
    else {
      // Fewer mantissa bits: each coarse bucket is 2^drop fine ones side by side.
      const drop = this.subBucketBits - bits;
      buckets = new Map();
      for (const [index, n] of this.#buckets.entries()) {
        const coarse = index >>> drop;
        buckets.set(coarse, (buckets.get(coarse) ?? 0) + n);
      }
    }
    return {
      subBucketBits: bits,
      zeroThreshold: this.zeroThreshold,
      count: this.#count,
      sum: this.sum,
      min: this.min,
      max: this.max,
      zeroCount: this.#zeroCount,
      buckets,
    };
  }

  /**
   * The histogram a {@linkcode toState} gave.
   * @throws {RangeError} when the state is not one (a wrong option, a count
   *   that does not match the buckets).
   */
  static fromState(state: DurationHistogramState): DurationHistogram {
    const h = new DurationHistogram(state);
    let counted = state.zeroCount;
    for (let i = 0; i < state.buckets.length; i += 2) {
      h.#buckets.add(state.buckets[i], state.buckets[i + 1]);
      counted += state.buckets[i + 1];
    }
    if (counted !== state.count || (state.exact && state.exact.length !== state.count)) {
      throw new RangeError(
        `DurationHistogram.fromState: ${state.count} values, but the buckets hold ${counted}` +
          (state.exact ? ` and ${state.exact.length} are kept` : ""),
      );
    }
    h.#count = state.count;
    h.#sum = ExactSum.fromPartials(state.partials);
    h.#zeroCount = state.zeroCount;
    if (state.count) [h.#min, h.#max] = [state.min, state.max];
    if (state.exact && state.count <= h.exactValues) {
      h.#exact = new Float64Array(h.exactValues);
      h.#exact.set(state.exact);
    }
    return h;
  }

  /**
   * How many of the values counted in `counts` are at most each of
   * `bounds` (ascending): cumulative counts, as a Prometheus histogram's
   * `le` buckets have them. A bucket counts at a bound when its stand-in
   * (midpoint) is at most the bound, so a value within the buckets'
   * precision of a bound may be counted on either side of it.
   */
  static countsAtOrBelow(counts: HistogramCounts, bounds: readonly number[]): number[] {
    const shift = HIGH_MANTISSA_BITS - counts.subBucketBits;
    const per = new Array<number>(bounds.length + 1).fill(0);
    const slot = (value: number) => {
      let lo = 0;
      let hi = bounds.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (value <= bounds[mid]) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    };
    if (counts.zeroCount > 0) per[slot(counts.min ?? 0)] += counts.zeroCount;
    for (const [index, n] of counts.buckets) per[slot(bucketMidpoint(index, shift))] += n;
    let cumulative = 0;
    return bounds.map((_, i) => cumulative += per[i]);
  }

  /**
   * A histogram holding `counts` (its quantiles from the buckets, within
   * their precision; count, sum, min and max as given).
   */
  static fromCounts(counts: HistogramCounts): DurationHistogram {
    const h = new DurationHistogram({
      exactValues: 0,
      subBucketBits: counts.subBucketBits,
      zeroThreshold: counts.zeroThreshold,
    });
    h.#count = counts.count;
    h.#sum = new ExactSum();
    h.#sum.add(counts.sum);
    h.#min = counts.min ?? Infinity;
    h.#max = counts.max ?? -Infinity;
    h.#zeroCount = counts.zeroCount;
    for (const [index, n] of counts.buckets) h.#buckets.add(index, n);
    return h;
  }

  /**
   * The values added between two readings of one histogram's
   * {@linkcode counts}: `earlier` from before, `later` from after. Count,
   * sum and buckets are exact differences; min and max are the bounds of
   * the lowest and highest bucket the new values fell in, kept within the
   * later reading's min and max (so within the buckets' precision).
   * @throws {RangeError} when the two readings cannot be of one histogram.
   */
  static countsSince(later: HistogramCounts, earlier: HistogramCounts): HistogramCounts {
    if (
      later.subBucketBits !== earlier.subBucketBits ||
      later.zeroThreshold !== earlier.zeroThreshold || later.count < earlier.count
    ) {
      throw new RangeError(
        `DurationHistogram.countsSince: the readings are not of one histogram (count ${earlier.count} then ${later.count}, subBucketBits ${earlier.subBucketBits} then ${later.subBucketBits}); pass an earlier reading first`,
      );
    }
    const shift = HIGH_MANTISSA_BITS - later.subBucketBits;
    const buckets = new Map<number, number>();
    let lowest = Infinity;
    let highest = -Infinity;
    for (const [index, n] of later.buckets) {
      const added = n - (earlier.buckets.get(index) ?? 0);
      if (added <= 0) continue;
      buckets.set(index, added);
      if (index < lowest) lowest = index;
      if (index > highest) highest = index;
    }
    const zeroCount = later.zeroCount - earlier.zeroCount;
    const count = later.count - earlier.count;
    const [floor, ceiling] = [later.min ?? 0, later.max ?? 0];
    const clamp = (v: number) => Math.min(ceiling, Math.max(floor, v));
    return {
      subBucketBits: later.subBucketBits,
      zeroThreshold: later.zeroThreshold,
      count,
      sum: later.sum - earlier.sum,
      min: count === 0 ? null : zeroCount > 0 ? floor : clamp(bucketLowerBound(lowest, shift)),
      max: count === 0
        ? null
        : highest === -Infinity
        ? clamp(later.zeroThreshold)
        : clamp(bucketLowerBound(highest + 1, shift)),
      zeroCount,
      buckets,
    };
  }

  /** How many values were added. */
  get count(): number {
    return this.#count;
  }

  /**
   * Sum of the values added, correctly rounded: the float64 nearest to the
   * exact sum, whatever the order of the values and of merges.
   */
  get sum(): number {
    return this.#sum.value;
  }

  /** Smallest value added, exact; null when empty. */
  get min(): number | null {
    return this.#count ? this.#min : null;
  }

  /** Largest value added, exact; null when empty. */
  get max(): number | null {
    return this.#count ? this.#max : null;
  }

  /** Arithmetic mean ({@linkcode sum} / {@linkcode count}); null when empty. */
  get mean(): number | null {
    return this.#count ? this.sum / this.#count : null;
  }

  /** Buckets in use (the zero bucket included): the measure of its memory. */
  get bucketCount(): number {
    return this.#buckets.size + (this.#zeroCount ? 1 : 0);
  }

  /**
   * The `p`-quantile (0 ≤ p ≤ 1) by linear interpolation between closest
   * ranks, within the precision stated on the class; null when empty.
   * @throws {RangeError} when `p` is outside [0, 1].
   */
  quantile(p: number): number | null {
    return this.quantiles([p])[0];
  }

  /**
   * Several quantiles at once (one pass over the sorted buckets); each as
   * {@linkcode quantile} computes it, in the order given.
   * @throws {RangeError} when a `p` is outside [0, 1].
   */
  quantiles(ps: readonly number[]): (number | null)[] {
    for (const p of ps) {
      if (!(p >= 0 && p <= 1)) {
        throw new RangeError(
          `DurationHistogram.quantile: p must be a number from 0 to 1 (0.95 for the 95th percentile); got ${p}`,
        );
      }
    }
    if (this.#count === 0) return ps.map(() => null);
    const ranked = new RankReader(this.distribution());
    return ps.map((p) => interpolate(this.#count, p, (rank) => ranked.at(rank)));
  }

  /**
   * The values added as `[value, count]` pairs in ascending order, counts
   * summing to {@linkcode count}: the values themselves while they are
   * kept (up to `exactValues`); past that, the exact min and max as the
   * first and last value and, between them, each bucket's stand-in (its
   * midpoint, clamped to `[min, max]`; the min for the zero bucket). These
   * are the values {@linkcode quantiles} reads, so they are within the same
   * precision; a chart bins them.
   */
  distribution(): [value: number, count: number][] {
    const n = this.#count;
    if (n === 0) return [];
    if (n <= this.exactValues && this.#exact) {
      return Array.from(this.#exact.slice(0, n).sort(), (v): [number, number] => [v, 1]);
    }
    const min = this.#min;
    const max = this.#max;
    const inner: [number, number][] = [];
    if (this.#zeroCount > 0) inner.push([min, this.#zeroCount]);
    for (const [index, count] of this.#buckets.entries()) {
      const mid = bucketMidpoint(index, this.#shift);
      inner.push([Math.min(max, Math.max(min, mid)), count]);
    }
    if (n === 1) return [[min, 1]];
    // The exact extremes take the place of one value of the first and the last entry.
    inner[0][1]--;
    inner[inner.length - 1][1]--;
    return [[min, 1], ...inner.filter(([, count]) => count > 0), [max, 1]];
  }
}

/** A {@linkcode DurationHistogram} as plain data (see `toState`). */
export interface DurationHistogramState extends Required<DurationHistogramOptions> {
  /** Values added. */
  count: number;
  /** The exact sum, as non-overlapping partial sums. */
  partials: number[];
  /** Smallest value (0 when empty). */
  min: number;
  /** Largest value (0 when empty). */
  max: number;
  /** Values in the zero bucket. */
  zeroCount: number;
  /** Bucket index and count, pair after pair. */
  buckets: number[];
  /** The values themselves, while they are kept. */
  exact?: number[];
}

/** Linear interpolation between closest ranks of `n` sorted values read by `at`. */
function interpolate(n: number, p: number, at: (rank: number) => number): number {
  const k = (n - 1) * p;
  const lo = Math.floor(k);
  const hi = Math.ceil(k);
  const a = at(lo);
  if (hi === lo) return a;
  return a + (k - lo) * (at(hi) - a);
}

/** Smallest positive normal float64: below it the bit layout is not log-linear. */
const MIN_NORMAL = 2 ** -1022;

// One shared scratch buffer: reading a float's bits must not allocate.
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW_WORD = 1 - HIGH_WORD;

// The high 32 bits of a positive float64 are 11 exponent bits then 20
// mantissa bits; dropping the low `shift` of those keeps the exponent and
// 20 − shift mantissa bits: 2^(20 − shift) equal-width buckets per power of
// two (1024 with the default shift of 10).
const HIGH_MANTISSA_BITS = 20;

function bucketIndex(value: number, shift: number): number {
  scratch[0] = value;
  return scratchWords[HIGH_WORD] >>> shift;
}

function bucketLowerBound(index: number, shift: number): number {
  scratchWords[HIGH_WORD] = index << shift;
  scratchWords[LOW_WORD] = 0;
  return scratch[0];
}

function bucketMidpoint(index: number, shift: number): number {
  const lower = bucketLowerBound(index, shift);
  return lower + (bucketLowerBound(index + 1, shift) - lower) / 2;
}

/** Finds the value of a rank in a distribution, reading forward from the last rank asked. */
class RankReader {
  readonly #entries: [number, number][];
  #entry = 0;
  // Ranks before #entry's first.
  #before = 0;

  constructor(entries: [number, number][]) {
    this.#entries = entries;
  }

  at(rank: number): number {
    const entries = this.#entries;
    if (rank < this.#before) [this.#entry, this.#before] = [0, 0];
    while (rank >= this.#before + entries[this.#entry][1]) {
      this.#before += entries[this.#entry][1];
      this.#entry++;
    }
    return entries[this.#entry][0];
  }
}
