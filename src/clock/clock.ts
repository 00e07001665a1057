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
 * A clock: XState's `Clock` (`setTimeout`, `clearTimeout`) plus `now`.
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
