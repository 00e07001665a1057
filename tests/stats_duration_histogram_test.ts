import assert from "node:assert/strict";
import {
  DurationHistogram,
  HISTOGRAM_RELATIVE_PRECISION,
} from "../src/stats/duration_histogram.ts";

/** Exact linear interpolation between closest ranks (numpy's default percentile). */
function exactQuantile(sorted: readonly number[], p: number): number {
  const k = (sorted.length - 1) * p;
  const lo = Math.floor(k);
  const hi = Math.ceil(k);
  return sorted[lo] + (k - lo) * (sorted[hi] - sorted[lo]);
}

function assertWithinPrecision(actual: number | null, expected: number, what: string): void {
  assert.notEqual(actual, null, `${what}: got null`);
  const error = Math.abs(actual! - expected);
  assert.ok(
    error <= expected * HISTOGRAM_RELATIVE_PRECISION,
    `${what}: ${actual} is not within ${HISTOGRAM_RELATIVE_PRECISION} of ${expected}`,
  );
}

/** Deterministic values: a linear congruential generator mapped to [0, 1). */
function seeded(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}

const PS = [0, 0.01, 0.25, 0.5, 0.9, 0.95, 0.99, 1];

Deno.test("percentiles of 1..100 are exact while the values fit the exact array", () => {
  const h = new DurationHistogram();
  for (let i = 1; i <= 100; i++) h.add(i);
  const [median, p90, p95] = h.quantiles([0.5, 0.9, 0.95]);
  // Exact but for float rounding of k = 99 · p.
  assert.equal(median, 50.5);
  assert.ok(Math.abs(p90! - 90.1) < 1e-12, `90% ${p90}`);
  assert.ok(Math.abs(p95! - 95.05) < 1e-12, `95% ${p95}`);
  assert.equal(h.min, 1);
  assert.equal(h.max, 100);
  assert.equal(h.sum, 5050);
  assert.equal(h.mean, 50.5);
  assert.equal(h.count, 100);
});

Deno.test("percentiles of 1..100 from the buckets alone are within 2^-11 of the exact ones", () => {
  const h = new DurationHistogram({ exactValues: 0 });
  const values = Array.from({ length: 100 }, (_, i) => i + 1);
  for (const v of values) h.add(v);
  for (const p of PS) assertWithinPrecision(h.quantile(p), exactQuantile(values, p), `p=${p}`);
  assert.equal(h.quantile(0), 1);
  assert.equal(h.quantile(1), 100);
  assert.equal(h.mean, 50.5);
});

Deno.test("a set with duplicates interpolates between equal and neighbouring ranks", () => {
  for (const exactValues of [1024, 0]) {
    const h = new DurationHistogram({ exactValues });
    for (const v of [3, 1, 2, 1, 2, 1]) h.add(v);
    // Sorted 1 1 1 2 2 3: median k=2.5 → 1.5; 90 % k=4.5 → 2.5; 20 % k=1 → 1.
    assertWithinPrecision(h.quantile(0.5), 1.5, `median (exactValues ${exactValues})`);
    assertWithinPrecision(h.quantile(0.9), 2.5, `90% (exactValues ${exactValues})`);
    assertWithinPrecision(h.quantile(0.2), 1, `20% (exactValues ${exactValues})`);
    assert.equal(h.mean, 10 / 6);
  }
});

Deno.test("a single value is every percentile, exactly, with or without the exact array", () => {
  for (const exactValues of [1024, 0]) {
    const h = new DurationHistogram({ exactValues });
    h.add(0.123456789);
    assert.deepEqual(h.quantiles([0, 0.5, 0.9, 0.95, 1]), Array(5).fill(0.123456789));
    assert.equal(h.min, 0.123456789);
    assert.equal(h.max, 0.123456789);
    assert.equal(h.mean, 0.123456789);
  }
});

Deno.test("many equal values give that value exactly from the buckets", () => {
  const h = new DurationHistogram({ exactValues: 0 });
  for (let i = 0; i < 5000; i++) h.add(0.05);
  assert.deepEqual(h.quantiles([0.5, 0.9, 0.95]), [0.05, 0.05, 0.05]);
  assert.equal(h.bucketCount, 1);
});

Deno.test("zeros land in the zero bucket and are reported as 0", () => {
  for (const exactValues of [1024, 0]) {
    const h = new DurationHistogram({ exactValues });
    for (let i = 0; i < 10; i++) h.add(0);
    assert.deepEqual(h.quantiles([0, 0.5, 0.95, 1]), [0, 0, 0, 0]);
    assert.equal(h.mean, 0);
    assert.equal(h.min, 0);
  }
  const h = new DurationHistogram({ exactValues: 0 });
  h.add(0);
  assert.equal(h.bucketCount, 1);
});

