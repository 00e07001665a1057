import type { Clock, TimerId } from "./clock.ts";

interface Timer {
  id: number;
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
 * @example
 * ```ts
 * import { SimulatedClock, sleep } from "../../mod.ts";
 * const clock = new SimulatedClock();
 * let woke = false;
 * sleep(clock, 5_000).then(() => woke = true);
 * await clock.advance(5_000);
 * console.assert(woke);
 * ```
 */
export class SimulatedClock implements Clock {
  #now: number;
  #seq = 0;
  // Binary min-heap on (at, id).
  #heap: Timer[] = [];
  #cancelled = new Set<number>();
  // Ids of timers in the heap that are neither fired nor cancelled: clearing
  // an unknown or already fired id must not count or be remembered.
  #live = new Set<number>();

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
    this.#push({ id, at: this.#now + Math.max(0, ms || 0), fn });
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

  /** The time of the next pending timer, or undefined when none is pending. */
  nextTimerAt(): number | undefined {
    this.#dropCancelledTop();
    return this.#heap[0]?.at;
  }

  /**
   * Moves time forward by `ms`, firing every timer due up to then in order
   * and letting promise jobs settle after each.
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
    await settle();
    for (;;) {
      this.#dropCancelledTop();
      const top = this.#heap[0];
      if (!top || top.at > until) break;
      this.#pop();
      this.#live.delete(top.id);
      this.#now = Math.max(this.#now, top.at);
      top.fn();
      await settle();
    }
    this.#now = Math.max(this.#now, until);
  }

  /**
   * Fires timers in order until `done()` is true or no timer is pending
   * (at most `limitMs` of simulated time). Returns the simulated milliseconds
   * that passed.
   */
  async runUntil(done: () => boolean, limitMs = Number.POSITIVE_INFINITY): Promise<number> {
    const from = this.#now;
    await settle();
    while (!done()) {
      const next = this.nextTimerAt();
      if (next === undefined || next - from > limitMs) break;
      await this.advance(next - this.#now);
    }
    return this.#now - from;
  }

  #dropCancelledTop(): void {
    while (this.#heap.length && this.#cancelled.has(this.#heap[0].id)) {
      this.#cancelled.delete(this.#heap[0].id);
      this.#pop();
    }
  }

  #less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.id < b.id);
  }

  #push(t: Timer): void {
    const h = this.#heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  #pop(): Timer | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && this.#less(h[l], h[m])) m = l;
        if (r < h.length && this.#less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

// A macrotask turn: every promise job queued before it has run by then.
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
