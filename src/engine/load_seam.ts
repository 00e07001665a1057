/**
 * LoadSeam: where the load's plain-call path meets the hook statecharts.
 *
 * The per-iteration path (runner → driver → executor → result consumer) is
 * plain calls: an XState event costs about 2 µs and an iteration's whole
 * budget is about 3 µs. The hook executor is a statechart. Across this seam
 * the two tell each other, explicitly, only what the other must know: the
 * executor says which completed-iteration count it waits for next, and when
 * each hook run starts and ends; the load says when it started and when that
 * count is reached. No side reads the other's state.
 *
 * @module
 */
import type { TriggerUnit } from "../model/hook_result.ts";

/** What the hook side hears from the load. */
export interface SeamListener {
  /** The load started (its first iteration's start, epoch ms). */
  loadStarted(at: number): void;
  /** `point`, the count awaited, has been reached. */
  pointReached(point: number): void;
}

/** What the load side (its resilience analysis) hears of the hook runs. */
export interface HookRunObserver {
  /** The load started (its first iteration's start, epoch ms). */
  loadStarted(at: number): void;
  /** A run of hook `hookIndex` (firing order `seq`) started at `atMs` (epoch ms, its `started_at`). */
  runStarted(
    hookIndex: number,
    seq: number,
    triggeredBy: { event_type: TriggerUnit; value: number },
    atMs: number,
  ): void;
  /** Run `seq` ended at `finishedAt` (epoch seconds, its `finished_at`). */
  runEnded(seq: number, finishedAt: number): void;
}

/** The hook side's end of a seam: what the HookExecutorActor uses. */
export interface HookSeam {
  /** The hook side connects; it then hears the load start and each awaited count. */
  connect(listener: SeamListener): void;
  /**
   * The next completed-iteration count a trigger waits for (undefined:
   * none). A count the load has already passed is reached at once.
   */
  await(point: number | undefined): void;
  /** A hook run started (see {@linkcode HookRunObserver.runStarted}). */
  runStarted(
    hookIndex: number,
    seq: number,
    triggeredBy: { event_type: TriggerUnit; value: number },
    atMs: number,
  ): void;
  /** Hook run `seq` ended at `finishedAt` (epoch seconds). */
  runEnded(seq: number, finishedAt: number): void;
  /** The load side's observer of hook runs connects (the resilience analysis). */
  observeRuns(observer: HookRunObserver): void;
}

/** The load's end of a seam: what the iteration driver and result consumer tell. */
export interface LoadSignals {
  /** The first iteration started at `at` (epoch ms). */
  loadStarted(at: number): void;
  /** `count` iterations have completed. Called for every iteration: cheap. */
  completed(count: number): void;
}

/** The seam between one workload's load (in this thread) and its hook executor. */
export class LoadSeam implements HookSeam, LoadSignals {
  #listener: SeamListener | undefined;
  #observer: HookRunObserver | undefined;
  #awaited: number | undefined;
  #completed = 0;

  /** The hook side connects; it then hears the load start and each awaited count. */
  connect(listener: SeamListener): void {
    this.#listener = listener;
  }

  /** The load side's observer of hook runs connects (the resilience analysis). */
  observeRuns(observer: HookRunObserver): void {
    this.#observer = observer;
  }

  /** The completed-iteration count the hook side waits for next, if any. */
  get awaited(): number | undefined {
    return this.#awaited;
  }

  /**
   * The hook side: the next completed-iteration count a trigger waits for
   * (undefined: none). A count the load has already passed (the hook side
   * answered late) is reached at once.
   */
  await(point: number | undefined): void {
    this.#awaited = point;
    if (point !== undefined && point <= this.#completed) this.#reach(point);
  }

  /** The hook side: a hook run started (see {@linkcode HookRunObserver.runStarted}). */
  runStarted(
    hookIndex: number,
    seq: number,
    triggeredBy: { event_type: TriggerUnit; value: number },
    atMs: number,
  ): void {
    this.#observer?.runStarted(hookIndex, seq, triggeredBy, atMs);
  }

  /** The hook side: hook run `seq` ended at `finishedAt` (epoch seconds). */
  runEnded(seq: number, finishedAt: number): void {
    this.#observer?.runEnded(seq, finishedAt);
  }

  /** The load side: the first iteration started at `at` (epoch ms). */
  loadStarted(at: number): void {
    this.#observer?.loadStarted(at);
    this.#listener?.loadStarted(at);
  }

  /** The load side: `count` iterations have completed. Called for every iteration: cheap. */
  completed(count: number): void {
    this.#completed = count;
    if (count === this.#awaited) this.#reach(count);
  }

  #reach(point: number): void {
    this.#awaited = undefined;
    this.#listener?.pointReached(point);
  }
}