Deno.test("durations under 1 µs are reported within 1 µs from the buckets", () => {
  const h = new DurationHistogram({ exactValues: 0 });
  for (const v of [0, 2e-7, 5e-7, 9e-7, 1, 2]) h.add(v);
  // Sorted 0 2e-7 5e-7 9e-7 1 2: median k=2.5 → 7e-7; 40 % k=2 → 5e-7.
  const [median, p40] = h.quantiles([0.5, 0.4]);
  assert.ok(Math.abs(median! - 7e-7) < 1e-6, `median ${median}`);
  assert.ok(Math.abs(p40! - 5e-7) < 1e-6, `40% ${p40}`);
  assert.equal(h.min, 0);
  assert.equal(h.max, 2);
  // One zero bucket for the four tiny values, one bucket each for 1 and 2.
  assert.equal(h.bucketCount, 3);
});

Deno.test("percentiles of 20,000 log-spread values are within 2^-11 of the exact ones", () => {
  const random = seeded(7);
  const h = new DurationHistogram();
  const values: number[] = [];
  for (let i = 0; i < 20_000; i++) {
    const v = 1e-4 * 10 ** (5 * random()); // 0.1 ms .. 10 s
    values.push(v);
    h.add(v);
  }
  values.sort((a, b) => a - b);
  const got = h.quantiles(PS);
  PS.forEach((p, i) => assertWithinPrecision(got[i], exactQuantile(values, p), `p=${p}`));
  assert.equal(h.min, values[0]);
  assert.equal(h.max, values[values.length - 1]);
});

Deno.test("memory stays bounded: 1,000,000 values in 1 ms..10 s use at most 1024 buckets per power of two", () => {
  const random = seeded(42);
  const h = new DurationHistogram();
  for (let i = 0; i < 1_000_000; i++) h.add(0.001 + random() * 9.999);
  // The range touches at most ⌈log2(max/min)⌉ + 1 powers of two.
  const powers = Math.ceil(Math.log2(10 / 0.001)) + 1;
  assert.ok(h.bucketCount <= 1024 * powers, `bucketCount ${h.bucketCount}`);
  assert.equal(h.count, 1_000_000);
});

Deno.test("once every bucket of a range is in use, more values add no buckets", () => {
  const random = seeded(3);
  const h = new DurationHistogram();
  for (let i = 0; i < 300_000; i++) h.add(0.05 + random() * 0.15);
  const before = h.bucketCount;
  assert.ok(before <= 1024 * 3, `bucketCount ${before}`);
  for (let i = 0; i < 300_000; i++) h.add(0.05 + random() * 0.15);
  assert.equal(h.bucketCount, before);
});

Deno.test("the sum is exact: a million times 0.1 sums to 100000", () => {
  const h = new DurationHistogram();
  for (let i = 0; i < 1_000_000; i++) h.add(0.1);
  assert.equal(h.sum, 100000);
  assert.equal(h.mean, 0.1);
});

Deno.test("an empty histogram reports null for every figure", () => {
  const h = new DurationHistogram();
  assert.deepEqual(h.quantiles([0.5, 0.9]), [null, null]);
  assert.equal(h.min, null);
  assert.equal(h.max, null);
  assert.equal(h.mean, null);
  assert.equal(h.count, 0);
  assert.equal(h.sum, 0);
  assert.equal(h.bucketCount, 0);
});

Deno.test("a quantile outside 0..1 and a negative, NaN or infinite value are refused", () => {
  const h = new DurationHistogram();
  assert.throws(() => h.quantile(95), /p must be a number from 0 to 1.*got 95/);
  assert.throws(() => h.quantile(-0.1), RangeError);
  assert.throws(() => h.add(-1), /finite number ≥ 0; got -1/);
  assert.throws(() => h.add(NaN), RangeError);
  assert.throws(() => h.add(Infinity), RangeError);
  assert.equal(h.count, 0);
  assert.throws(() => new DurationHistogram({ zeroThreshold: 0 }), /zeroThreshold/);
  assert.throws(() => new DurationHistogram({ exactValues: 1.5 }), /exactValues/);
  assert.throws(() => new DurationHistogram({ subBucketBits: 0 }), /subBucketBits/);
  assert.throws(() => new DurationHistogram({ subBucketBits: 21 }), /subBucketBits/);
});

