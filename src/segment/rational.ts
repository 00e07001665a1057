/**
 * Exact fractions for execution segments: `1/3` stays a third, so shares of
 * a load add up to exactly the whole.
 *
 * @module
 */

/**
 * A fraction `numerator / denominator` in lowest terms, denominator > 0.
 * Both are safe integers; an operation whose exact result would not be
 * throws rather than round.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Rational } from "./rational.ts";
 * const third = Rational.parse("1/3");
 * assert.equal(third.add(Rational.parse("2/3")).toString(), "1");
 * assert.equal(Rational.parse("25%").toString(), "1/4");
 * assert.equal(Rational.parse("0.5").compare(Rational.parse("2/4")), 0);
 * ```
 */
export class Rational {
  /** The numerator, in lowest terms. */
  readonly numerator: number;
  /** The denominator, in lowest terms, > 0. */
  readonly denominator: number;

  /** The fraction `numerator / denominator`, reduced. */
  constructor(numerator: number, denominator = 1) {
    if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator)) {
      throw new RangeError(
        `a fraction needs whole numbers up to ${Number.MAX_SAFE_INTEGER}; got ${numerator}/${denominator}`,
      );
    }
    if (denominator === 0) throw new RangeError(`a fraction cannot have denominator 0`);
    const sign = denominator < 0 ? -1 : 1;
    const d = gcd(Math.abs(numerator), Math.abs(denominator));
    this.numerator = (sign * numerator) / d || 0;
    this.denominator = Math.abs(denominator) / d;
  }

  /** 0. */
  static readonly ZERO: Rational = new Rational(0);
  /** 1. */
  static readonly ONE: Rational = new Rational(1);

  /**
   * Reads a fraction (`1/3`), a decimal (`0.25`), a percentage (`25%`) or a
   * whole number (`1`).
   * @throws {SyntaxError} naming the text when it is none of these.
   */
  static parse(text: string): Rational {
    const t = text.trim();
    let m = /^(\d+)\s*\/\s*(\d+)$/.exec(t);
    if (m) {
      if (Number(m[2]) === 0) throw new SyntaxError(`"${text}" divides by zero`);
      return new Rational(Number(m[1]), Number(m[2]));
    }
    m = /^(\d+)(?:\.(\d+))?(%?)$/.exec(t);
    if (m) {
      const decimals = m[2] ?? "";
      const scale = 10 ** decimals.length * (m[3] ? 100 : 1);
      return new Rational(Number(m[1] + decimals), scale);
    }
    throw new SyntaxError(
      `"${text}" is not a fraction: write 1/3, 0.25, 25% or a whole number`,
    );
  }

  /** this + other. */
  add(other: Rational): Rational {
    const d = lcm(this.denominator, other.denominator);
    return new Rational(
      exact(this.numerator * (d / this.denominator) + other.numerator * (d / other.denominator)),
      d,
    );
  }

  /** this − other. */
  sub(other: Rational): Rational {
    return this.add(new Rational(-other.numerator, other.denominator));
  }

  /** Negative, 0 or positive as this is less than, equal to or greater than `other`. */
  compare(other: Rational): number {
    const d = lcm(this.denominator, other.denominator);
    return exact(this.numerator * (d / this.denominator)) -
      exact(other.numerator * (d / other.denominator));
  }

  /** Whether this equals `other`. */
  equals(other: Rational): boolean {
    return this.numerator === other.numerator && this.denominator === other.denominator;
  }

  /** `n/d` in lowest terms, or `n` when the denominator is 1. */
  toString(): string {
    return this.denominator === 1 ? `${this.numerator}` : `${this.numerator}/${this.denominator}`;
  }
}

/** Greatest common divisor of two integers ≥ 0 (gcd(0, 0) = 1, so reducing 0/d gives 0/1). */
export function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a === 0 ? 1 : a;
}

/** Least common multiple of two integers > 0; throws past the safe integers. */
export function lcm(a: number, b: number): number {
  return exact((a / gcd(a, b)) * b);
}

function exact(n: number): number {
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(
      `the fractions are too fine to compute exactly (a common denominator past ${Number.MAX_SAFE_INTEGER})`,
    );
  }
  return n;
}
