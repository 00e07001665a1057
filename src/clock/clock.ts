/**
 * The one source of time for brunt: XState's clock interface plus `now`.
 *
 * Every actor (`createActor(…, { clock })`), runner timer, scenario sleep,
 * hook timeout and timestamp goes through a `Clock`, so a simulated clock
 * makes a whole task deterministic.
 *
 * @module
 */

/**
 * Handle returned by {@linkcode Clock.setTimeout}: pass it to
 * {@linkcode Clock.clearTimeout} on the same clock, and to nothing else.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { TimerId } from "@brunt/brunt";
 * import { SimulatedClock } from "@brunt/brunt/testing";
 * const clock = new SimulatedClock();
 * let fired = false;
 * const id: TimerId = clock.setTimeout(() => fired = true, 1_000);
 * clock.clearTimeout(id);
 * await clock.advance(5_000);
 * assert.equal(fired, false);
 * ```
 */
export type TimerId = unknown;

/**
 * A clock: XState's `Clock` (`setTimeout`, `clearTimeout`) plus `now`, and
 * two optional capabilities the engine chooses its behaviour by:
 * {@linkcode Clock.track} (the clock's time is simulated) and
 * {@linkcode Clock.dueAt} (the clock can say when its next timer is due).
 * Code that waits or takes timestamps through the clock it is given (as
 * plugins do with `ctx.clock` and `this.clock`) runs the same on the real
 * clock and, at once, on a simulated one.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { Clock } from "@brunt/brunt";
 * import { SimulatedClock } from "@brunt/brunt/testing";
 * // Resolves with the clock's time once `ms` have passed on it.
 * const wake = (clock: Clock, ms: number) =>
 *   new Promise<number>((resolve) => clock.setTimeout(() => resolve(clock.now()), ms));
 * const clock = new SimulatedClock();
 * const woke = wake(clock, 90_000);
 * await clock.advance(90_000); // a minute and a half, at once
 * assert.equal(await woke, 1_700_000_090_000);
 * ```
 */
export interface Clock {
  /** Milliseconds since the Unix epoch, with sub-millisecond precision. */
  now(): number;
  /** Calls `fn` once `ms` milliseconds have passed on this clock. */
  setTimeout(fn: () => void, ms: number): TimerId;
  /** Cancels a timer set with {@linkcode Clock.setTimeout}; unknown ids are ignored. */
  clearTimeout(id: TimerId): void;
  /**
   * Present only on a clock whose time is simulated (it moves when the clock
   * is driven, not by itself, like `SimulatedClock`). Counts
   * `work` — a subprocess, a socket, a file: anything that takes real time —
   * as real work in flight until it settles. While any is in flight the
   * clock's time stands still and none of its timers fires, so real work
   * takes no simulated time and every replay is the same. Returns a promise
   * that settles as `work` does.
   *
   * Never wait for this clock's own timers inside `work`: they cannot fire
   * before it settles. Time the limits of real work on the real clock
   * (`AbortSignal.timeout`, or `realTimeClock`).
   *
   * Call it through {@linkcode realWork}, which leaves `work` as it is on a
   * real clock.
   */
  track?<T>(work: Promise<T>): Promise<T>;
  /**
   * Present only on a clock that queues due timers for the event loop to
   * run (PreciseClock): when its earliest queued timer is due, on
   * `performance.now()`'s scale; Infinity when none is. Runners yield as soon
   * as it has passed, so that timer fires on time under a busy load.
   */
  dueAt?(): number;
}

/**
 * Whether `clock`'s time is simulated, that is whether it has
 * {@linkcode Clock.track}: its time moves only when it is driven.
 */
export function isSimulated(clock: Clock): boolean {
  return typeof clock.track === "function";
}

/**
 * Runs `work` (real I/O done on a run's behalf: a subprocess, a socket, a
 * file) as real work on `clock`: on a simulated clock, time stands still
 * until it settles (see {@linkcode Clock.track}); on a real clock it is
 * returned as it is.
 *
 * @param clock The run's clock (a hook's `this.clock`, a scenario's `ctx.clock`).
 * @param work The real work, already started.
 * @returns A promise that settles as `work` does.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { realWork } from "./clock.ts";
 * import { SimulatedClock } from "./simulated_clock.ts";
 * const clock = new SimulatedClock();
 * const start = clock.now();
 * // 20 real milliseconds of work (a subprocess, a request) …
 * const work = new Promise((done) => setTimeout(done, 20));
 * const took = realWork(clock, work).then(() => clock.now() - start);
 * await clock.advance(1_000); // … which time waits for before it moves
 * assert.equal(await took, 0);
 * ```
 */
export function realWork<T>(clock: Clock, work: Promise<T>): Promise<T> {
  return clock.track ? clock.track(work) : work;
}

/**
 * Resolves after `ms` milliseconds on `clock`, or rejects with the signal's
 * reason once `signal` aborts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SimulatedClock } from "@brunt/brunt/testing";
 * import { sleep } from "./clock.ts";
 * const clock = new SimulatedClock();
 * const slept = sleep(clock, 1_500);
 * await clock.advance(1_500);
 * await slept;
 * assert.equal(clock.now(), new SimulatedClock().now() + 1_500);
 * ```
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0 && !signal) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(id);
      reject(signal!.reason);
    };
    const id = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
