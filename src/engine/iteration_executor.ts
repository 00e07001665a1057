/**
 * Runs one iteration of a scenario and turns it into an {@linkcode IterationRecord}:
 * the scenario context, atomic actions, outputs, the per-iteration timeout
 * and the hard abort.
 *
 * @module
 */
import { type Clock, realWork, sleep, type TimerId } from "../clock/clock.ts";
import { addOutputTo, type Output, type OutputInput } from "../model/output.ts";
import type { ScenarioContext, ScenarioFn } from "../plugins/scenario.ts";
import { errorInfo } from "../model/error_info.ts";
import type { AtomicAction, IterationError, IterationRecord } from "../model/iteration_record.ts";

/** What an {@linkcode IterationExecutor} needs. */
export interface IterationExecutorOptions {
  /** The scenario to run. */
  scenario: ScenarioFn<unknown, unknown>;
  /** The state the scenario's iterations share (see `ScenarioOptions.workloadState`). */
  workloadState?: unknown;
  /** Its validated args. */
  args: unknown;
  /** The task's clock. */
  clock: Clock;
  /** The seeded random source of iteration `n` (see `iterationRandom`). */
  random: (n: number) => () => number;
  /** Milliseconds an iteration may take; undefined for no limit. */
  timeoutMs?: number;
}

// Shared by every iteration that adds no output; never mutated.
const NO_OUTPUT: Output = Object.freeze({
  additive: Object.freeze([]) as unknown as [],
  complete: Object.freeze([]) as unknown as [],
});
const NO_ERROR: IterationError = Object.freeze([]) as unknown as [];
const NO_ACTIONS: AtomicAction[] = Object.freeze([]) as unknown as AtomicAction[];

/**
 * Runs iterations. Iterations whose scenario returns a pending promise are
 * tracked in start order, so one clock timer (armed for the oldest one's
 * deadline) enforces every iteration's timeout, and a hard abort can finish
 * them all at once.
 */
export class IterationExecutor {
  readonly #o: IterationExecutorOptions;
  // Pending iterations as a list linked through the contexts, oldest first.
  // Not a Set: once a long-lived Set sits in V8's old generation, constant
  // adds and deletes (its table is rebuilt every few dozen of them) grew the
  // old generation by tens of MB a second at full speed.
  #head: IterationContext | undefined;
  #tail: IterationContext | undefined;
  #pendingCount = 0;
  #watchdog: TimerId | undefined;
  #aborted: unknown;
  #lastStartMs = Number.NaN;

  /** Builds an executor for one workload. */
  constructor(options: IterationExecutorOptions) {
    this.#o = options;
  }

  /** Number of iterations whose scenario has not settled and that have not been timed out. */
  get pendingCount(): number {
    return this.#pendingCount;
  }

  /** When the last iteration started (its record's `timestamp`), epoch ms. */
  get lastStartMs(): number {
    return this.#lastStartMs;
  }

