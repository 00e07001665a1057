/**
 * Each built-in runner split over the segments of a sequence runs its share,
 * and the shares together run exactly what one unsplit runner runs: the same
 * iteration numbers, at the same times.
 */
import assert from "node:assert/strict";
import { sleep } from "../src/clock/clock.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import type { RunnerContext, RunnerFn } from "../src/plugins/runner.ts";
import { runConstant } from "../src/runners/constant.ts";
import { runConstantForDuration } from "../src/runners/constant_for_duration.ts";
import { runRps } from "../src/runners/rps.ts";
import { runSerial } from "../src/runners/serial.ts";
import { SegmentSequence } from "../src/segment/segment_sequence.ts";
import { SegmentShare } from "../src/segment/segment_share.ts";

// [iteration index, start ms] of each started iteration.
type Start = [index: number, at: number];

// Runs `runner` with one context per share on one simulated clock; each
// iteration takes `ms`. Returns the starts of each share and the most in
// flight at once per share.
async function runShares<A>(
  runner: RunnerFn<A>,
  args: A,
  shares: SegmentShare[],
  ms: number,
): Promise<{ starts: Start[][]; peak: number[] }> {
  const clock = new SimulatedClock({ start: 0 });
  const starts: Start[][] = shares.map(() => []);
  const peak = shares.map(() => 0);
  const runs = shares.map((share, s) => {
    let inFlight = 0;
    let started = 0;
    let waiters: (() => void)[] = [];
    const ctx: RunnerContext = {
      clock,
      share,
      stop: new AbortController().signal,
      get inFlight() {
        return inFlight;
      },
      async iterate(index) {
        starts[s].push([index ?? started, clock.now()]);
        started++;
        peak[s] = Math.max(peak[s], ++inFlight);
        await sleep(clock, ms);
        inFlight--;
        for (const w of waiters.splice(0)) w();
      },
      breathe: () => Promise.resolve(),
      nextDone: () => inFlight ? new Promise((r) => waiters.push(r)) : Promise.resolve(),
      allDone: async () => {
        while (inFlight) await new Promise<void>((r) => waiters.push(r));
      },
    };
    waiters = [];
    return runner(args, ctx);
  });
  let done = false;
  Promise.all(runs).then(() => done = true);
  await clock.runUntil(() => done, 3_600_000);
  return { starts, peak };
}

function sharesOf(text: string): SegmentShare[] {
  const seq = SegmentSequence.parse(text);
  return seq.segments.map((_, i) => new SegmentShare(seq, i));
}

function union(starts: Start[][]): Start[] {
  return starts.flat().sort((a, b) => a[0] - b[0]);
}

const SEQUENCES = ["0,1/2,1", "0,1/4,2/4,3/4,1", "0,1/3,1", "0,1/10,3/5,1"];

Deno.test("constant split over segments runs every iteration once, in the round one process runs it", async () => {
  const args = { times: 23, concurrency: 4, timeout: 600 };
  const whole = await runShares(runConstant, args, [SegmentShare.WHOLE], 100);
  for (const seq of SEQUENCES) {
    const split = await runShares(runConstant, args, sharesOf(seq), 100);
    assert.deepEqual(union(split.starts), union(whole.starts), seq);
    const lanes = sharesOf(seq).map((s) => s.scale(4));
    assert.deepEqual(split.peak, lanes.map((l, i) => Math.min(l, split.starts[i].length)), seq);
  }
});

Deno.test("serial split over segments runs one at a time, all in the segment that has its lane", async () => {
  const whole = await runShares(runSerial, { times: 7 }, [SegmentShare.WHOLE], 10);
  const split = await runShares(runSerial, { times: 7 }, sharesOf("0,1/2,1"), 10);
  assert.deepEqual(union(split.starts), union(whole.starts));
  assert.deepEqual(split.starts.map((s) => s.length), [7, 0]);
});

Deno.test("constant_for_duration split over segments shares out its concurrency and keeps the schedule", async () => {
  const args = { duration: 1, concurrency: 6, timeout: 600 };
  const whole = await runShares(runConstantForDuration, args, [SegmentShare.WHOLE], 300);
  for (const seq of SEQUENCES) {
    const split = await runShares(runConstantForDuration, args, sharesOf(seq), 300);
    assert.deepEqual(union(split.starts), union(whole.starts), seq);
    assert.deepEqual(split.peak.reduce((a, b) => a + b, 0), 6);
  }
});

Deno.test("rps split over segments starts exactly each one's striped arrivals; together the unsplit schedule", async () => {
  for (const rps of [7, { start: 2, end: 10, step: 3, duration: 1 }]) {
    const args = { rps, times: 40, timeout: 600 };
    const whole = await runShares(runRps, args, [SegmentShare.WHOLE], 500);
    for (const seq of SEQUENCES) {
      const shares = sharesOf(seq);
      const split = await runShares(runRps, args, shares, 500);
      assert.deepEqual(union(split.starts), union(whole.starts), seq);
      split.starts.forEach((starts, i) => {
        assert.equal(starts.length, shares[i].scale(40));
        assert.ok(starts.every(([index]) => shares[i].owns(index)));
      });
    }
  }
});

Deno.test("rps max_concurrency is shared out, at least one per segment", async () => {
  const args = { rps: 100, times: 20, timeout: 600, max_concurrency: 3 };
  const split = await runShares(runRps, args, sharesOf("0,1/4,2/4,3/4,1"), 1000);
  assert.deepEqual(split.peak, [1, 1, 1, 1]);
  assert.equal(union(split.starts).length, 20);
});
