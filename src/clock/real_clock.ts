import type { Clock, TimerId } from "./clock.ts";

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
