/**
 * A segment sequence: how a whole load is cut into execution segments, and
 * which of the load's indices each segment takes (k6's striping).
 *
 * @module
 */
import { ExecutionSegment } from "./execution_segment.ts";
import { lcm, Rational } from "./rational.ts";

/** Most indices in one stripe: the sequence's least common denominator. */
export const MAX_STRIPE = 1_000_000;

/**
 * Segments that follow one another from 0 to 1 without gap or overlap,
 * written as their boundaries: `0,1/4,2/4,3/4,1` is four quarters.
 *
 * **Striping.** Indices of the load (iterations, arrivals, concurrency
 * slots: 0, 1, 2, …) are dealt out in blocks of `lcd` (the least common
 * denominator of the segments' lengths). In each block a segment of length
 * `n/lcd` takes `n` indices, spread as evenly as the others allow: position
 * `i` of the block goes to the first segment, biggest first, whose next
 * share is due (`i ≥ taken · lcd / n`), as k6 stripes. So every index goes
 * to exactly one segment, and the first `v` indices are shared out in
 * proportion to the lengths for every `v`, not only at the end.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SegmentSequence } from "./segment_sequence.ts";
 * const seq = SegmentSequence.parse("0,1/4,1/2,1");
 * assert.equal(seq.lcd, 4);
 * assert.deepEqual(seq.stripe(2), [0, 2]); // the half 1/2:1 takes two of every four
 * ```
 */
export class SegmentSequence {
  /** The segments, in order. */
  readonly segments: readonly ExecutionSegment[];
  /** Least common denominator of the segments' lengths: the length of a stripe block. */
  readonly lcd: number;
  readonly #stripes: number[][];

  /**
   * The sequence of `segments`, which must follow one another from 0 to 1.
   * @throws {RangeError} saying where a gap or overlap is.
   */
  constructor(segments: readonly ExecutionSegment[]) {
    if (segments.length === 0) throw new RangeError("a segment sequence needs a segment");
    let at = Rational.ZERO;
    for (const s of segments) {
      if (!s.from.equals(at)) {
        throw new RangeError(
          `segment ${s} does not start where the one before it ends (${at}): the segments ` +
            `of a sequence follow one another from 0 to 1`,
        );
      }
      at = s.to;
    }
    if (!at.equals(Rational.ONE)) {
      throw new RangeError(`the segments end at ${at}, not at 1: a sequence covers the whole load`);
    }
    this.segments = segments;
    this.lcd = segments.reduce((acc, s) => lcm(acc, s.length.denominator), 1);
    if (this.lcd > MAX_STRIPE) {
      throw new RangeError(
        `the segments' common denominator is ${this.lcd}; at most ${MAX_STRIPE} is supported ` +
          `(use coarser fractions)`,
      );
    }
    this.#stripes = stripe(
      segments.map((s) => s.length.numerator * (this.lcd / s.length.denominator)),
      this.lcd,
    );
  }

  /** The whole load as one segment: `0,1`. */
  static readonly WHOLE: SegmentSequence = new SegmentSequence([ExecutionSegment.WHOLE]);

  /**
   * Reads boundaries separated by commas: `0,1/3,2/3,1`.
   * @throws {SyntaxError} or {RangeError} saying what is wrong.
   */
  static parse(text: string): SegmentSequence {
    const points = text.split(",").map((p) => Rational.parse(p));
    if (points.length < 2) {
      throw new SyntaxError(
        `"${text}" is not a segment sequence: give at least two boundaries, like 0,1/2,1`,
      );
    }
    const segments: ExecutionSegment[] = [];
    for (let i = 1; i < points.length; i++) {
      segments.push(new ExecutionSegment(points[i - 1], points[i]));
    }
    return new SegmentSequence(segments);
  }

  /** `count` equal segments: `0,1/count,…,1`. */
  static even(count: number): SegmentSequence {
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError(`a load splits into a whole number of segments ≥ 1; got ${count}`);
    }
    const segments = [];
    for (let i = 0; i < count; i++) {
      segments.push(new ExecutionSegment(new Rational(i, count), new Rational(i + 1, count)));
    }
    return new SegmentSequence(segments);
  }

  /** The sequence `segment` is part of when none is given: it and the gaps before and after it. */
  static around(segment: ExecutionSegment): SegmentSequence {
    const segments = [segment];
    if (segment.from.compare(Rational.ZERO) > 0) {
      segments.unshift(new ExecutionSegment(Rational.ZERO, segment.from));
    }
    if (segment.to.compare(Rational.ONE) < 0) {
      segments.push(new ExecutionSegment(segment.to, Rational.ONE));
    }
    return new SegmentSequence(segments);
  }

  /**
   * The place of `segment` in the sequence.
   * @throws {RangeError} when it is not one of its segments.
   */
  indexOf(segment: ExecutionSegment): number {
    const i = this.segments.findIndex((s) => s.equals(segment));
    if (i < 0) {
      throw new RangeError(`segment ${segment} is not one of the sequence ${this}`);
    }
    return i;
  }

  /** The positions in each block of `lcd` indices that segment `index` takes, ascending. */
  stripe(index: number): readonly number[] {
    return this.#stripes[index];
  }

  /** The boundaries, comma-separated. */
  toString(): string {
    return [this.segments[0].from, ...this.segments.map((s) => s.to)].join(",");
  }
}

// Deals the positions 0 … lcd−1 to segments taking `shares[k]` of them
// each (the shares sum to lcd): position i goes to the first segment, in
// order of size (biggest first, ties in sequence order), that has had
// fewer than i·share/lcd of its positions, i.e. whose next one is due.
function stripe(shares: number[], lcd: number): number[][] {
  const order = shares.map((_, k) => k).sort((a, b) => shares[b] - shares[a] || a - b);
  const taken = shares.map(() => 0);
  const stripes: number[][] = shares.map(() => []);
  for (let i = 0; i < lcd; i++) {
    for (const k of order) {
      // Due: i ≥ taken·lcd/share, compared exactly on integers.
      if (taken[k] < shares[k] && i * shares[k] >= taken[k] * lcd) {
        taken[k]++;
        stripes[k].push(i);
        break;
      }
    }
  }
  return stripes;
}
