import assert from "node:assert/strict";
import { ExactSum } from "../src/stats/exact_sum.ts";
import { createRandom } from "../src/engine/seeded_random.ts";

Deno.test("the sum does not depend on the order of the values, across every exponent", () => {
  const random = createRandom(3);
  const values: number[] = [];
  for (let i = 0; i < 2000; i++) values.push(random() * 2 ** Math.floor(random() * 80 - 60));
  values.push(0, 5e-324, 2 ** -1022, 1e300);
  const sums = new Set<number>();
  for (let round = 0; round < 5; round++) {
    const s = new ExactSum();
    for (const v of [...values].sort(() => random() - 0.5)) s.add(v);
    sums.add(s.value);
  }
  assert.equal(sums.size, 1);
});

Deno.test("the sum is the float nearest to the exact sum", () => {
  const s = new ExactSum();
  for (const v of [0.1, 0.2, 0.3]) s.add(v);
  assert.equal(s.value, 0.6);
  const big = new ExactSum();
  for (const v of [2 ** 53, 1, 1]) big.add(v);
  assert.equal(big.value, 2 ** 53 + 2);
  const sum = (values: number[]) => {
    const e = new ExactSum();
    for (const v of values) e.add(v);
    return e.value;
  };
  assert.equal(sum([1, 2 ** -60, 3 * 2 ** -70, 7.5, 2 ** -40]), 8.5 + 2 ** -40);
  // Halfway between 1 and the next float: ties to even; a hair above: up.
  assert.equal(sum([1, 2 ** -53]), 1);
  assert.equal(sum([1, 2 ** -53, 2 ** -80]), 1 + 2 ** -52);
});

Deno.test("two sums merged are exactly the sum of all their values, also through their partials", () => {
  const random = createRandom(4);
  const values = Array.from({ length: 3000 }, () => random() * 10 ** (random() * 6 - 3));
  const whole = new ExactSum();
  for (const v of values) whole.add(v);
  const parts = [new ExactSum(), new ExactSum(), new ExactSum()];
  values.forEach((v, i) => parts[i % 3].add(v));
  const merged = new ExactSum();
  for (const p of parts) {
    merged.merge(ExactSum.fromPartials(JSON.parse(JSON.stringify(p.partials()))));
  }
  assert.equal(merged.value, whole.value);
  assert.equal(new ExactSum().value, 0);
});
