import assert from "node:assert/strict";
import { RecoveryTracker } from "../src/stats/recovery_tracker.ts";

const STEP = 100_000; // 0.1 s in µs

function tracker(holdSteps = 0, maxFailurePercent = 1) {
  return new RecoveryTracker({
    fromUs: 0,
    stepUs: STEP,
    steps: 10,
    holdSteps,
    slowSeconds: 0.5,
    maxFailurePercent,
  });
}

/** Feeds one iteration every 0.01 s over [fromS, toS), with `kind` for each end time. */
function feed(
  t: RecoveryTracker,
  fromS: number,
  toS: number,
  kind: (endS: number) => "ok" | "slow" | "failed" = () => "ok",
): void {
  for (let i = Math.round(fromS * 100); i < Math.round(toS * 100); i++) {
    const k = kind(i / 100);
    t.add(i * 10_000, k === "slow" ? 1 : 0.01, k === "failed");
  }
}

Deno.test("a window position is healthy with at most 5 % slow iterations: 5 of 100 pass, 6 do not", () => {
  const five = tracker();
  // 100 iterations in the first second, the first 5 slow.
  feed(five, 0, 2, (t) => t < 0.05 ? "slow" : "ok");
  assert.deepEqual(five.state, { status: "recovered", afterUs: 0 });
  const six = tracker();
  feed(six, 0, 2, (t) => t < 0.06 ? "slow" : "ok");
  // The window from 0.1 s leaves the slow ones behind.
  assert.deepEqual(six.state, { status: "recovered", afterUs: STEP });
});

Deno.test("the failure limit is a percentage of the window's iterations, inclusive", () => {
  const t = tracker(0, 2);
  feed(t, 0, 2, (x) => x === 0.5 || x === 0.7 ? "failed" : "ok");
  // Two failures in 100 iterations: 2 %, at the limit.
  assert.deepEqual(t.state, { status: "recovered", afterUs: 0 });
});

Deno.test("recovery needs hold steps of healthy positions in a row; a bad one starts the count again", () => {
  const t = tracker(10, 0.5);
  // A failure at 1.25 s (1 of 100) spoils the positions from 0.3 to 1.2 s.
  feed(t, 0, 4, (x) => x === 1.25 ? "failed" : "ok");
  assert.deepEqual(t.state, { status: "recovered", afterUs: 13 * STEP });
});

Deno.test("a gap with no iteration is unhealthy however long; the recovery is the first good iteration's end", () => {
  const t = tracker(0);
  const pending: number[] = [];
  t.onPending = (us) => pending.push(us);
  t.add(0, 1, false); // slow
  t.add(50 * STEP + 5, 0.01, false); // the next iteration ends 5 s later
  assert.deepEqual(t.state, { status: "pending", atLeastUs: 41 * STEP });
  assert.equal(pending.at(-1), 41 * STEP);
  feed(t, 5.01, 7);
  // The first healthy window starts at 4.1 s, but holds nothing before 5 s.
  assert.deepEqual(t.state, { status: "recovered", afterUs: 50 * STEP + 5 });
});

Deno.test("iterations that ended before the fault's end do not count, nor anything after the decision", () => {
  const t = new RecoveryTracker({
    fromUs: 1_000_000,
    stepUs: STEP,
    steps: 10,
    holdSteps: 0,
    slowSeconds: 0.5,
    maxFailurePercent: 1,
  });
  t.add(999_999, 5, true);
  feed(t, 1, 2.5);
  assert.deepEqual(t.state, { status: "recovered", afterUs: 0 });
  t.add(2_600_000, 5, true);
  assert.deepEqual(t.state, { status: "recovered", afterUs: 0 });
});
