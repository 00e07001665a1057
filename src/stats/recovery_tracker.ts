/**
 * When a load is back to its baseline after a fault ended: a sliding window
 * over the iterations that complete after the fault's end, streaming, in
 * memory of one counter triple per step of the window.
 *
 * @module
 */

/** What a {@linkcode RecoveryTracker} measures against. */
export interface RecoveryLimits {
  /** The fault's end, epoch µs: recovery is measured from here. */
  fromUs: number;
  /** How far the window slides at a time, µs (an integer ≥ 1). */
  stepUs: number;
  /** The window's length in steps (an integer ≥ 1). */
  steps: number;
  /** Steps the window must stay healthy after the first healthy position (an integer ≥ 0). */
  holdSteps: number;
  /** An iteration longer than this (seconds) counts as slow; Infinity: none does. */
  slowSeconds: number;
  /** Highest healthy failure rate, percent. */
  maxFailurePercent: number;
}

/** What a {@linkcode RecoveryTracker} has decided. */
export type RecoveryState =
  | { status: "pending"; atLeastUs: number }
  | { status: "recovered"; afterUs: number };

/**
 * Slides a window of `steps × stepUs` over the iterations by their end, from
 * the fault's end on, a step at a time. A position is healthy when at least
 * one iteration completed in it, its failure rate is at most
 * `maxFailurePercent`, and at most 5 % of its iterations are slow (its p95
 * by nearest rank is within `slowSeconds`). The load has recovered when the
 * first iteration of the first healthy position followed by `holdSteps`
 * more healthy positions ended (the first completion of the good run); a
 * position counts only once it is complete (an iteration ended after it,
 * which the completion order guarantees).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RecoveryTracker } from "./recovery_tracker.ts";
 * const tracker = new RecoveryTracker({
 *   fromUs: 0, stepUs: 100_000, steps: 10, holdSteps: 0, slowSeconds: 0.5, maxFailurePercent: 1,
 * });
 * for (let t = 50_000; t <= 1_200_000; t += 100_000) tracker.add(t, 0.01, false);
 * assert.deepEqual(tracker.state, { status: "recovered", afterUs: 50_000 });
 * ```
 */
export class RecoveryTracker {
  readonly #l: RecoveryLimits;
  readonly #count: Int32Array;
  readonly #failed: Int32Array;
  readonly #slow: Int32Array;
  // The first end in each slot, µs after the fault's end.
  readonly #firstEnd: Float64Array;
  #n = 0;
  #nFailed = 0;
  #nSlow = 0;
  /** The step the latest iteration ended in. */
  #step = 0;
  /** The healthy run's first position, and its first end (µs after the fault's end). */
  #streak: { position: number; firstEndUs: number } | undefined;
  #state: RecoveryState = { status: "pending", atLeastUs: 0 };
  /** Called when the earliest possible recovery moves later, with it (µs after the fault's end). */
  onPending: ((atLeastUs: number) => void) | undefined;

  /** A tracker from the fault's end on. */
  constructor(limits: RecoveryLimits) {
    this.#l = limits;
    this.#count = new Int32Array(limits.steps);
    this.#failed = new Int32Array(limits.steps);
    this.#slow = new Int32Array(limits.steps);
    this.#firstEnd = new Float64Array(limits.steps);
  }

  /** What is decided so far. */
  get state(): RecoveryState {
    return this.#state;
  }

  /** Takes an iteration that ended at `endUs` (epoch µs), lasting `duration` seconds. */
  add(endUs: number, duration: number, failed: boolean): void {
    if (this.#state.status !== "pending" || endUs < this.#l.fromUs) return;
    const after = endUs - this.#l.fromUs;
    const step = Math.floor(after / this.#l.stepUs);
    if (step > this.#step) {
      this.#advance(step);
      if (this.#state.status !== "pending") return;
    } else if (step <= this.#step - this.#l.steps) return; // its step has left the window
    const slot = step % this.#l.steps;
    if (this.#count[slot]++ === 0 || after < this.#firstEnd[slot]) this.#firstEnd[slot] = after;
    this.#n++;
    if (failed) {
      this.#failed[slot]++;
      this.#nFailed++;
    }
    if (duration > this.#l.slowSeconds) {
      this.#slow[slot]++;
      this.#nSlow++;
    }
  }

  // Steps in from `#step + 1` to `step`: each one that starts completes the
  // position whose window ends right before it.
  #advance(step: number): void {
    const m = this.#l.steps;
    while (this.#step < step) {
      const next = ++this.#step;
      const position = next - m;
      if (position >= 0 && this.#judge(position)) return;
      // The slot of the step leaving the window becomes the slot of `next`.
      const slot = next % m;
      this.#n -= this.#count[slot];
      this.#nFailed -= this.#failed[slot];
      this.#nSlow -= this.#slow[slot];
      this.#count[slot] = this.#failed[slot] = this.#slow[slot] = 0;
      // An empty window stays empty until `step`: the positions in between
      // are all unhealthy, so jump to the last of them.
      if (this.#n === 0 && step - next > m) {
        this.#judge(step - m - 1);
        this.#step = step - 1;
      }
    }
  }

  // The earliest end in position `p` (its slots p … p+steps−1, which hold an iteration).
  #firstEndIn(p: number): number {
    const m = this.#l.steps;
    for (let step = p; step < p + m; step++) {
      if (this.#count[step % m] > 0) return this.#firstEnd[step % m];
    }
    return p * this.#l.stepUs;
  }

  /** Judges the complete position `p`; returns whether that decided the recovery. */
  #judge(p: number): boolean {
    const n = this.#n;
    const healthy = n > 0 && this.#nFailed * 100 <= this.#l.maxFailurePercent * n &&
      this.#nSlow * 20 <= n;
    if (healthy) {
      const streak = this.#streak ??= { position: p, firstEndUs: this.#firstEndIn(p) };
      if (p - streak.position >= this.#l.holdSteps) {
        this.#state = { status: "recovered", afterUs: streak.firstEndUs };
        return true;
      }
      return false;
    }
    this.#streak = undefined;
    const atLeastUs = (p + 1) * this.#l.stepUs;
    this.#state = { status: "pending", atLeastUs };
    this.onPending?.(atLeastUs);
    return false;
  }
}
