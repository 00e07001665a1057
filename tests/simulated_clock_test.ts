import assert from "node:assert/strict";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { sleep } from "../src/clock/clock.ts";

Deno.test("SimulatedClock starts at its start option and defaults to 1_700_000_000_000", () => {
  assert.equal(new SimulatedClock().now(), 1_700_000_000_000);
  assert.equal(new SimulatedClock({ start: 5 }).now(), 5);
});

Deno.test("timers fire in time order, whatever order they were set in", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const fired: [string, number][] = [];
  for (const [name, ms] of [["c", 300], ["a", 100], ["d", 400], ["b", 200]] as const) {
    clock.setTimeout(() => fired.push([name, clock.now()]), ms);
  }
  await clock.advance(1000);
  assert.deepEqual(fired, [["a", 100], ["b", 200], ["c", 300], ["d", 400]]);
  assert.equal(clock.now(), 1000);
});

Deno.test("timers due at the same time fire in the order they were set", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const fired: number[] = [];
  for (let i = 0; i < 20; i++) clock.setTimeout(() => fired.push(i), 50);
  await clock.advance(50);
  assert.deepEqual(fired, [...Array(20).keys()]);
});

Deno.test("advance fires only timers due within the step and leaves later ones pending", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const fired: number[] = [];
  clock.setTimeout(() => fired.push(1), 100);
  clock.setTimeout(() => fired.push(2), 101);
  await clock.advance(100);
  assert.deepEqual(fired, [1]);
  assert.equal(clock.pending, 1);
  assert.equal(clock.nextTimerAt(), 101);
  await clock.advance(1);
  assert.deepEqual(fired, [1, 2]);
  assert.equal(clock.pending, 0);
  assert.equal(clock.nextTimerAt(), undefined);
});

Deno.test("clearTimeout cancels a pending timer, and unknown ids are ignored", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const fired: string[] = [];
  const a = clock.setTimeout(() => fired.push("a"), 10);
  clock.setTimeout(() => fired.push("b"), 20);
  const c = clock.setTimeout(() => fired.push("c"), 30);
  clock.clearTimeout(a);
  clock.clearTimeout(c);
  clock.clearTimeout(12345);
  clock.clearTimeout("not an id");
  assert.equal(clock.pending, 1);
  assert.equal(clock.nextTimerAt(), 20);
  await clock.advance(100);
  assert.deepEqual(fired, ["b"]);
});

Deno.test("a timer cleared by an earlier timer's callback does not fire", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const fired: string[] = [];
  const later = clock.setTimeout(() => fired.push("later"), 20);
  clock.setTimeout(() => {
    fired.push("first");
    clock.clearTimeout(later);
  }, 10);
  await clock.advance(100);
  assert.deepEqual(fired, ["first"]);
  assert.equal(clock.pending, 0);
});

Deno.test("clearing a timer that already fired does not disturb the pending count", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const a = clock.setTimeout(() => {}, 10);
  await clock.advance(10);
  clock.clearTimeout(a);
  clock.setTimeout(() => {}, 10);
  assert.equal(clock.pending, 1);
  assert.equal(clock.nextTimerAt(), 20);
});

Deno.test("promise jobs queued by a timer callback run before the next timer fires", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const log: string[] = [];
  clock.setTimeout(() => {
    log.push("timer 1");
    Promise.resolve()
      .then(() => log.push("job 1"))
      .then(() => Promise.resolve())
      .then(() => log.push("job 2 (after a nested promise)"));
  }, 10);
  clock.setTimeout(() => log.push("timer 2"), 10);
  await clock.advance(10);
  assert.deepEqual(log, ["timer 1", "job 1", "job 2 (after a nested promise)", "timer 2"]);
});

Deno.test("a timer set by a promise job of a callback fires in the same advance at its own time", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const fired: number[] = [];
  clock.setTimeout(() => {
    Promise.resolve().then(() => clock.setTimeout(() => fired.push(clock.now()), 5));
  }, 10);
  clock.setTimeout(() => fired.push(clock.now()), 12);
  await clock.advance(100);
  assert.deepEqual(fired, [12, 15]);
});

Deno.test("sleep chains on the clock take exactly their simulated time", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const wakes: number[] = [];
  (async () => {
    for (let i = 0; i < 3; i++) {
      await sleep(clock, 250);
      wakes.push(clock.now());
    }
  })();
  await clock.advance(1000);
  assert.deepEqual(wakes, [250, 500, 750]);
});