  /**
   * Runs iteration `n`; returns the record, or a promise of it when the
   * scenario is asynchronous. Never throws or rejects.
   */
  run(n: number): IterationRecord | Promise<IterationRecord> {
    const ctx = new IterationContext(this.#o, n);
    this.#lastStartMs = ctx.startedMs;
    if (this.#aborted !== undefined) return ctx.finish(abortError(this.#aborted), true);
    let result: void | Promise<void>;
    try {
      result = this.#o.scenario(this.#o.args, ctx);
    } catch (e) {
      return ctx.finish(e, true);
    }
    if (!isThenable(result)) return ctx.finish(undefined, false);
    return new Promise<IterationRecord>((resolve) => {
      ctx.resolve = resolve;
      this.#link(ctx);
      if (this.#o.timeoutMs !== undefined && this.#watchdog === undefined) this.#arm();
      result.then(
        () => this.#settle(ctx, undefined, false),
        (e) => this.#settle(ctx, e, true),
      );
    });
  }

  /**
   * Finishes every pending iteration now as failed with `reason` (etype from
   * the reason's name, `Aborted` by default) and fails later ones at once.
   */
  abort(reason: unknown = new AbortedError("The iteration was aborted")): void {
    this.#aborted = reason;
    while (this.#head) this.#expire(this.#head, abortError(reason));
    this.dispose();
  }

  /** Cancels the watchdog timer. */
  dispose(): void {
    if (this.#watchdog !== undefined) this.#o.clock.clearTimeout(this.#watchdog);
    this.#watchdog = undefined;
  }

  #settle(ctx: IterationContext, error: unknown, failed: boolean): void {
    if (!ctx.pending) return; // already timed out or aborted
    this.#unlink(ctx);
    ctx.resolve!(ctx.finish(error, failed));
  }

  #link(ctx: IterationContext): void {
    ctx.pending = true;
    ctx.prev = this.#tail;
    if (this.#tail) this.#tail.next = ctx;
    else this.#head = ctx;
    this.#tail = ctx;
    this.#pendingCount++;
  }

  #unlink(ctx: IterationContext): void {
    if (ctx.prev) ctx.prev.next = ctx.next;
    else this.#head = ctx.next;
    if (ctx.next) ctx.next.prev = ctx.prev;
    else this.#tail = ctx.prev;
    ctx.prev = ctx.next = undefined;
    ctx.pending = false;
    this.#pendingCount--;
  }

  #expire(ctx: IterationContext, error: Error): void {
    this.#unlink(ctx);
    // The record is taken before the abort reaches the scenario, which may
    // carry on and must not change what was recorded.
    const record = ctx.cut(error);
    ctx.abortWith(error);
    ctx.resolve!(record);
  }

  // One timer for all: due when the oldest pending iteration's time is up.
  #arm(): void {
    const oldest = this.#head;
    if (!oldest) return;
    const clock = this.#o.clock;
    const due = oldest.startedMs + this.#o.timeoutMs!;
    this.#watchdog = clock.setTimeout(() => {
      // Expire in a second step, queued behind the timers already due now:
      // an iteration whose last sleep ends exactly at its timeout has taken
      // no more than it may, whether it set that timer before the watchdog
      // was armed or after.
      this.#watchdog = clock.setTimeout(() => {
        this.#watchdog = undefined;
        const now = clock.now();
        for (let ctx = this.#head; ctx; ctx = this.#head) {
          if (ctx.startedMs + this.#o.timeoutMs! > now) break;
          this.#expire(
            ctx,
            new TimeoutError(`Iteration timed out after ${this.#o.timeoutMs! / 1000} s`),
          );
        }
        this.#arm();
      }, 0);
    }, due - clock.now());
  }
}

/** The error of an iteration or hook run stopped by a hard abort. */
export class AbortedError extends Error {
  /** Names itself `Aborted`. */
  constructor(message: string) {
    super(message);
    this.name = "Aborted";
  }
}

/** The error of an iteration or hook run that ran out of time. */
export class TimeoutError extends Error {
  /** Names itself `TimeoutError`. */
  constructor(message: string) {
    super(message);
    this.name = "TimeoutError";
  }
}

function abortError(reason: unknown): Error {
  return reason instanceof Error ? reason : new AbortedError(String(reason));
}

function isThenable(v: unknown): v is Promise<void> {
  return typeof (v as Promise<void> | undefined)?.then === "function";
}

class IterationContext implements ScenarioContext {
  readonly iteration: number;
  readonly startedMs: number;
  resolve: ((r: IterationRecord) => void) | undefined;
  /** In the executor's pending list (links below). */
  pending = false;
  prev: IterationContext | undefined;
  next: IterationContext | undefined;
  readonly #o: IterationExecutorOptions;
  #controller: AbortController | undefined;
  #actions: AtomicAction[] | undefined;
  #open: AtomicAction[] | undefined;
  #output: Output | undefined;
  #abortReason: Error | undefined;
  #random: (() => number) | undefined;

