/**
 * Fixed log-spaced bins over a duration range, for bounded-memory quantiles.
 *
 * @module
 */

/**
 * Maps durations to a fixed number of log-spaced bins between `lo` and `hi`
 * (values outside go to the first or last bin), and reads approximate
 * quantiles back from per-bin counts. With 128 bins over a 1,000× range a
 * quantile is off by at most about 3 %, which is plenty for a chart, and a
 * counts array costs 512 bytes however many values it holds.
 */
export class LogBins {
  /** Number of bins. */
  readonly size: number;
  readonly #lo: number;
  readonly #hi: number;
  readonly #logLo: number;
  readonly #scale: number;

  /**
   * Bins over `[lo, hi]`. A range that is empty, inverted or not positive is
   * widened so that every bin has a width (durations of 0 happen: a scenario
   * that does nothing).
   */
  constructor(lo: number | null, hi: number | null, size = 128) {
    this.size = Math.max(1, Math.floor(size));
    let top = hi !== null && Number.isFinite(hi) && hi > 0 ? hi : 1;
    let bottom = lo !== null && Number.isFinite(lo) && lo > 0 ? lo : top * 1e-6;
    if (bottom >= top) {
      bottom = top * 0.999;
      top = top * 1.001;
    }
    this.#lo = bottom;
    this.#hi = top;
    this.#logLo = Math.log(bottom);
    this.#scale = this.size / (Math.log(top) - this.#logLo);
  }

  /** The bin that `value` falls in. */
  binOf(value: number): number {
    if (!(value > this.#lo)) return 0;
    if (value >= this.#hi) return this.size - 1;
    const i = Math.floor((Math.log(value) - this.#logLo) * this.#scale);
    return i < 0 ? 0 : i >= this.size ? this.size - 1 : i;
  }

  /** The value that stands for bin `i`: its geometric middle. */
  valueOf(i: number): number {
    return Math.exp(this.#logLo + (i + 0.5) / this.#scale);
  }

  /**
   * The approximate `q`-quantile (0 ≤ q ≤ 1) of the values counted in
   * `counts[offset … offset + size)`, whose sum is `total`; null when empty.
   */
  quantile(counts: ArrayLike<number>, total: number, q: number, offset = 0): number | null {
    if (total <= 0) return null;
    // The nearest-rank definition: the smallest value with at least q·total values at or below it.
    const rank = Math.max(1, Math.ceil(q * total));
    let seen = 0;
    for (let i = 0; i < this.size; i++) {
      seen += counts[offset + i];
      if (seen >= rank) return this.valueOf(i);
    }
    return this.valueOf(this.size - 1);
  }
}
