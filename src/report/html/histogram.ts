/**
 * A duration histogram with a fixed number of equal-width bins.
 *
 * @module
 */
import { roundSig } from "./chart_series.ts";

/** The histogram as drawn: bin edges and counts. */
export interface Histogram {
  /** `bins + 1` edges, seconds. */
  edges: number[];
  /** Iterations per bin. */
  counts: number[];
}

/**
 * Counts durations into `bins` equal bins over `[min, max]`: the range must
 * be known before the pass, so it comes from the workload's
 * `min_duration`/`max_duration`. Values outside (a document whose figures
 * disagree with its records) go to the first or last bin.
 */
export class DurationHistogram {
  readonly #min: number;
  readonly #width: number;
  readonly #counts: Uint32Array;

  /** A histogram over `[min, max]` with `bins` bins (one bin when the range is empty). */
  constructor(min: number, max: number, bins = 40) {
    const lo = Number.isFinite(min) ? min : 0;
    const hi = Number.isFinite(max) && max > lo ? max : lo;
    const n = hi > lo ? Math.max(1, Math.floor(bins)) : 1;
    this.#min = lo;
    // An empty range still needs a width, for the single bin's edges.
    this.#width = hi > lo ? (hi - lo) / n : Math.max(Math.abs(lo) * 0.01, 1e-6);
    this.#counts = new Uint32Array(n);
  }

  /** Counts one duration. */
  add(duration: number): void {
    const n = this.#counts.length;
    let i = Math.floor((duration - this.#min) / this.#width);
    if (!(i >= 0)) i = 0;
    if (i >= n) i = n - 1;
    this.#counts[i]++;
  }

  /** The histogram so far. */
  result(): Histogram {
    const n = this.#counts.length;
    return {
      edges: Array.from({ length: n + 1 }, (_, i) => roundSig(this.#min + i * this.#width)),
      counts: Array.from(this.#counts),
    };
  }
}
