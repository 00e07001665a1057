/**
 * The bins of the report's duration distribution chart, counted from a
 * {@linkcode DurationHistogram} (the one histogram the statistics use too).
 *
 * @module
 */
import { DurationHistogram } from "../../stats/duration_histogram.ts";
import { roundSig } from "./chart_series.ts";

/** The histogram as drawn: bin edges and counts. */
export interface Histogram {
  /** `bins + 1` edges, seconds. */
  edges: number[];
  /** Iterations per bin. */
  counts: number[];
}

/** Bins of the duration distribution chart. */
export const DISTRIBUTION_BINS = 40;

/**
 * A histogram for durations between `min` and `max` (the workload's
 * `min_duration` and `max_duration`) fine enough for {@linkcode equalWidthBins}:
 * its buckets, and its zero bucket, are at most a quarter of a bin wide, so
 * a value counted by its bucket's stand-in lands in its own bin or, within
 * an eighth of a bin of an edge, in the next one. Its memory stays bounded
 * (a few thousand buckets at most, however many durations it counts).
 */
export function histogramForBins(
  min: number | null,
  max: number | null,
  bins: number = DISTRIBUTION_BINS,
): DurationHistogram {
  if (min === null || max === null || !(max > min && min >= 0 && Number.isFinite(max))) {
    return new DurationHistogram();
  }
  const binWidth = (max - min) / bins;
  const bits = Math.ceil(Math.log2((4 * max) / binWidth));
  return new DurationHistogram({
    subBucketBits: Math.min(20, Math.max(1, bits)),
    zeroThreshold: Math.max(2 ** -1022, Math.min(1e-6, binWidth / 4)),
  });
}

/**
 * Counts the durations of `h` into `bins` equal bins over its `[min, max]`
 * (one bin when all durations are equal): the minimum in the first bin, the
 * maximum in the last. Exact while `h` keeps its values (1,024 by default);
 * past that, each value is counted by its bucket's stand-in. Null when `h`
 * is empty.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { DurationHistogram } from "../../stats/duration_histogram.ts";
 * import { equalWidthBins } from "./duration_bins.ts";
 * const h = new DurationHistogram();
 * for (const d of [1, 1.4, 1.6, 2.9, 3]) h.add(d);
 * const { edges, counts } = equalWidthBins(h, 4)!;
 * assert.deepEqual(edges, [1, 1.5, 2, 2.5, 3]);
 * assert.deepEqual(counts, [2, 1, 0, 2]);
 * ```
 */
export function equalWidthBins(
  h: DurationHistogram,
  bins: number = DISTRIBUTION_BINS,
): Histogram | null {
  const lo = h.min;
  const hi = h.max;
  if (lo === null || hi === null) return null;
  const n = hi > lo ? Math.max(1, Math.floor(bins)) : 1;
  // Equal durations still need a width, for the single bin's edges.
  const width = hi > lo ? (hi - lo) / n : Math.max(Math.abs(lo) * 0.01, 1e-6);
  const counts = new Array<number>(n).fill(0);
  for (const [value, count] of h.distribution()) {
    const i = Math.floor((value - lo) / width);
    counts[i < 0 ? 0 : i >= n ? n - 1 : i] += count;
  }
  return {
    edges: Array.from({ length: n + 1 }, (_, i) => roundSig(lo + i * width)),
    counts,
  };
}
