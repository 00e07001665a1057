import assert from "node:assert/strict";
import { isSimulated, realWork } from "../src/clock/clock.ts";
import { PreciseClock } from "../src/clock/precise_clock.ts";
import { RealClock, realTimeClock } from "../src/clock/real_clock.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";

Deno.test("only a clock with track is simulated", () => {
  assert.equal(isSimulated(new SimulatedClock()), true);
  assert.equal(isSimulated(new RealClock()), false);
  assert.equal(isSimulated(new PreciseClock()), false);
});

Deno.test("realWork leaves work as it is on a real clock and tracks it on a simulated one", async () => {
  const work = Promise.resolve("read");
  assert.equal(realWork(new RealClock(), work), work);
  const clock = new SimulatedClock();
  const tracked = realWork(clock, work);
  assert.equal(clock.realWorkInFlight, 1);
  assert.equal(await tracked, "read");
  assert.equal(clock.realWorkInFlight, 0);
});

Deno.test("limits of real work are timed on the clock itself, or on the real clock when it is simulated", () => {
  const precise = new PreciseClock();
  assert.equal(realTimeClock(precise), precise);
  const simulated = new SimulatedClock({ start: 0 });
  const timer = realTimeClock(simulated);
  assert.ok(timer instanceof RealClock);
  assert.ok(Math.abs(timer.now() - Date.now()) < 1_000);
});
