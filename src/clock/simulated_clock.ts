import type { Clock, TimerId } from "./clock.ts";
import { TimerHeap } from "./timer_heap.ts";

interface Timer {
  seq: number;
  at: number;
  fn: () => void;
}

/** Options of {@linkcode SimulatedClock}. */
export interface SimulatedClockOptions {
  /**
   * The simulated time at start, in epoch milliseconds.
   * @default 1_700_000_000_000
   */
  start?: number;
}

/**
 * A clock whose time moves only when told to. `advance(ms)` fires due timers
 * in time order (ties in the order they were set) and lets promise jobs
 * settle after each one, so code awaiting the clock runs as it would in real
 * time, only at once and identically on every run.
 *
 * Real work (a subprocess, a socket, a file) given to
 * {@linkcode SimulatedClock.track} takes no simulated time: before it moves
 * time on or fires a timer, the clock waits — on real time, without
 * spinning — until no tracked work is in flight.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SimulatedClock } from "@brunt/brunt/testing";
 * const clock = new SimulatedClock();
 * let woke = false;
 * clock.setTimeout(() => woke = true, 5_000);
 * await clock.advance(4_999);
 * assert.equal(woke, false);
 * await clock.advance(1);
 * assert.equal(woke, true);
 * ```
 */
export class SimulatedClock implements Clock {
  #now: number;
  #seq = 0;
  #heap = new TimerHeap<Timer>();
  #cancelled = new Set<number>();
  // Ids of timers in the heap that are neither fired nor cancelled: clearing
  // an unknown or already fired id must not count or be remembered.
  #live = new Set<number>();
  // Real work in flight (see track), and who waits for there to be none.
  #real = 0;
  #idleWaiters: (() => void)[] = [];

  /** Creates a simulated clock at `options.start`. */
  constructor(options: SimulatedClockOptions = {}) {
    this.#now = options.start ?? 1_700_000_000_000;
  }

  /** The simulated time in epoch milliseconds. */
  now(): number {
    return this.#now;
  }

  /** Schedules `fn` at now + ms of simulated time. */
  setTimeout(fn: () => void, ms: number): TimerId {
    const id = ++this.#seq;
    this.#live.add(id);
    this.#heap.push({ seq: id, at: this.#now + Math.max(0, ms || 0), fn });
    return id;
  }

  /** Cancels a pending timer. */
  clearTimeout(id: TimerId): void {
    if (typeof id === "number" && this.#live.delete(id)) this.#cancelled.add(id);
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.#live.size;
  }

  /** Number of tracked real work items not yet settled (see {@linkcode SimulatedClock.track}). */
  get realWorkInFlight(): number {
    return this.#real;
  }

  /**
   * Counts `work` as real work in flight until it settles; until then time
   * stands still and no timer fires. Returns a promise that settles as
   * `work` does. Never wait for this clock's timers inside `work`: they
   * cannot fire before it settles.
   */
  track<T>(work: Promise<T>): Promise<T> {
    this.#real++;
    const release = () => {
      if (--this.#real > 0) return;
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const wake of waiters) wake();
    };
    return Promise.resolve(work).then((value) => {
      release();
      return value;
    }, (error) => {
      release();
      throw error;
    });
  }

  /** The time of the next pending timer, or undefined when none is pending. */
  nextTimerAt(): number | undefined {
    this.#dropCancelledTop();
    return this.#heap.peek()?.at;
  }

  /**
   * Moves time forward by `ms`, firing every timer due up to then in order
   * and letting promise jobs settle after each. Before each timer, and
   * before the last step to now + `ms`, it waits until no tracked real work
   * is in flight.
   *
   * @throws {RangeError} when `ms` is not a number ≥ 0 (NaN would fire every
   *   timer and leave the clock at NaN).
   */
  async advance(ms: number): Promise<void> {
    if (!(typeof ms === "number" && ms >= 0)) {
      throw new RangeError(
        `SimulatedClock.advance: ms must be a number of milliseconds ≥ 0; got ${String(ms)}`,
      );
    }
    const until = this.#now + ms;
    await this.#quiesce();
    for (;;) {
      this.#dropCancelledTop();
      const top = this.#heap.peek();
      if (!top || top.at > until) break;
      this.#heap.pop();
      this.#live.delete(top.seq);
      this.#now = Math.max(this.#now, top.at);
      top.fn();
      await this.#quiesce();
    }
    this.#now = Math.max(this.#now, until);
  }

  /**
   * Fires timers in order until `done()` is true, or no timer is pending
   * and no tracked real work is in flight (at most `limitMs` of simulated
   * time). Returns the simulated milliseconds that passed.
   */
  async runUntil(done: () => boolean, limitMs = Number.POSITIVE_INFINITY): Promise<number> {
    const from = this.#now;
    await this.#quiesce();
    while (!done()) {
      const next = this.nextTimerAt();
      if (next === undefined || next - from > limitMs) break;
      await this.advance(next - this.#now);
    }
    return this.#now - from;
  }

  // Lets promise jobs settle, then waits until no real work is in flight,
  // letting the jobs it leaves behind settle too (they may start more).
  async #quiesce(): Promise<void> {
    await settle();
    while (this.#real > 0) {
      await new Promise<void>((wake) => this.#idleWaiters.push(wake));
      await settle();
    }
  }

  #dropCancelledTop(): void {
    for (
      let top = this.#heap.peek();
      top && this.#cancelled.has(top.seq);
      top = this.#heap.peek()
    ) {
      this.#cancelled.delete(top.seq);
      this.#heap.pop();
    }
  }
}

// A macrotask turn: every promise job queued before it has run by then.
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
