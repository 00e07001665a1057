/**
 * The task's seeded random source: every random choice a scenario makes
 * (`ctx.random()`) comes from here, so a run with a given seed repeats the
 * same choices.
 *
 * @module
 */

/** 2^32: divides a 32-bit unsigned integer into [0, 1). */
const UINT32_RANGE = 4_294_967_296;

/**
 * Creates a fast seeded generator of floats in [0, 1): the same seed gives the
 * same sequence. The seed is an integer taken modulo 2^32, so `-1` and
 * `4294967295` are the same seed.
 *
 * The generator walks a Weyl sequence (adding an odd constant, so every
 * 32-bit state is visited once per 2^32 draws) and scrambles each state with
 * an xor-shift-multiply mixer, which spreads every bit of the state over the
 * whole output. Each draw carries 32 random bits.
 *
 * @param seed An integer; see {@linkcode randomSeed} for a fresh one.
 * @returns A function returning the next number in [0, 1) on each call.
 * @throws {TypeError} When `seed` is not an integer.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRandom } from "./seeded_random.ts";
 * const a = createRandom(42), b = createRandom(42);
 * assert.deepEqual([a(), a(), a()], [b(), b(), b()]);
 * ```
 */
export function createRandom(seed: number): () => number {
  if (!Number.isInteger(seed)) {
    throw new TypeError(
      `Invalid random seed ${String(seed)}: the seed must be an integer, ` +
        `like the 32-bit unsigned integers randomSeed() returns`,
    );
  }
  let state = seed >>> 0;
  return () => {
    // The golden-ratio increment is odd, so the state cycles through all 2^32 values.
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / UINT32_RANGE;
  };
}

/**
 * Picks a fresh seed for {@linkcode createRandom}: a 32-bit unsigned integer
 * from the platform's cryptographic random source, for runs that give no seed.
 *
 * @returns An integer in [0, 4294967295].
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { createRandom, randomSeed } from "./seeded_random.ts";
 * const seed = randomSeed();
 * const random = createRandom(seed); // record `seed` to replay the run
 * const first = random();
 * assert.ok(first >= 0 && first < 1);
 * assert.equal(createRandom(seed)(), first);
 * ```
 */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0];
}

/**
 * A seed derived from `seed` and `key` (a workload's place in its task, an
 * iteration's number): different keys give unrelated seeds, the same key
 * the same seed. Each iteration of a workload draws from its own source, so
 * what it draws does not depend on which worker runs it or in which order.
 *
 * @param seed The task's seed (an integer).
 * @param key A whole number or a string.
 * @returns An unsigned 32-bit integer.
 *
 * @example
 * ```ts
 * import { derivedSeed } from "./seeded_random.ts";
 * console.assert(derivedSeed(7, 1) === derivedSeed(7, 1));
 * console.assert(derivedSeed(7, 1) !== derivedSeed(7, 2));
 * ```
 */
export function derivedSeed(seed: number, key: number | string): number {
  let h = mix32(seed >>> 0);
  if (typeof key === "number") return mix32(h ^ mix32((key >>> 0) ^ Math.floor(key / 2 ** 32)));
  for (let i = 0; i < key.length; i++) h = mix32(h ^ key.charCodeAt(i));
  return h;
}

/**
 * The random source of each iteration of a workload whose seed is `seed`:
 * iteration `n` draws from `createRandom(derivedSeed(seed, n))`, made on
 * its first draw.
 */
export function iterationRandom(seed: number): (iteration: number) => () => number {
  return (iteration) => {
    let random: (() => number) | undefined;
    return () => (random ??= createRandom(derivedSeed(seed, iteration)))();
  };
}

// A 32-bit finalizer (xor-shift-multiply): every input bit reaches every output bit.
function mix32(z: number): number {
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
