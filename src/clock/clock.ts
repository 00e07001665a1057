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

/** A clock: XState's `Clock` (`setTimeout`, `clearTimeout`) plus `now`. */
export interface Clock {
  /** Milliseconds since the Unix epoch, with sub-millisecond precision. */
  now(): number;
  /** Calls `fn` once `ms` milliseconds have passed on this clock. */
  setTimeout(fn: () => void, ms: number): TimerId;
  /** Cancels a timer set with {@linkcode Clock.setTimeout}; unknown ids are ignored. */
  clearTimeout(id: TimerId): void;
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
