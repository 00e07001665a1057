import assert from "node:assert/strict";
import { ExecutionSegment } from "../src/segment/execution_segment.ts";
import { LaneShare } from "../src/segment/lane_share.ts";
import { Rational } from "../src/segment/rational.ts";
import { SegmentSequence } from "../src/segment/segment_sequence.ts";
import { SegmentShare } from "../src/segment/segment_share.ts";
import { createRandom } from "../src/engine/seeded_random.ts";

// A random sequence of 1 to 6 segments with denominators up to 12.
function randomSequence(random: () => number): SegmentSequence {
  const cuts = new Set<string>();
  const points: Rational[] = [];
  const count = Math.floor(random() * 6);
  for (let i = 0; i < count; i++) {
    const d = 2 + Math.floor(random() * 11);
    const r = new Rational(1 + Math.floor(random() * (d - 1)), d);
    if (!cuts.has(r.toString())) {
      cuts.add(r.toString());
      points.push(r);
    }
  }
  points.sort((a, b) => a.compare(b));
  return SegmentSequence.parse([Rational.ZERO, ...points, Rational.ONE].join(","));
}

function sharesOf(seq: SegmentSequence): SegmentShare[] {
  return seq.segments.map((_, i) => new SegmentShare(seq, i));
}

Deno.test("segments read as fractions, decimals and percentages, k6's way", () => {
  assert.equal(ExecutionSegment.parse("1/3:2/3").toString(), "1/3:2/3");
  assert.equal(ExecutionSegment.parse("0.25:50%").toString(), "1/4:1/2");
  assert.equal(ExecutionSegment.parse("1/2").toString(), "0:1/2");
  assert.equal(SegmentSequence.parse("0,1/4,2/4,3/4,1").toString(), "0,1/4,1/2,3/4,1");
  assert.throws(() => ExecutionSegment.parse("2/3:1/3"), /0 ≤ start < end ≤ 1/);
  assert.throws(() => ExecutionSegment.parse("a:1"), /not a fraction/);
  assert.throws(() => SegmentSequence.parse("0,1/2"), /end at 1\/2, not at 1/);
  assert.throws(() => SegmentSequence.parse("1"), /at least two boundaries/);
  assert.throws(
    () => SegmentSequence.parse("0,1/2,1").indexOf(ExecutionSegment.parse("0:1/3")),
    /not one of the sequence 0,1\/2,1/,
  );
});

Deno.test("a segment without a sequence is filled around with the gaps before and after it", () => {
  const seq = SegmentSequence.around(ExecutionSegment.parse("1/4:1/2"));
  assert.equal(seq.toString(), "0,1/4,1/2,1");
  assert.equal(seq.indexOf(ExecutionSegment.parse("1/4:2/4")), 1);
});

Deno.test("striping deals each block of lcd indices out in proportion, biggest segment first", () => {
  const seq = SegmentSequence.parse("0,1/3,1");
  assert.equal(seq.lcd, 3);
  assert.deepEqual(seq.stripe(0), [1]);
  assert.deepEqual(seq.stripe(1), [0, 2]);
});

Deno.test("property: over random sequences, shares of every value sum exactly to it and never decrease", () => {
  const random = createRandom(15);
  for (let round = 0; round < 200; round++) {
    const shares = sharesOf(randomSequence(random));
    let previous = shares.map(() => 0);
    for (let value = 0; value <= 150; value++) {
      const scaled = shares.map((s) => s.scale(value));
      assert.equal(scaled.reduce((a, b) => a + b, 0), value);
      scaled.forEach((v, i) => assert.ok(v >= previous[i], `scale decreased at ${value}`));
      previous = scaled;
    }
  }
});

Deno.test("property: over random sequences, the shares' indices are disjoint and cover every index", () => {
  const random = createRandom(16);
  for (let round = 0; round < 200; round++) {
    const seq = randomSequence(random);
    const shares = sharesOf(seq);
    const limit = 3 * seq.lcd + 7;
    const seen = new Array(limit).fill(0);
    for (const share of shares) {
      for (let j = 0; share.globalIndex(j) < limit; j++) {
        const g = share.globalIndex(j);
        assert.ok(share.owns(g));
        if (j > 0) assert.ok(g > share.globalIndex(j - 1), "indices ascend");
        seen[g]++;
      }
      // scale(v) counts exactly the share's indices below v.
      assert.equal(share.scale(limit), seen.filter((_, g) => share.owns(g)).length);
    }
    assert.deepEqual(seen, new Array(limit).fill(1));
  }
});

Deno.test("property: lanes and their iterations are shared out disjoint and complete", () => {
  const random = createRandom(17);
  for (let round = 0; round < 100; round++) {
    const shares = sharesOf(randomSequence(random));
    const concurrency = 1 + Math.floor(random() * 20);
    const times = Math.floor(random() * 100);
    const lanes = shares.map((s) => new LaneShare(s, concurrency));
    assert.deepEqual(lanes.flatMap((l) => l.lanes).sort((a, b) => a - b), [
      ...Array(concurrency).keys(),
    ]);
    const iterations = lanes.flatMap((l) =>
      Array.from({ length: l.iterations(times) }, (_, j) => l.iterationIndex(j))
    );
    assert.deepEqual(iterations.sort((a, b) => a - b), [...Array(times).keys()]);
    for (const l of lanes) {
      for (let j = 0; j < l.iterations(times); j++) {
        assert.equal(l.lanes.includes(l.iterationIndex(j) % concurrency), true);
      }
    }
  }
});

Deno.test("the whole share is every index and every count", () => {
  assert.equal(SegmentShare.WHOLE.scale(17), 17);
  assert.equal(SegmentShare.WHOLE.globalIndex(5), 5);
  assert.ok(SegmentShare.WHOLE.whole);
  const lanes = new LaneShare(SegmentShare.WHOLE, 3);
  assert.equal(lanes.iterations(10), 10);
  assert.deepEqual([0, 1, 2, 3, 4].map((j) => lanes.iterationIndex(j)), [0, 1, 2, 3, 4]);
});
