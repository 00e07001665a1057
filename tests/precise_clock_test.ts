import assert from "node:assert/strict";
import { PreciseClock } from "../src/clock/precise_clock.ts";

// These timers are the real thing (the point of the unit); each test waits a few ms at most.

function after(clock: PreciseClock, ms: number, log: string[], name: string): Promise<number> {
  return new Promise((resolve) => {
    const at = clock.now() + ms;
    clock.setTimeout(() => {
      log.push(name);
      resolve(clock.now() - at);
    }, ms);
  });
}

Deno.test("a timer never fires before its time, whole or fractional milliseconds, below or beyond the lead", async () => {
  const clock = new PreciseClock();
  const log: string[] = [];
  const early = await Promise.all(
    [0, 0.3, 1.7, 2.5, 5.7].map((ms) => after(clock, ms, log, String(ms))),
  );
  for (const e of early) assert.ok(e >= 0, `fired ${-e} ms early`);
});

Deno.test("timers fire in time order, and those due at the same time in the order they were set", async () => {
  const clock = new PreciseClock();
  const log: string[] = [];
  await Promise.all([
    after(clock, 4, log, "a"),
    after(clock, 1, log, "b"),
    after(clock, 4, log, "c"),
    after(clock, 0, log, "d"),
  ]);
  assert.deepEqual(log, ["d", "b", "a", "c"]);
});

Deno.test("a cleared timer does not fire, whether its host timer is pending or it is already queued", async () => {
  const clock = new PreciseClock(2);
  const fired: string[] = [];
  const far = clock.setTimeout(() => fired.push("far"), 5); // beyond the lead: with the host
  const near = clock.setTimeout(() => fired.push("near"), 0.5); // within it: queued at once
  clock.clearTimeout(far);
  clock.clearTimeout(near);
  clock.clearTimeout("not a timer of this clock");
  await after(clock, 7, [], "last");
  assert.deepEqual(fired, []);
});

Deno.test("dueAt gives the queued timer's time on performance.now()'s scale, Infinity when none is queued", async () => {
  const clock = new PreciseClock(2);
  assert.equal(clock.dueAt(), Number.POSITIVE_INFINITY);
  const before = performance.now();
  const done = after(clock, 1, [], "t");
  const due = clock.dueAt();
  assert.ok(
    due >= before + 1 && due <= performance.now() + 1,
    `dueAt ${due} not about 1 ms from now`,
  );
  await done;
  assert.equal(clock.dueAt(), Number.POSITIVE_INFINITY);
});

Deno.test("now is the real clock's epoch milliseconds", () => {
  const clock = new PreciseClock();
  const t = clock.now();
  assert.ok(Math.abs(t - Date.now()) < 50);
  assert.ok(clock.now() >= t);
});