Deno.test("merging two halves gives the figures of the whole", () => {
  for (const exactValues of [1024, 10]) {
    const whole = new DurationHistogram({ exactValues });
    const a = new DurationHistogram({ exactValues });
    const b = new DurationHistogram({ exactValues });
    for (let i = 1; i <= 200; i++) {
      whole.add(i / 100);
      (i % 2 ? a : b).add(i / 100);
    }
    a.merge(b);
    assert.deepEqual(a.quantiles(PS), whole.quantiles(PS));
    assert.equal(a.count, 200);
    assert.equal(a.min, 0.01);
    assert.equal(a.max, 2);
    assert.equal(a.bucketCount, whole.bucketCount);
  }
  const small = new DurationHistogram();
  const other = new DurationHistogram();
  small.add(3);
  other.add(1);
  other.add(2);
  small.merge(other);
  assert.deepEqual(small.quantiles([0.25, 0.5]), [1.5, 2]);
  assert.throws(() => small.merge(new DurationHistogram({ exactValues: 0 })), /options differ/);
  assert.throws(() => small.merge(new DurationHistogram({ subBucketBits: 5 })), /options differ/);
});

Deno.test("fewer sub-bucket bits give fewer buckets and percentiles within 2^-(bits+1)", () => {
  const next = seeded(7);
  const values = Array.from({ length: 10_000 }, () => 0.01 + next() * 0.99);
  const coarse = new DurationHistogram({ subBucketBits: 5, exactValues: 0 });
  for (const v of values) coarse.add(v);
  const sorted = [...values].sort((a, b) => a - b);
  for (const p of PS) {
    const expected = exactQuantile(sorted, p);
    const error = Math.abs(coarse.quantile(p)! - expected);
    assert.ok(error <= expected * 2 ** -6, `p=${p}: ${coarse.quantile(p)} vs ${expected}`);
  }
  // About 6.6 powers of two from 0.01 to 1, 32 buckets each.
  assert.ok(coarse.bucketCount <= 32 * 7, `bucketCount ${coarse.bucketCount}`);
});

Deno.test("the distribution lists the values while they are kept, else bucket stand-ins between the exact extremes", () => {
  const small = new DurationHistogram();
  for (const v of [3, 1, 2, 2]) small.add(v);
  assert.deepEqual(small.distribution(), [[1, 1], [2, 1], [2, 1], [3, 1]]);

  const h = new DurationHistogram({ exactValues: 0, subBucketBits: 1 });
  for (const v of [0, 1, 1.1, 1.2, 1.7, 3]) h.add(v);
  // Buckets with 1 bit: [1, 1.5) and [1.5, 2) (midpoints 1.25, 1.75), [2, 3) and [3, 4).
  assert.deepEqual(h.distribution(), [[0, 1], [1.25, 3], [1.75, 1], [3, 1]]);
  const counts = h.distribution().reduce((n, [, c]) => n + c, 0);
  assert.equal(counts, h.count);
  assert.deepEqual(new DurationHistogram().distribution(), []);
});

Deno.test("the sum is the nearest float to the exact sum, whatever the order of the values", () => {
  const values = [1e16, 1, -0, 1, 3.5e-7, 2 ** -30, 1e-300, 0.1, 0.2, 0.3];
  const sums = new Set<number>();
  for (let round = 0; round < 50; round++) {
    const h = new DurationHistogram();
    for (const v of [...values].sort(() => Math.random() - 0.5)) h.add(v);
    sums.add(h.sum);
  }
  assert.deepEqual([...sums], [1e16 + 2]);
  const tiny = new DurationHistogram();
  for (const v of [0.1, 0.2, 0.3]) tiny.add(v);
  // 0.1 + 0.2 + 0.3 is 0.6000000000000001 added left to right; the exact sum rounds to 0.6.
  assert.equal(tiny.sum, 0.6);
});

Deno.test("a load's values split any way and merged in any order give exactly the whole's figures", () => {
  for (const n of [300, 5000]) {
    const values = Array.from({ length: n }, (_, i) => ((i * 7919) % 1000) / 997 + i * 1e-7);
    const whole = new DurationHistogram();
    for (const v of values) whole.add(v);
    for (const parts of [2, 3, 4]) {
      const shares = Array.from({ length: parts }, () => new DurationHistogram());
      values.forEach((v, i) => shares[(i * 31) % parts].add(v));
      const merged = new DurationHistogram();
      for (const share of shares.reverse()) {
        merged.merge(DurationHistogram.fromState(JSON.parse(JSON.stringify(share.toState()))));
      }
      assert.deepEqual(merged.quantiles(PS), whole.quantiles(PS));
      assert.equal(merged.sum, whole.sum);
      assert.equal(merged.mean, whole.mean);
      assert.deepEqual(merged.distribution(), whole.distribution());
    }
  }
});

