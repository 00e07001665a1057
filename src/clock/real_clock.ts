import type { Clock, TimerId } from "./clock.ts";

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
  /** Schedules `fn` on the host's timer queue. */
  setTimeout(fn: () => void, ms: number): TimerId {
    return setTimeout(fn, ms);
  }
  /** Cancels a host timer. */
  clearTimeout(id: TimerId): void {
    clearTimeout(id as number);
  }
}