  constructor(o: IterationExecutorOptions, n: number) {
    this.#o = o;
    this.iteration = n;
    this.startedMs = o.clock.now();
  }

  get clock(): Clock {
    return this.#o.clock;
  }

  get workloadState(): unknown {
    return this.#o.workloadState;
  }

  // Created on first use: most scenarios never look at it.
  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#abortReason) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  random(): number {
    return (this.#random ??= this.#o.random(this.iteration))();
  }

  realWork<T>(work: Promise<T>): Promise<T> {
    return realWork(this.#o.clock, work);
  }

  sleep(seconds: number): Promise<void> {
    if (seconds <= 0 && !this.#abortReason) return Promise.resolve();
    return sleep(this.#o.clock, seconds * 1000, this.signal);
  }

  // Not an async function: a synchronous fn's action ends at once, and an
  // action costs one promise, not an async frame and its promises (Dummy.dummy
  // nests two actions per iteration: 40 % of the engine's allocations).
  atomic<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
    const action: AtomicAction = {
      name,
      started_at: this.#o.clock.now() / 1000,
      finished_at: 0,
      children: [],
    };
    const open = this.#open ??= [];
    (open.length ? open[open.length - 1].children : (this.#actions ??= [])).push(action);
    open.push(action);
    let result: T | Promise<T>;
    try {
      result = fn();
    } catch (e) {
      this.#close(action, true);
      return Promise.reject(e);
    }
    if (!isThenable(result)) {
      this.#close(action, false);
      return Promise.resolve(result);
    }
    return Promise.resolve(result).then(
      (value) => {
        this.#close(action, false);
        return value;
      },
      (e) => {
        this.#close(action, true);
        throw e;
      },
    );
  }

  #close(action: AtomicAction, failed: boolean): void {
    if (failed) action.failed = true;
    action.finished_at = this.#o.clock.now() / 1000;
    const open = this.#open!;
    if (open[open.length - 1] === action) open.pop();
    else {
      const i = open.lastIndexOf(action);
      if (i >= 0) open.splice(i, 1);
    }
  }

  addOutput(output: OutputInput): void {
    addOutputTo(this.#output ??= { additive: [], complete: [] }, output);
  }

  abortWith(error: Error): void {
    this.#abortReason = error;
    this.#controller?.abort(error);
  }

  /**
   * The record of an iteration cut short (timeout, hard abort) while its
   * scenario still runs: a copy of its actions and outputs, in which actions
   * still open end now and are failed.
   */
  cut(error: Error): IterationRecord {
    const record = this.finish(error, true);
    const open = new Set(this.#open);
    const now = this.#o.clock.now() / 1000;
    if (this.#actions) record.atomic_actions = closedCopy(this.#actions, open, now);
    if (this.#output) {
      record.output = {
        additive: [...this.#output.additive],
        complete: [...this.#output.complete],
      };
    }
    return record;
  }

  finish(error: unknown, failed: boolean): IterationRecord {
    return {
      timestamp: this.startedMs / 1000,
      duration: (this.#o.clock.now() - this.startedMs) / 1000,
      idle_duration: 0,
      error: failed ? errorInfo(error) : NO_ERROR,
      output: this.#output ?? NO_OUTPUT,
      atomic_actions: this.#actions ?? NO_ACTIONS,
    };
  }
}

// A copy of `actions` in which those in `open` end at `now` as failed.
function closedCopy(actions: AtomicAction[], open: Set<AtomicAction>, now: number): AtomicAction[] {
  return actions.map((a) => {
    const copy: AtomicAction = {
      name: a.name,
      started_at: a.started_at,
      finished_at: open.has(a) ? now : a.finished_at,
      children: closedCopy(a.children, open, now),
    };
    if (a.failed || open.has(a)) copy.failed = true;
    return copy;
  });
}