Deno.test("a histogram's state gives the same histogram back, and a wrong state is refused", () => {
  const h = new DurationHistogram({ exactValues: 4 });
  for (const v of [0, 0.5, 1, 2, 4, 8]) h.add(v);
  const back = DurationHistogram.fromState(h.toState());
  assert.deepEqual(back.toState(), h.toState());
  assert.deepEqual(back.quantiles(PS), h.quantiles(PS));
  assert.equal(DurationHistogram.fromState(new DurationHistogram().toState()).count, 0);
  assert.throws(
    () => DurationHistogram.fromState({ ...h.toState(), count: 7 }),
    /7 values, but the buckets hold 6/,
  );
});

Deno.test("countsSince gives the values added between two readings: exact count and sum, quantiles within the buckets' precision", () => {
  const h = new DurationHistogram();
  const random = seeded(7);
  for (let i = 0; i < 5000; i++) h.add(0.001 + random() * 0.01);
  const before = h.counts();
  const added: number[] = [];
  for (let i = 0; i < 3000; i++) {
    const v = 0.2 + random() * 0.1;
    added.push(v);
    h.add(v);
  }
  const delta = DurationHistogram.countsSince(h.counts(), before);
  assert.equal(delta.count, 3000);
  const exactSum = added.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(delta.sum - exactSum) < 1e-9, `sum ${delta.sum} vs ${exactSum}`);
  const window = DurationHistogram.fromCounts(delta);
  added.sort((a, b) => a - b);
  for (const p of [0.5, 0.95, 0.99]) {
    // A stand-in is a bucket's midpoint: within 2^-11 of every value in the bucket, twice that of an interpolation.
    const q = window.quantile(p)!;
    const exact = exactQuantile(added, p);
    assert.ok(Math.abs(q - exact) <= exact * 2 ** -10, `p${p}: ${q} vs ${exact}`);
  }
  assert.ok(
    window.min! <= added[0] && window.min! >= added[0] * (1 - 2 ** -10),
    `min ${window.min}`,
  );
  assert.ok(window.max! >= added.at(-1)! && window.max! <= added.at(-1)! * (1 + 2 ** -10));
});

Deno.test("countsSince of two equal readings is empty, and refuses readings out of order", () => {
  const h = new DurationHistogram();
  h.add(0.5);
  const a = h.counts();
  const none = DurationHistogram.countsSince(a, h.counts());
  assert.equal(none.count, 0);
  assert.equal(none.min, null);
  assert.equal(DurationHistogram.fromCounts(none).quantile(0.5), null);
  h.add(0.7);
  assert.throws(() => DurationHistogram.countsSince(a, h.counts()), /not of one histogram/);
});

Deno.test("counts with fewer sub-bucket bits merge neighbouring buckets: fewer buckets, the same totals, quantiles within the coarser precision", () => {
  const h = new DurationHistogram({ exactValues: 0 });
  const random = seeded(3);
  const values = Array.from({ length: 20_000 }, () => 1e-5 * Math.exp(random() * 6));
  for (const v of values) h.add(v);
  const fine = h.counts();
  const coarse = h.counts(5);
  assert.equal(coarse.subBucketBits, 5);
  assert.ok(
    coarse.buckets.size * 8 < fine.buckets.size,
    `${coarse.buckets.size} vs ${fine.buckets.size}`,
  );
  assert.equal(coarse.count, 20_000);
  assert.equal(coarse.sum, fine.sum);
  values.sort((a, b) => a - b);
  const p95 = DurationHistogram.fromCounts(coarse).quantile(0.95)!;
  const exact = exactQuantile(values, 0.95);
  assert.ok(Math.abs(p95 - exact) <= exact * 2 ** -5, `p95 ${p95} vs ${exact}`);
});

Deno.test("countsAtOrBelow gives cumulative counts at each bound, as Prometheus' le buckets", () => {
  const h = new DurationHistogram();
  for (const v of [0, 0.003, 0.004, 0.02, 0.2, 0.21, 7]) h.add(v);
  assert.deepEqual(
    DurationHistogram.countsAtOrBelow(h.counts(7), [0.001, 0.005, 0.01, 0.1, 1, 5]),
    [1, 3, 3, 4, 6, 6],
  );
});
