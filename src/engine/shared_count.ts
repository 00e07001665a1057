/**
 * SharedCount: the completed-iteration count of a load split over workers,
 * in memory they all share, and the one point the hooks wait for.
 *
 * @module
 */

// Slots of the shared array.
const COMPLETED = 0;
const AWAITED = 1;
// The point a segment claimed, until the coordinator takes it (an Int32 slot: it can be waited on).
const CLAIMED = 2;

/** Slots a {@linkcode SharedCount} needs: make its memory with `SharedCount.memory()`. */
const SLOTS = 3;

/**
 * The global count of completed iterations of one workload, which every
 * segment adds to (one atomic add an iteration), and the count the hooks
 * await next. Whoever makes the count reach the awaited point (the worker
 * whose add made it, or the coordinator setting a point already passed)
 * claims it, atomically, so each point is reached exactly once however the
 * adds of many threads interleave. Counts are unsigned 32-bit: up to
 * 4,294,967,295 iterations a workload.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SharedCount } from "./shared_count.ts";
 * const count = new SharedCount(SharedCount.memory());
 * count.await(2);
 * assert.equal(count.add(1), undefined);
 * assert.equal(count.add(1), 2); // this add reached the awaited point
 * assert.equal(count.await(1), true); // a point already passed is reached at once
 * ```
 */
export class SharedCount {
  readonly #slots: Uint32Array;
  readonly #claims: Int32Array;

  /** A count over `memory` (from {@linkcode SharedCount.memory}), shared or not. */
  constructor(memory: SharedArrayBuffer | ArrayBuffer) {
    this.#slots = new Uint32Array(memory, 0, SLOTS);
    this.#claims = new Int32Array(memory, 0, SLOTS);
  }

  /** Memory for a count, shared between threads: starts at 0 with no point awaited. */
  static memory(): SharedArrayBuffer {
    return new SharedArrayBuffer(SLOTS * Uint32Array.BYTES_PER_ELEMENT);
  }

  /** Iterations completed so far, across all segments. */
  get completed(): number {
    return Atomics.load(this.#slots, COMPLETED);
  }

  /**
   * Adds `n` completed iterations; returns the awaited point when this add
   * reached it (and claimed it: nobody else will), else undefined.
   */
  add(n: number): number | undefined {
    const after = Atomics.add(this.#slots, COMPLETED, n) + n;
    const awaited = Atomics.load(this.#slots, AWAITED);
    if (awaited === 0 || awaited > after || awaited <= after - n) return undefined;
    if (Atomics.compareExchange(this.#slots, AWAITED, awaited, 0) !== awaited) return undefined;
    // Posted where a coordinator in another thread waits for it (see `claims`).
    Atomics.store(this.#claims, CLAIMED, awaited);
    Atomics.notify(this.#claims, CLAIMED);
    return awaited;
  }

  /**
   * Calls `onClaim` with each point a segment in another thread claims, as
   * soon as it is posted to the shared memory: an event of its own, not a
   * message queued behind the segments' reports. Returns a function that
   * stops listening. Needs shared memory.
   */
  claims(onClaim: (point: number) => void): () => void {
    let listening = true;
    const listen = () => {
      const wait = Atomics.waitAsync(this.#claims, CLAIMED, 0);
      const take = () => {
        const point = Atomics.exchange(this.#claims, CLAIMED, 0);
        if (!listening) return;
        if (point !== 0) onClaim(point);
        listen();
      };
      if (wait.async) wait.value.then(take);
      else take();
    };
    listen();
    return () => {
      listening = false;
      Atomics.notify(this.#claims, CLAIMED);
    };
  }

  /**
   * The hooks wait for `point` next (undefined: for none). Returns true when
   * the count has already reached it and this call claimed it.
   */
  await(point: number | undefined): boolean {
    const p = point ?? 0;
    Atomics.store(this.#slots, AWAITED, p);
    return p !== 0 && Atomics.load(this.#slots, COMPLETED) >= p &&
      Atomics.compareExchange(this.#slots, AWAITED, p, 0) === p;
  }
}
