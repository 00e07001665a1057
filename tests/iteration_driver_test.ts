import assert from "node:assert/strict";
import { RealClock } from "../src/clock/real_clock.ts";
import { PreciseClock } from "../src/clock/precise_clock.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import {
  type BreathePolicy,
  breathePolicyFor,
  IterationDriver,
} from "../src/engine/iteration_driver.ts";
import type { IterationExecutor } from "../src/engine/iteration_executor.ts";
import type { ResultConsumer } from "../src/engine/result_consumer.ts";
import { LoadSeam } from "../src/engine/load_seam.ts";

// breathe() is only about yielding: the executor and consumer are never used.
function driver(breathe: BreathePolicy): IterationDriver {
  return new IterationDriver({
    clock: new RealClock(),
    executor: {} as IterationExecutor,
    consumer: {} as ResultConsumer,
    seam: new LoadSeam(),
    breathe,
  });
}

// Whether `p` settles within a few microtask turns (no macrotask in between).
async function settlesOnMicrotasks(p: Promise<void>): Promise<boolean> {
  let settled = false;
  p.then(() => settled = true);
  for (let i = 0; i < 5; i++) await Promise.resolve();
  return settled;
}

Deno.test("within its time slice and with no timer due, breathe never yields to the event loop", async () => {
  const d = driver({ timeSliceMs: 60_000, dueAt: () => Number.POSITIVE_INFINITY });
  for (let i = 0; i < 200; i++) {
    assert.ok(await settlesOnMicrotasks(d.breathe()), `call ${i + 1} yielded`);
  }
});

Deno.test("once a clock timer is due, breathe yields within 16 calls even in the middle of a time slice", async () => {
  const d = driver({ timeSliceMs: 60_000, dueAt: () => performance.now() - 1 });
  const yielded: number[] = [];
  for (let i = 1; i <= 16; i++) {
    const p = d.breathe();
    if (!(await settlesOnMicrotasks(p))) {
      yielded.push(i);
      await p;
    }
  }
  assert.equal(yielded.length, 1, `yielded at calls ${yielded.join(", ") || "none"}`);
});

Deno.test("while one caller's yield is pending, every caller gets that same yield, so all wait for one turn", async () => {
  const d = driver({ timeSliceMs: 60_000, dueAt: () => performance.now() - 1 });
  let first: Promise<void> | undefined;
  for (let i = 0; i < 16 && !first; i++) {
    const p = d.breathe();
    if (!(await settlesOnMicrotasks(p))) first = p;
  }
  assert.ok(first, "no yield in 16 calls");
  for (let i = 0; i < 40; i++) assert.equal(d.breathe(), first);
  await first;
  assert.notEqual(d.breathe(), first);
});

Deno.test("the breathe policy follows what the clock can do, not its class", () => {
  // Simulated (it has track): a yield the clock sees, every 64 iterations.
  assert.deepEqual(breathePolicyFor(new SimulatedClock()), { every: 64 });
  // Real with dueAt: time slices, cut short when its next timer is due.
  const precise = new PreciseClock();
  const slices = breathePolicyFor(precise) as { timeSliceMs: number; dueAt?: () => number };
  assert.equal(slices.timeSliceMs, 1);
  assert.equal(slices.dueAt?.(), Number.POSITIVE_INFINITY);
  // Real without dueAt: time slices alone.
  assert.deepEqual(breathePolicyFor(new RealClock()), { timeSliceMs: 1 });
  // Any clock with those capabilities is treated alike.
  const custom = {
    now: () => 0,
    setTimeout: () => 0,
    clearTimeout: () => {},
    dueAt: () => 42,
  };
  assert.equal((breathePolicyFor(custom) as { dueAt: () => number }).dueAt(), 42);
  const simulatedLike = { ...custom, track: <T>(work: Promise<T>) => work };
  assert.deepEqual(breathePolicyFor(simulatedLike), { every: 64 });
});
