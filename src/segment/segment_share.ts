/**
 * A segment's share of a load: which of the load's indices are its own, and
 * its part of any count.
 *
 * @module
 */
import type { ExecutionSegment } from "./execution_segment.ts";
import { SegmentSequence } from "./segment_sequence.ts";

/**
 * One segment of a {@linkcode SegmentSequence} (k6's execution tuple): the
 * indices of the load (0, 1, 2, …) it takes by the sequence's striping, and
 * its share of a count. The shares of a sequence's segments are disjoint and
 * cover every index; their {@linkcode scale}s of a value sum to exactly the
 * value, and each never decreases as the value grows.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SegmentSequence } from "./segment_sequence.ts";
 * import { SegmentShare } from "./segment_share.ts";
 * const seq = SegmentSequence.even(3);
 * const shares = [0, 1, 2].map((i) => new SegmentShare(seq, i));
 * assert.deepEqual(shares.map((s) => s.scale(10)), [4, 3, 3]);
 * assert.deepEqual([0, 1, 2, 3].map((j) => shares[1].globalIndex(j)), [1, 4, 7, 10]);
 * ```
 */
export class SegmentShare {
  /** The sequence the segment belongs to. */
  readonly sequence: SegmentSequence;
  /** The segment's place in it. */
  readonly index: number;
  readonly #stripe: readonly number[];
  readonly #owned: Uint8Array;
  readonly #lcd: number;

  /** The share of segment `index` of `sequence`. */
  constructor(sequence: SegmentSequence, index: number) {
    if (!Number.isInteger(index) || index < 0 || index >= sequence.segments.length) {
      throw new RangeError(
        `segment ${index} is not in a sequence of ${sequence.segments.length} segments`,
      );
    }
    this.sequence = sequence;
    this.index = index;
    this.#stripe = sequence.stripe(index);
    this.#lcd = sequence.lcd;
    this.#owned = new Uint8Array(this.#lcd);
    for (const p of this.#stripe) this.#owned[p] = 1;
  }

  /** The whole load: every index, every count. */
  static readonly WHOLE: SegmentShare = new SegmentShare(SegmentSequence.WHOLE, 0);

  /** The segment. */
  get segment(): ExecutionSegment {
    return this.sequence.segments[this.index];
  }

  /** Whether the share is the whole load. */
  get whole(): boolean {
    return this.sequence.segments.length === 1;
  }

  /** Whether index `g` (≥ 0) of the load is this share's. */
  owns(g: number): boolean {
    return this.#owned[g % this.#lcd] === 1;
  }

  /**
   * How many of the indices `0 … value−1` are this share's: its part of a
   * count of `value` (iterations, concurrency slots).
   */
  scale(value: number): number {
    const blocks = Math.floor(value / this.#lcd);
    const rest = value - blocks * this.#lcd;
    let inRest = 0;
    while (inRest < this.#stripe.length && this.#stripe[inRest] < rest) inRest++;
    return blocks * this.#stripe.length + inRest;
  }

  /** The load's index of this share's `j`-th index (both from 0). */
  globalIndex(j: number): number {
    const n = this.#stripe.length;
    const block = Math.floor(j / n);
    return block * this.#lcd + this.#stripe[j - block * n];
  }

  /** `from:to` of the segment. */
  toString(): string {
    return this.segment.toString();
  }
}
