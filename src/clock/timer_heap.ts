/**
 * The queue of pending timers both clocks of their own keep: a binary
 * min-heap on (due time, order set), so ties fire in the order they were set.
 *
 * @module
 */

/** A timer as the heap orders it. */
export interface QueuedTimer {
  /** When it is due, epoch ms. */
  readonly at: number;
  /** Order in which it was set. */
  readonly seq: number;
}

/** Pending timers, earliest (then first set) first. */
export class TimerHeap<T extends QueuedTimer> {
  readonly #h: T[] = [];

  /** How many timers are queued. */
  get size(): number {
    return this.#h.length;
  }

  /** The earliest timer, left queued. */
  peek(): T | undefined {
    return this.#h[0];
  }

  /** Queues `t`. */
  push(t: T): void {
    const h = this.#h;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  /** Takes the earliest timer off the queue. */
  pop(): T | undefined {
    const h = this.#h;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && before(h[l], h[m])) m = l;
        if (r < h.length && before(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function before(a: QueuedTimer, b: QueuedTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
