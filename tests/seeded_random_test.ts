import assert from "node:assert/strict";
import { createRandom, randomSeed } from "../src/engine/seeded_random.ts";

function draw(random: () => number, n: number): number[] {
  return Array.from({ length: n }, () => random());
}

Deno.test("the same seed gives the same sequence", () => {
  assert.deepEqual(draw(createRandom(12345), 1000), draw(createRandom(12345), 1000));
});

Deno.test("different seeds give different sequences", () => {
  const a = draw(createRandom(1), 100);
  const b = draw(createRandom(2), 100);
  assert.notDeepEqual(a, b);
  // Neighbouring seeds must not give shifted copies of one sequence.
  assert.equal(a.filter((x) => b.includes(x)).length, 0);
});

Deno.test("seeds are taken modulo 2^32", () => {
  assert.deepEqual(draw(createRandom(-1), 10), draw(createRandom(4_294_967_295), 10));
  assert.deepEqual(draw(createRandom(2 ** 32 + 7), 10), draw(createRandom(7), 10));
});

Deno.test("a non-integer seed is rejected with a message naming it", () => {
  assert.throws(() => createRandom(1.5), { name: "TypeError", message: /seed 1\.5.*integer/ });
  assert.throws(() => createRandom(Number.NaN), { name: "TypeError", message: /seed NaN/ });
});

Deno.test("100,000 draws all lie in [0, 1) with a mean within 0.01 of 0.5", () => {
  const random = createRandom(2024);
  let sum = 0;
  for (let i = 0; i < 100_000; i++) {
    const x = random();
    assert.ok(x >= 0 && x < 1, `draw ${i} is ${x}, outside [0, 1)`);
    sum += x;
  }
  assert.ok(Math.abs(sum / 100_000 - 0.5) < 0.01, `mean ${sum / 100_000}`);
});

Deno.test("100,000 draws fill ten equal buckets evenly (chi-square below the 0.1% bound)", () => {
  const random = createRandom(99);
  const buckets = new Array(10).fill(0);
  for (let i = 0; i < 100_000; i++) buckets[Math.floor(random() * 10)]++;
  const expected = 10_000;
  const chi2 = buckets.reduce((s, n) => s + (n - expected) ** 2 / expected, 0);
  // 27.88 is the 99.9% quantile of chi-square with 9 degrees of freedom.
  assert.ok(chi2 < 27.88, `chi-square ${chi2} for buckets ${buckets}`);
});

Deno.test("successive draws are not correlated", () => {
  const random = createRandom(7);
  const xs = draw(random, 50_000);
  let num = 0, den = 0;
  for (let i = 0; i < xs.length; i++) {
    den += (xs[i] - 0.5) ** 2;
    if (i > 0) num += (xs[i] - 0.5) * (xs[i - 1] - 0.5);
  }
  assert.ok(Math.abs(num / den) < 0.02, `lag-1 autocorrelation ${num / den}`);
});

Deno.test("randomSeed returns fresh 32-bit unsigned integers", () => {
  const seeds = [randomSeed(), randomSeed(), randomSeed()];
  for (const s of seeds) assert.ok(Number.isInteger(s) && s >= 0 && s < 2 ** 32, `seed ${s}`);
  assert.ok(new Set(seeds).size > 1, `three seeds were all ${seeds[0]}`);
});