Deno.test("sleep rejects with the signal's reason and cancels its timer when the signal aborts", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const controller = new AbortController();
  const slept = sleep(clock, 1000, controller.signal);
  assert.equal(clock.pending, 1);
  controller.abort(new Error("stop"));
  await assert.rejects(slept, /stop/);
  assert.equal(clock.pending, 0);
});

Deno.test("runUntil stops as soon as the condition holds", async () => {
  const clock = new SimulatedClock({ start: 0 });
  let count = 0;
  const tick = () => {
    count++;
    clock.setTimeout(tick, 100);
  };
  clock.setTimeout(tick, 100);
  const passed = await clock.runUntil(() => count === 5);
  assert.equal(count, 5);
  assert.equal(passed, 500);
  assert.equal(clock.now(), 500);
});

Deno.test("runUntil stops at the limit, firing no timer beyond it", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const fired: number[] = [];
  const tick = () => {
    fired.push(clock.now());
    clock.setTimeout(tick, 100);
  };
  clock.setTimeout(tick, 100);
  const passed = await clock.runUntil(() => false, 350);
  assert.deepEqual(fired, [100, 200, 300]);
  assert.ok(passed <= 350, `passed ${passed} ms, more than the 350 ms limit`);
  assert.equal(clock.nextTimerAt(), 400);
});

Deno.test("runUntil returns when no timer is pending even if the condition never holds", async () => {
  const clock = new SimulatedClock({ start: 0 });
  clock.setTimeout(() => {}, 40);
  assert.equal(await clock.runUntil(() => false), 40);
  assert.equal(await clock.runUntil(() => false), 0);
});

Deno.test("runUntil sees a condition made true by promise jobs after the last timer", async () => {
  const clock = new SimulatedClock({ start: 0 });
  let done = false;
  sleep(clock, 70).then(() => Promise.resolve()).then(() => done = true);
  await clock.runUntil(() => done);
  assert.equal(done, true);
  assert.equal(clock.now(), 70);
});

Deno.test("advance refuses NaN, a negative or a missing step and leaves timers and time alone", async () => {
  const clock = new SimulatedClock({ start: 0 });
  let fired = false;
  clock.setTimeout(() => fired = true, 1000);
  for (const bad of [Number.NaN, -1, undefined]) {
    await assert.rejects(clock.advance(bad as number), RangeError);
  }
  assert.equal(fired, false);
  assert.equal(clock.now(), 0);
  assert.equal(clock.pending, 1);
});

// Real work for the tests below: a promise that settles after `ms` of real time.
function realDelay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

Deno.test("tracked real work takes no simulated time: no timer fires until it settles", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const log: string[] = [];
  clock.setTimeout(() => log.push(`timer at ${clock.now()}`), 10);
  clock.track(realDelay(50)).then(() => log.push(`work done at ${clock.now()}`));
  assert.equal(clock.realWorkInFlight, 1);
  await clock.advance(100);
  assert.deepEqual(log, ["work done at 0", "timer at 10"]);
  assert.equal(clock.now(), 100);
  assert.equal(clock.realWorkInFlight, 0);
});

Deno.test("real work started by a timer, and by that work's continuation, holds the next timer", async () => {
  const clock = new SimulatedClock({ start: 0 });
  const log: string[] = [];
  clock.setTimeout(() => {
    clock.track(realDelay(20)).then(() => {
      log.push(`first done at ${clock.now()}`);
      return clock.track(realDelay(20)).then(() => log.push(`second done at ${clock.now()}`));
    });
  }, 10);
  clock.setTimeout(() => log.push(`timer at ${clock.now()}`), 11);
  await clock.advance(11);
  assert.deepEqual(log, ["first done at 10", "second done at 10", "timer at 11"]);
});

Deno.test("runUntil waits for real work with no timer pending, then runs the timers it sets", async () => {
  const clock = new SimulatedClock({ start: 0 });
  let done = false;
  clock.track(realDelay(20)).then(() => sleep(clock, 500)).then(() => done = true);
  assert.equal(clock.pending, 0);
  assert.equal(await clock.runUntil(() => done), 500);
  assert.equal(done, true);
});

Deno.test("track passes the work's value and rejection through and releases the clock either way", async () => {
  const clock = new SimulatedClock({ start: 0 });
  assert.equal(await clock.track(Promise.resolve(3)), 3);
  await assert.rejects(clock.track(Promise.reject(new Error("refused"))), /refused/);
  assert.equal(clock.realWorkInFlight, 0);
  let fired = false;
  clock.setTimeout(() => fired = true, 5);
  await clock.advance(5);
  assert.equal(fired, true);
});
