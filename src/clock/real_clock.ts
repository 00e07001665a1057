import { type Clock, isSimulated, type TimerId } from "./clock.ts";

/** The wall clock: `performance.timeOrigin + performance.now()` and the host's timers. */
export class RealClock implements Clock {
  /** Milliseconds since the Unix epoch, monotonic within the process. */
  now(): number {
    return performance.timeOrigin + performance.now();
  }
  /** Schedules `fn` on the host's timer queue. */
  setTimeout(fn: () => void, ms: number): TimerId {
    return setTimeout(fn, ms);
  }
  /** Cancels a host timer. */
  clearTimeout(id: TimerId): void {
    clearTimeout(id as number);
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
 * import { RealClock, realTimeClock, SimulatedClock } from "../../mod.ts";
 * console.assert(realTimeClock(new SimulatedClock()) instanceof RealClock);
 * ```
 */
export function realTimeClock(clock: Clock): Clock {
  return isSimulated(clock) ? new RealClock() : clock;
}
