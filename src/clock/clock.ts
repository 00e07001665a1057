/**
 * The one source of time for brunt: XState's clock interface plus `now`.
 *
 * Every actor (`createActor(…, { clock })`), runner timer, scenario sleep,
 * hook timeout and timestamp goes through a `Clock`, so a simulated clock
 * makes a whole task deterministic.
 *
 * @module
 */

/** Handle returned by {@linkcode Clock.setTimeout}. */
export type TimerId = unknown;

/**
 * A clock: XState's `Clock` (`setTimeout`, `clearTimeout`) plus `now`, and
 * two optional capabilities the engine chooses its behaviour by:
 * {@linkcode Clock.track} (the clock's time is simulated) and
 * {@linkcode Clock.dueAt} (the clock can say when its next timer is due).
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
 *
 * @example
 * ```ts
 * import { isSimulated } from "./clock.ts";
 * import { RealClock } from "./real_clock.ts";
 * import { SimulatedClock } from "./simulated_clock.ts";
 * console.assert(isSimulated(new SimulatedClock()) && !isSimulated(new RealClock()));
 * ```
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
 * import { realWork, SimulatedClock } from "../../mod.ts";
 * const clock = new SimulatedClock();
 * const before = clock.now();
 * const text = await realWork(clock, Deno.readTextFile("deno.json"));
 * await clock.runUntil(() => true);
 * console.assert(text.length > 0 && clock.now() === before);
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
 * import { RealClock, sleep } from "../../mod.ts";
 * await sleep(new RealClock(), 1);
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
