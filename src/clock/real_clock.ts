import { type Clock, isSimulated, type TimerId } from "./clock.ts";

/**
 * The longest delay a host timer takes, in ms (2³¹ − 1, about 24.8 days).
 * A longer one overflows: the host fires it after 1 ms and warns.
 */
export const MAX_HOST_DELAY_MS = 2 ** 31 - 1;

// A timer longer than the host takes, armed in steps; `host` is the step pending now.
// A class, so that its ids are told from the host's own, which may be objects
// too (a Node.js `Timeout`, as Deno's setTimeout gives where Node.js globals are on).
class ChainedTimer {
  host: ReturnType<typeof setTimeout> | undefined;
}

/**
 * The wall clock: `performance.timeOrigin + performance.now()` and the host's
 * timers.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, RealClock, runTask } from "@brunt/brunt";
 * const task = parseTask("Dummy.dummy: [{runner: {type: serial, times: 2}}]", "task.yaml");
 * const before = Date.now() / 1000;
 * const { document } = await runTask(task, { clock: new RealClock() });
 * const after = Date.now() / 1000;
 * const started = document.tasks[0].subtasks[0].workloads[0].start_time!;
 * assert.ok(before - 1 < started && started < after + 1); // epoch seconds, now
 * ```
 */
export class RealClock implements Clock {
  /** Milliseconds since the Unix epoch, monotonic within the process. */
  now(): number {
    return performance.timeOrigin + performance.now();
  }
  /**
   * Schedules `fn` on the host's timer queue. A delay beyond
   * {@linkcode MAX_HOST_DELAY_MS} (an event 30 days into a soak) is armed in
   * steps the host takes, each re-armed for what is left, so it fires on
   * time instead of at once.
   */
  setTimeout(fn: () => void, ms: number): TimerId {
    if (!(ms > MAX_HOST_DELAY_MS)) return setTimeout(fn, ms);
    const at = this.now() + ms;
    const timer = new ChainedTimer();
    const arm = () => {
      const left = at - this.now();
      timer.host = left > MAX_HOST_DELAY_MS
        ? setTimeout(arm, MAX_HOST_DELAY_MS)
        : setTimeout(fn, Math.max(0, left));
    };
    arm();
    return timer;
  }
  /** Cancels a host timer, or the pending step of a chained one. */
  clearTimeout(id: TimerId): void {
    const host = id instanceof ChainedTimer ? id.host : id;
    clearTimeout(host as ReturnType<typeof setTimeout>);
  }
}

/**
 * The clock to time the limits of real work with (a subprocess's timeout, a
 * request's): `clock` itself when its time is real, a {@linkcode RealClock}
 * when it is simulated — simulated time stands still while real work runs
 * (see `Clock.track`), so a limit on it would never be reached.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RealClock, realTimeClock } from "./real_clock.ts";
 * import { SimulatedClock } from "./simulated_clock.ts";
 * // A limit on real work, such as a request's timeout, counts real time.
 * assert.ok(realTimeClock(new SimulatedClock()) instanceof RealClock);
 * const real = new RealClock();
 * assert.equal(realTimeClock(real), real);
 * ```
 */
export function realTimeClock(clock: Clock): Clock {
  return isSimulated(clock) ? new RealClock() : clock;
}
