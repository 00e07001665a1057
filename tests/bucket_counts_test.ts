import assert from "node:assert/strict";
import { BucketCounts } from "../src/stats/bucket_counts.ts";

Deno.test("bucket counts grow on both sides and keep every count, in index order", () => {
  const counts = new BucketCounts();
  const expected = new Map<number, number>();
  // Indexes spread over 20,000 buckets, in an order that grows the range both ways.
  for (let i = 0; i < 5000; i++) {
    const index = 1_000_000 + ((i * 7919) % 20_000) - 10_000;
    counts.add(index);
    expected.set(index, (expected.get(index) ?? 0) + 1);
  }
  assert.deepEqual(counts.entries(), [...expected].sort((a, b) => a[0] - b[0]));
  assert.equal(counts.size, expected.size);
});

Deno.test("indexes too far from the rest are counted apart, and taken back once the range reaches them", () => {
  const counts = new BucketCounts();
  counts.add(0, 2);
  counts.add(100_000); // beyond the largest range from 0
  counts.add(50_000, 3); // still too far from 0 to grow the range
  assert.deepEqual(counts.entries(), [[0, 2], [50_000, 3], [100_000, 1]]);
  counts.add(20_000); // the range grows over 0 … 20,000 and beyond
  counts.add(100_000);
  assert.deepEqual(counts.entries(), [[0, 2], [20_000, 1], [50_000, 3], [100_000, 2]]);
  assert.equal(counts.size, 4);
});
