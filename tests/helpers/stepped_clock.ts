/**
 * A clock a test steps by hand that brunt takes for a real one: it has no
 * `track`, so real work on it is not waited for, and limits of real work
 * (a sys_call's timeout, a request's) are timed on it. Tests use it to reach
 * such a limit without waiting for it in real time.
 *
 * @module
 */
import type { Clock } from "../../src/clock/clock.ts";
import { SimulatedClock } from "../../src/clock/simulated_clock.ts";

/** A real-seeming clock and the means to move it. */
export interface SteppedClock {
  /** The clock to give to the code under test. */
  clock: Clock;
  /** Moves its time forward by `ms`, firing the timers due, as `SimulatedClock.advance`. */
  advance(ms: number): Promise<void>;
}

/** Creates a {@linkcode SteppedClock} at simulated time 1_700_000_000_000. */
export function steppedClock(): SteppedClock {
  const timers = new SimulatedClock();
  return {
    clock: {
      now: () => timers.now(),
      setTimeout: (fn, ms) => timers.setTimeout(fn, ms),
      clearTimeout: (id) => timers.clearTimeout(id),
    },
    advance: (ms) => timers.advance(ms),
  };
}
