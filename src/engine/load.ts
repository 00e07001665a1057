/**
 * Load: what a RunnerActor drives — a workload's runner in this thread, or
 * the segments of its load on workers.
 *
 * @module
 */

/** One workload's load, as its RunnerActor sees it. */
export interface Load {
  /** Runs the load to its end; rejects with the runner's error when it failed. */
  run(): Promise<void>;
  /** Soft stop: no iteration starts after this; those in flight go on. */
  stopStarting(): void;
  /** Hard stop: no iteration starts, and those in flight end now with `reason`. */
  abort(reason: Error): void;
  /** Called once, when the first iteration has started, with its start (epoch ms). */
  onLoadStart: (at: number) => void;
  /** Iterations started so far. */
  readonly started: number;
  /** Iterations recorded so far. */
  readonly completed: number;
  /** Iterations recorded with an error so far. */
  readonly failed: number;
  /** Releases what the load holds (timers, the scenario's shared state, workers); after `run`. */
  end(): void;
}
