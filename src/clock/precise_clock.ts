/**
 * PreciseClock: the real clock, with timers that fire within a fraction of
 * a millisecond of their time instead of the host's 1–2 ms.
 *
 * Deno's timers have whole-millisecond resolution: `setTimeout(fn, 5.7)`
 * runs after 5 ms plus about 1.1 ms (so anywhere from 0.6 ms early to 1.5 ms
 * late), and `setTimeout(fn, 0)` after about 2 ms. Time triggers and the rps
 * runner's schedule need better. Here a host timer wakes the process a
 * couple of milliseconds ahead; the timer then waits in a queue that is
 * looked at on every turn of the event loop (one `setImmediate` per turn)
 * until its time has come, and fires on the first turn at or after it.
 * Under load the runners' `breathe()` yields as soon as a queued timer is
 * due (see {@linkcode PreciseClock.dueAt}), so it fires within about one
 * iteration. The cost: while a timer waits in the queue the process does
 * not sleep (at most the lead, about 2 ms per timer when otherwise idle).
 *
 * @module
 */
import type { Clock, TimerId } from "./clock.ts";
import { RealClock } from "./real_clock.ts";
import { TimerHeap } from "./timer_heap.ts";

/** How far ahead of a timer's time the host timer wakes the process, in ms. */
export const DEFAULT_LEAD_MS = 2;

interface PreciseTimer {
  readonly owner: PreciseClock;
  readonly seq: number;
  readonly at: number;
  readonly fn: () => void;
  host: TimerId | undefined;
  cancelled: boolean;
}

/** The real clock with sub-millisecond timers (see the module doc). */
export class PreciseClock implements Clock {
  readonly #base = new RealClock();
  readonly #leadMs: number;
  // Timers whose host timer has fired.
  readonly #queue = new TimerHeap<PreciseTimer>();
  #seq = 0;
  #turning = false;

  /** Builds a clock whose host timers wake `leadMs` milliseconds early. */
  constructor(leadMs: number = DEFAULT_LEAD_MS) {
    this.#leadMs = leadMs;
  }

  /** Milliseconds since the Unix epoch, as {@linkcode RealClock.now}. */
  now(): number {
    return this.#base.now();
  }

  /** Calls `fn` on the first event-loop turn at or after now + `ms`; ties fire in the order set. */
  setTimeout(fn: () => void, ms: number): TimerId {
    const delay = Math.max(0, ms || 0);
    const timer: PreciseTimer = {
      owner: this,
      seq: ++this.#seq,
      at: this.now() + delay,
      fn,
      host: undefined,
      cancelled: false,
    };
    if (delay > this.#leadMs) {
      timer.host = this.#base.setTimeout(() => {
        timer.host = undefined;
        this.#enqueue(timer);
      }, delay - this.#leadMs);
    } else this.#enqueue(timer);
    return timer;
  }

  /** Cancels a timer set with {@linkcode PreciseClock.setTimeout}; other ids are ignored. */
  clearTimeout(id: TimerId): void {
    const timer = id as PreciseTimer | undefined;
    if (typeof timer !== "object" || timer === null || timer.owner !== this) return;
    timer.cancelled = true;
    if (timer.host !== undefined) this.#base.clearTimeout(timer.host);
    timer.host = undefined;
  }

  /**
   * When the earliest queued timer is due, on `performance.now()`'s scale;
   * Infinity when none is queued. Runners compare it with
   * `performance.now()` to yield the moment a timer is due.
   */
  dueAt(): number {
    const top = this.#queue.peek();
    return top ? top.at - performance.timeOrigin : Number.POSITIVE_INFINITY;
  }

  #enqueue(timer: PreciseTimer): void {
    if (timer.cancelled) return;
    this.#queue.push(timer);
    if (!this.#turning) {
      this.#turning = true;
      setImmediate(this.#turn);
    }
  }

  // One look per event-loop turn: fire what is due, then look again next turn.
  #turn = (): void => {
    const now = this.now();
    const queue = this.#queue;
    for (let top = queue.peek(); top && (top.cancelled || top.at <= now); top = queue.peek()) {
      const timer = queue.pop()!;
      if (timer.cancelled) continue;
      timer.cancelled = true;
      try {
        timer.fn();
      } catch (e) {
        // As a host timer's exception would: uncaught, without stopping the other timers.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
    if (queue.size) setImmediate(this.#turn);
    else this.#turning = false;
  };
}
