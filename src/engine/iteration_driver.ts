/**
 * IterationDriver: the {@linkcode RunnerContext} a runner drives the load
 * with. It numbers and starts iterations, hands their records to the
 * ResultConsumer, tracks what is in flight and keeps the event loop
 * responsive.
 *
 * @module
 */
import { type Clock, isSimulated } from "../clock/clock.ts";
import type { RunnerContext } from "../plugins/runner.ts";
import type { IterationExecutor } from "./iteration_executor.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { LoadSignals } from "./load_seam.ts";
import type { ResultConsumer } from "./result_consumer.ts";
import { SegmentShare } from "../segment/segment_share.ts";

/**
 * When a runner yields to the event loop. `timeSlice`: after this many real
 * milliseconds of back-to-back iterations (for the real clock: timers then
 * fire within about that much of their time), or as soon as `dueAt()` (a
 * `performance.now()` time: when the clock's next queued timer is due, see
 * `Clock.dueAt`) has passed. `every`: every this many
 * iterations, independent of the wall clock, through a zero-delay timer on
 * the task's clock (for simulated clocks: the timers due now fire in their
 * order, the same way every run, and time does not move on while iterations
 * are ready to start).
 */
export type BreathePolicy = { timeSliceMs: number; dueAt?: () => number } | { every: number };

/**
 * The {@linkcode BreathePolicy} for `clock`, by what it can do: a simulated
 * clock (one with `track`) gets a yield every 64 iterations, which it sees
 * as a timer; a real one a yield every millisecond of back-to-back
 * iterations, and as soon as its next timer is due when it has `dueAt`.
 */
export function breathePolicyFor(clock: Clock): BreathePolicy {
  if (isSimulated(clock)) return { every: 64 };
  const dueAt = clock.dueAt;
  return dueAt ? { timeSliceMs: 1, dueAt: () => dueAt.call(clock) } : { timeSliceMs: 1 };
}

/** What an {@linkcode IterationDriver} needs. */
export interface IterationDriverOptions {
  /** The task's clock. */
  clock: Clock;
  /** Runs the scenario. */
  executor: IterationExecutor;
  /** Takes the records. */
  consumer: ResultConsumer;
  /** Told when the load starts. */
  seam: LoadSignals;
  /** When to yield to the event loop. */
  breathe: BreathePolicy;
  /**
   * The part of the load the runner runs.
   * @default {SegmentShare.WHOLE}
   */
  share?: SegmentShare;
}

const RESOLVED: Promise<void> = Promise.resolve();
const never = (): number => Number.POSITIVE_INFINITY;

/** The runner's view of the workload. */
export class IterationDriver implements RunnerContext {
  readonly #o: IterationDriverOptions;
  readonly #stop = new AbortController();
  #started = 0;
  #inFlight = 0;
  #waiters: (() => void)[] = [];
  #tick = 0;
  #sliceStart = performance.now();
  #yielding: Promise<void> | undefined;
  readonly #sliceMs: number;
  readonly #dueAt: () => number;
  readonly #every: number;
  /**
   * Called once the first iteration has started, with its start time (its
   * record's timestamp, epoch ms), after the seam has been told.
   */
  onLoadStart: (at: number) => void = () => {};

  /** Builds a driver. */
  constructor(options: IterationDriverOptions) {
    this.#o = options;
    const b = options.breathe;
    this.#sliceMs = "timeSliceMs" in b ? b.timeSliceMs : Infinity;
    this.#dueAt = ("timeSliceMs" in b && b.dueAt) || never;
    this.#every = "every" in b ? b.every : 16;
  }

  /** The task's clock. */
  get clock(): Clock {
    return this.#o.clock;
  }
  /** The part of the load the runner runs. */
  get share(): SegmentShare {
    return this.#o.share ?? SegmentShare.WHOLE;
  }
  /** Aborted once no more iterations may start. */
  get stop(): AbortSignal {
    return this.#stop.signal;
  }

  /** Soft stop: no iteration starts after this; those in flight go on. */
  stopStarting(): void {
    this.#stop.abort();
  }

  /** Hard stop: no iteration starts after this, and those in flight end now with `reason`. */
  abort(reason: Error): void {
    this.#stop.abort();
    this.#o.executor.abort(reason);
  }
  /** Iterations started and not yet recorded. */
  get inFlight(): number {
    return this.#inFlight;
  }
  /** Iterations started. */
  get started(): number {
    return this.#started;
  }

  /**
   * Starts iteration `index + 1` (by default the one after the last
   * started); resolves once it is recorded.
   */
  iterate(index?: number): Promise<void> {
    const first = this.#started === 0;
    const n = index === undefined ? this.#started + 1 : index + 1;
    this.#started++;
    this.#inFlight++;
    const r = this.#o.executor.run(n);
    // The load's clock starts at the first iteration's own timestamp, so time
    // points are measured from the same instant as the results' start_time.
    if (first) {
      const at = this.#o.executor.lastStartMs;
      this.#o.seam.loadStarted(at);
      this.onLoadStart(at);
    }
    if (r instanceof Promise) return r.then((record) => this.#record(record, n));
    this.#record(r, n);
    return RESOLVED;
  }

  /** Yields to the event loop once per time slice (or every N iterations). */
  breathe(): Promise<void> {
    if (this.#yielding) return this.#yielding;
    if (++this.#tick % this.#every !== 0) return RESOLVED;
    if (this.#sliceMs !== Infinity) {
      const now = performance.now();
      if (now - this.#sliceStart < this.#sliceMs && now < this.#dueAt()) return RESOLVED;
      // Every worker waits for the same macrotask turn: timers (time
      // triggers, rps starts) run only once the microtask queue is empty,
      // and workers that kept going would hold it for a slice each.
      return this.#yielding = new Promise((resolve) =>
        setImmediate(() => {
          this.#yielding = undefined;
          this.#sliceStart = performance.now();
          resolve();
        })
      );
    }
    // A yield a simulated clock can see: with a macrotask instead, its
    // runUntil would take the turn to jump to the next timer (a far timeout,
    // another workload's sleep) while this load still had iterations to run.
    return new Promise((resolve) => this.#o.clock.setTimeout(resolve, 0));
  }

  /** Resolves at the next recorded iteration. */
  nextDone(): Promise<void> {
    if (this.#inFlight === 0) return RESOLVED;
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Resolves when nothing is in flight. */
  async allDone(): Promise<void> {
    while (this.#inFlight > 0) await this.nextDone();
  }

  #record(record: IterationRecord, n: number): void {
    this.#inFlight--;
    this.#o.consumer.consume(record, n);
    if (this.#waiters.length) {
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const w of waiters) w();
    }
  }
}
