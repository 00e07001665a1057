/**
 * An execution segment: the part `(from, to]` of a load one process runs,
 * as k6 defines it.
 *
 * @module
 */
import { Rational } from "./rational.ts";

/**
 * The part `(from, to]` of a whole load, with `0 ≤ from < to ≤ 1` exact
 * fractions: `0:1/3` is the first third. A load split over processes gives
 * each one segment of one {@linkcode SegmentSequence}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExecutionSegment } from "./execution_segment.ts";
 * const s = ExecutionSegment.parse("1/4:2/4");
 * assert.equal(s.toString(), "1/4:1/2");
 * assert.equal(ExecutionSegment.parse("50%").toString(), "0:1/2");
 * ```
 */
export class ExecutionSegment {
  /** Where it starts (excluded). */
  readonly from: Rational;
  /** Where it ends (included). */
  readonly to: Rational;

  /**
   * The segment `(from, to]`.
   * @throws {RangeError} unless 0 ≤ from < to ≤ 1.
   */
  constructor(from: Rational, to: Rational) {
    if (from.compare(Rational.ZERO) < 0 || to.compare(Rational.ONE) > 0 || from.compare(to) >= 0) {
      throw new RangeError(
        `segment ${from}:${to} is not a part of the load: its start and end must satisfy ` +
          `0 ≤ start < end ≤ 1 (like 0:1/3 or 1/3:2/3)`,
      );
    }
    this.from = from;
    this.to = to;
  }

  /** The whole load, `0:1`. */
  static readonly WHOLE: ExecutionSegment = new ExecutionSegment(Rational.ZERO, Rational.ONE);

  /**
   * Reads `from:to` (`1/3:2/3`, `0.25:0.5`, `25%:50%`), or `to` alone for
   * `0:to`.
   * @throws {SyntaxError} or {RangeError} saying what is wrong with the text.
   */
  static parse(text: string): ExecutionSegment {
    const parts = text.split(":");
    if (parts.length > 2) {
      throw new SyntaxError(`"${text}" is not a segment: write FROM:TO, like 1/4:2/4`);
    }
    const from = parts.length === 2 ? Rational.parse(parts[0]) : Rational.ZERO;
    return new ExecutionSegment(from, Rational.parse(parts[parts.length - 1]));
  }

  /** Its length, `to − from`. */
  get length(): Rational {
    return this.to.sub(this.from);
  }

  /** Whether it is the whole load. */
  get whole(): boolean {
    return this.from.equals(Rational.ZERO) && this.to.equals(Rational.ONE);
  }

  /** Whether it is the same part as `other`. */
  equals(other: ExecutionSegment): boolean {
    return this.from.equals(other.from) && this.to.equals(other.to);
  }

  /** `from:to`, fractions in lowest terms. */
  toString(): string {
    return `${this.from}:${this.to}`;
  }
}
