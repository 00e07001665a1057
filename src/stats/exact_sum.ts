/**
 * The exact sum of non-negative numbers, cheap enough for every iteration:
 * the same result whatever the order they are added or merged in.
 *
 * @module
 */

/**
 * A running sum of finite numbers ≥ 0 kept without any rounding, so that
 * {@linkcode ExactSum.value} is the float64 nearest to the true sum, and
 * two sums merged give exactly the sum of all their numbers: what makes the
 * statistics of a load split over workers equal those of the whole.
 *
 * **How.** A number with exponent `e` is split into its top 26 significant
 * bits and the rest; each part goes into a bin of its exponent. All the
 * high parts of one exponent are multiples of one power of two, and so are
 * the low parts, so their sums in a bin stay exact for 2^26 adds; before
 * that many, the bins are moved, exactly, into a Shewchuk expansion (a list
 * of non-overlapping partial sums). An add is a few arithmetic operations
 * and two bin updates; reading the value sums the bins and the expansion and
 * rounds once.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ExactSum } from "./exact_sum.ts";
 * const a = new ExactSum();
 * for (const v of [0.1, 0.2, 0.3]) a.add(v);
 * assert.equal(a.value, 0.6); // added left to right in float64: 0.6000000000000001
 * ```
 */
export class ExactSum {
  // Bins by biased exponent, from #base: sums of high and of low parts.
  #base = 0;
  #high = new Float64Array(0);
  #low = new Float64Array(0);
  #adds = 0;
  // Non-overlapping partial sums, increasing in magnitude.
  #partials: number[] = [];

  /** Adds `value`, a finite number ≥ 0 (not checked: the caller has). */
  add(value: number): void {
    scratch[0] = value;
    const e = scratchWords[HIGH_WORD] >>> 20;
    if (e === 0) {
      // Zero adds nothing; a subnormal number has no exponent to bin by.
      if (value !== 0) addToExpansion(this.#partials, value);
      return;
    }
    let i = e - this.#base;
    if (i < 0 || i >= this.#high.length) i = this.#grow(e);
    scratchWords[LOW_WORD] &= LOW_WORD_KEPT;
    const high = scratch[0];
    this.#high[i] += high;
    this.#low[i] += value - high;
    if (++this.#adds === FLUSH_EVERY) this.#flush();
  }

  /** Adds everything `other` holds: the sum becomes exactly the sum of both. */
  merge(other: ExactSum): void {
    for (const p of other.partials()) addToExpansion(this.#partials, p);
  }

  /** The float64 nearest to the exact sum (ties to even). */
  get value(): number {
    return roundedSum(this.partials());
  }

  /** The exact sum as non-overlapping partial sums (plain data to send or merge). */
  partials(): number[] {
    const partials = [...this.#partials];
    for (let i = 0; i < this.#high.length; i++) {
      if (this.#high[i] !== 0) addToExpansion(partials, this.#high[i]);
      if (this.#low[i] !== 0) addToExpansion(partials, this.#low[i]);
    }
    return partials;
  }

  /** The sum whose {@linkcode partials} were `partials`. */
  static fromPartials(partials: readonly number[]): ExactSum {
    const sum = new ExactSum();
    for (const p of partials) addToExpansion(sum.#partials, p);
    return sum;
  }

  #flush(): void {
    this.#partials = this.partials();
    this.#high.fill(0);
    this.#low.fill(0);
    this.#adds = 0;
  }

  // Widens the bins to take exponent e; returns its bin.
  #grow(e: number): number {
    const size = this.#high.length;
    const from = size === 0 ? e : Math.min(this.#base, e);
    const to = size === 0 ? e + 1 : Math.max(this.#base + size, e + 1);
    // A little room on both sides: durations drift across a few exponents.
    const base = Math.max(1, from - 2);
    const high = new Float64Array(Math.min(2047, to + 2) - base);
    const low = new Float64Array(high.length);
    if (size > 0) {
      high.set(this.#high, this.#base - base);
      low.set(this.#low, this.#base - base);
    }
    [this.#base, this.#high, this.#low] = [base, high, low];
    return e - base;
  }
}

// Adds exactly 2^26 − 1 values to a bin before the bins are flushed. High
// parts of exponent e are multiples of 2^(e−25) below 2^(e+1): 2^27 of them
// sum exactly. Low parts are multiples of 2^(e−52) below 2^(e−25): 2^26 of
// them sum exactly (below 2^(e+1)).
const FLUSH_EVERY = 2 ** 26 - 1;
// The top 5 bits of the low word: with the high word's 20, 25 stored
// mantissa bits (26 significant bits) stay in the high part.
const LOW_WORD_KEPT = 0xf8000000;

// One shared scratch buffer: reading a float's bits must not allocate.
const scratch = new Float64Array(1);
const scratchWords = new Uint32Array(scratch.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
const LOW_WORD = 1 - HIGH_WORD;

// Adds x to the expansion `partials` (non-overlapping, increasing
// magnitude) without rounding: each step splits a sum into its rounded
// value and the exact error (two-sum), keeping the non-zero errors.
function addToExpansion(partials: number[], x: number): void {
  let kept = 0;
  const n = partials.length;
  for (let j = 0; j < n; j++) {
    const y = partials[j];
    const hi = x + y;
    // The rounding error of hi, exactly: taken from the smaller operand.
    const lo = Math.abs(x) < Math.abs(y) ? x - (hi - y) : y - (hi - x);
    if (lo !== 0) partials[kept++] = lo;
    x = hi;
  }
  partials.length = kept;
  partials.push(x);
}

// The float64 nearest to the exact sum of an expansion: sums from the
// largest partial down until a step is inexact, then corrects a result
// that lies exactly halfway between two floats using the sign of what is
// left (the rounding Python's math.fsum does).
function roundedSum(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n];
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n];
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  if (n > 0 && ((lo < 0 && partials[n - 1] < 0) || (lo > 0 && partials[n - 1] > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
