/**
 * A duration histogram's counts as plain data: what a live view hands out
 * once a second, so figures cross layers (and, later, processes) without
 * the histogram's class.
 *
 * @module
 */

/**
 * The counts of a log-linear duration histogram (`DurationHistogram` in
 * `src/stats`): its bucket layout, exact count, sum, min and max, and the
 * count of each bucket in use. Quantiles read from it are within the
 * buckets' precision (`2^-(subBucketBits+1)` relative).
 */
export interface HistogramCounts {
  /** Mantissa bits that tell buckets apart: `2^subBucketBits` buckets per power of two. */
  subBucketBits: number;
  /** Values below this share the zero bucket. */
  zeroThreshold: number;
  /** How many values. */
  count: number;
  /** Their sum. */
  sum: number;
  /** The smallest value; null when empty. */
  min: number | null;
  /** The largest value; null when empty. */
  max: number | null;
  /** Values in the zero bucket. */
  zeroCount: number;
  /** Count of each bucket in use, by the histogram's bucket index. */
  buckets: Map<number, number>;
}
