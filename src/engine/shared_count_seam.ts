/**
 * SharedCountSeam: the coordinator's seam for a load split over workers.
 *
 * @module
 */
import type { TriggerUnit } from "../model/hook_result.ts";
import type { HookRunObserver, HookSeam, SeamListener } from "./load_seam.ts";
import { SharedCount } from "./shared_count.ts";

/**
 * The hook side's seam when the load runs in segments elsewhere: the hook
 * executor's awaited point goes into the {@linkcode SharedCount} every
 * segment adds to, and the point is reached when a segment claims it (and
 * says so with {@linkcode reached}) or when it was already passed. Segments
 * that cannot share memory (other machines) report their counts with
 * {@linkcode add} instead. The load starts when the coordinator releases the
 * segments (on its clock).
 */
export class SharedCountSeam implements HookSeam {
  /** The count the segments share. */
  readonly count: SharedCount;
  #listener: SeamListener | undefined;
  #observer: HookRunObserver | undefined;
  #started = false;
  // The point awaited and not reached yet: a claim heard twice (by its
  // message and in the shared memory) is passed on once.
  #pending: number | undefined;

  /** A seam over `memory` (see `SharedCount.memory`). */
  constructor(memory: SharedArrayBuffer | ArrayBuffer) {
    this.count = new SharedCount(memory);
  }

  /** The hook side connects. */
  connect(listener: SeamListener): void {
    this.#listener = listener;
  }

  /** The coordinator's resilience analysis connects: it hears the hook runs. */
  observeRuns(observer: HookRunObserver): void {
    this.#observer = observer;
  }

  /** A hook run started: told to the resilience analysis. */
  runStarted(
    hookIndex: number,
    seq: number,
    triggeredBy: { event_type: TriggerUnit; value: number },
    atMs: number,
  ): void {
    this.#observer?.runStarted(hookIndex, seq, triggeredBy, atMs);
  }

  /** A hook run ended: told to the resilience analysis. */
  runEnded(seq: number, finishedAt: number): void {
    this.#observer?.runEnded(seq, finishedAt);
  }

  /** The hook side awaits `point` next; reached at once when already passed. */
  await(point: number | undefined): void {
    this.#pending = point;
    if (this.count.await(point)) this.reached(point!);
  }

  /** A segment claimed `point` (it made the count reach it). */
  reached(point: number): void {
    if (point !== this.#pending) return;
    this.#pending = undefined;
    this.#listener?.pointReached(point);
  }

  /** A segment that does not share the count completed `n` more iterations. */
  add(n: number): void {
    const point = this.count.add(n);
    if (point !== undefined) this.reached(point);
  }

  /** The load started at `at` (epoch ms, the segments' release); told once. */
  loadStarted(at: number): void {
    if (this.#started) return;
    this.#started = true;
    this.#observer?.loadStarted(at);
    this.#listener?.loadStarted(at);
  }
}
