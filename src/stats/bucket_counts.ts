/**
 * Counts by integer bucket index, for histograms: a dense array over the
 * range where values fall, a sparse map beyond it.
 *
 * @module
 */

/** The dense array's first size, in buckets. */
const FIRST_SPAN = 256;
/** The dense array grows up to this many buckets (128 KiB); indexes beyond go to the map. */
const MAX_SPAN = 32_768;

/**
 * A count per bucket index. Counting is an array increment for indexes in
 * the dense range, which starts around the first index counted and doubles
 * (re-centred) to take in new ones while it spans at most 32,768 buckets;
 * the few indexes farther out are counted in a map. Values of one load
 * cluster within a few powers of two, so the map stays empty or small.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { BucketCounts } from "./bucket_counts.ts";
 * const counts = new BucketCounts();
 * counts.add(1_000_000);
 * counts.add(1_000_000);
 * counts.add(5, 3);
 * assert.deepEqual(counts.entries(), [[5, 3], [1_000_000, 2]]);
 * assert.equal(counts.size, 2);
 * ```
 */
export class BucketCounts {
  #dense: Int32Array | null = null;
  #base = 0;
  #far: Map<number, number> | null = null;

  /** Adds `n` (default 1) to the count of `index`. */
  add(index: number, n = 1): void {
    const dense = this.#dense;
    const offset = index - this.#base;
    if (dense !== null && offset >= 0 && offset < dense.length) dense[offset] += n;
    else this.#addOutside(index, n);
  }

  /** Buckets with a count. */
  get size(): number {
    let size = this.#far?.size ?? 0;
    const dense = this.#dense;
    if (dense) { for (let i = 0; i < dense.length; i++) if (dense[i] !== 0) size++; }
    return size;
  }

  /** `[index, count]` of every bucket with a count, by increasing index. */
  entries(): [index: number, count: number][] {
    const out: [number, number][] = [];
    const dense = this.#dense;
    if (dense) {
      for (let i = 0; i < dense.length; i++) {
        if (dense[i] !== 0) out.push([this.#base + i, dense[i]]);
      }
    }
    if (this.#far?.size) {
      out.push(...this.#far);
      out.sort((a, b) => a[0] - b[0]);
    }
    return out;
  }

  #addOutside(index: number, n: number): void {
    const dense = this.#dense;
    if (dense === null) {
      this.#dense = new Int32Array(FIRST_SPAN);
      this.#base = index - FIRST_SPAN / 2;
      this.#dense[index - this.#base] += n;
      return;
    }
    const low = Math.min(this.#base, index);
    const high = Math.max(this.#base + dense.length, index + 1);
    let span = dense.length;
    while (span < high - low && span < MAX_SPAN) span *= 2;
    if (span < high - low) {
      const far = this.#far ??= new Map();
      far.set(index, (far.get(index) ?? 0) + n);
      return;
    }
    // Re-centred over what it must hold, so growth on either side is as cheap.
    const base = low - Math.floor((span - (high - low)) / 2);
    const grown = new Int32Array(span);
    grown.set(dense, this.#base - base);
    this.#dense = grown;
    this.#base = base;
    grown[index - base] += n;
    // Counts kept far out that the grown range now holds move into it.
    for (const [far, count] of this.#far ?? []) {
      if (far < base || far >= base + span) continue;
      grown[far - base] += count;
      this.#far!.delete(far);
    }
  }
}
