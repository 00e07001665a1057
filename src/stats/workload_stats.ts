/**
 * Streaming statistics of a workload, fed one iteration at a time.
 *
 * @module
 */
import type { AtomicAction, IterationRecord } from "../model/iteration_record.ts";
import type { HistogramCounts } from "../model/histogram_counts.ts";
import type { WorkloadFigures } from "../model/progress.ts";
import type { WorkloadResult } from "../model/results_document.ts";
import { ActionStats } from "./action_stats.ts";
import type { DurationHistogramOptions } from "./duration_histogram.ts";

/**
 * Sub-bucket bits of the histograms in {@linkcode WorkloadStats.figures}:
 * 128 buckets per power of two, each value within 2⁻⁸ (0.39 %) of its
 * bucket's stand-in.
 */
export const FIGURES_SUB_BUCKET_BITS = 7;

/** Options of {@linkcode WorkloadStats}. */
export interface WorkloadStatsOptions extends DurationHistogramOptions {
  /**
   * Most distinct atomic actions (counted by their place in the nesting
   * tree) to keep statistics for; runs of further new names are counted in
   * {@linkcode WorkloadStats.droppedActionRuns} instead. Guards memory
   * against scenarios that put ids in action names.
   * @default {1000}
   */
  maxActions?: number;
}

/** The workload-level figures of {@linkcode WorkloadStats}, named as in `WorkloadResult`. */
export type WorkloadStatsSummary = Pick<
  WorkloadResult,
  | "start_time"
  | "load_duration"
  | "min_duration"
  | "max_duration"
  | "total_iteration_count"
  | "failed_iteration_count"
>;

/** Rally's duration statistics: `total` and the atomic actions as a tree (`WorkloadResult.statistics`). */
export type WorkloadStatistics = WorkloadResult["statistics"];

/**
 * Streaming statistics of a workload, as Rally computes them, in memory that
 * does not grow with the number of iterations (no per-iteration arrays; one
 * histogram per action, see {@linkcode DurationHistogram}).
 *
 * - `total`: one run per iteration lasting `duration + idle_duration` (as
 *   Rally), failed when the iteration has an error; its children `duration`
 *   and `idle_duration` are the two parts, with the same success.
 * - each atomic action by its path in the nesting tree (`bar` under `foo` is
 *   not `bar` at the top): every occurrence is one run with its own
 *   duration (`finished_at − started_at`), failed when its `failed` flag is
 *   set; `iteration_count` is the number of iterations in which it ran and
 *   `count_per_iteration` the most runs it had in one iteration. Atomic
 *   actions and their children keep the order of first appearance.
 *
 * @example
 * ```ts
 * import { WorkloadStats } from "./workload_stats.ts";
 * const stats = new WorkloadStats();
 * stats.add({
 *   timestamp: 100, duration: 0.5, idle_duration: 0, error: [],
 *   output: { additive: [], complete: [] },
 *   atomic_actions: [{ name: "foo", started_at: 100, finished_at: 100.25, children: [] }],
 * });
 * const { durations } = stats.toStatistics();
 * if (durations.atomics[0].data.max !== 0.25) throw new Error("wrong");
 * ```
 */
export class WorkloadStats {
  #maxActions: number;
  #total: ActionStats;
  #duration: ActionStats;
  #idle: ActionStats;
  // A root whose children are the top-level atomic actions.
  #atomics: ActionStats;
  #actionCount = 0;
  #droppedActionRuns = 0;
  #iterations = 0;
  #failed = 0;
  // Counted on failed iterations only: free for the ones that succeed.
  #failures = new Map<string, number>();
  #minDuration = Infinity;
  #maxDuration = -Infinity;
  #firstStart = Infinity;
  #lastEnd = -Infinity;

  /** Creates empty statistics. */
  constructor(options: WorkloadStatsOptions = {}) {
    const { maxActions = 1000, ...histogramOptions } = options;
    if (!(Number.isInteger(maxActions) && maxActions >= 0)) {
      throw new RangeError(
        `WorkloadStats: maxActions must be an integer ≥ 0; got ${maxActions}`,
      );
    }
    this.#maxActions = maxActions;
    this.#total = new ActionStats("total", histogramOptions);
    this.#duration = this.#total.child("duration");
    this.#idle = this.#total.child("idle_duration");
    this.#atomics = new ActionStats("", histogramOptions);
  }

  /**
   * Adds one iteration's result (in any order: completion order is fine).
   * @throws {RangeError} when a time in it is not a finite number (or a
   *   duration is negative), naming the field; nothing is recorded then.
   */
  add(record: IterationRecord): void {
    const { timestamp, duration, idle_duration: idle } = record;
    checkTime("timestamp", timestamp, false);
    checkTime("duration", duration, true);
    checkTime("idle_duration", idle, true);
    checkActions(record.atomic_actions, "atomic_actions");

    const iteration = this.#iterations++;
    const failed = record.error.length > 0;
    if (failed) {
      this.#failed++;
      const etype = record.error[0]!;
      this.#failures.set(etype, (this.#failures.get(etype) ?? 0) + 1);
    }
    if (duration < this.#minDuration) this.#minDuration = duration;
    if (duration > this.#maxDuration) this.#maxDuration = duration;
    if (timestamp < this.#firstStart) this.#firstStart = timestamp;
    const end = timestamp + duration;
    if (end > this.#lastEnd) this.#lastEnd = end;

    this.#total.record(duration + idle, failed, iteration);
    this.#duration.record(duration, failed, iteration);
    this.#idle.record(idle, failed, iteration);
    this.#recordActions(record.atomic_actions, this.#atomics, iteration);
  }

  /** Iterations added. */
  get iterationCount(): number {
    return this.#iterations;
  }

  /** Iterations added whose error is not empty. */
  get failedCount(): number {
    return this.#failed;
  }

  /** Shortest iteration `duration`, seconds; null when none. */
  get minDuration(): number | null {
    return this.#iterations ? this.#minDuration : null;
  }

  /** Longest iteration `duration`, seconds; null when none. */
  get maxDuration(): number | null {
    return this.#iterations ? this.#maxDuration : null;
  }

  /** Earliest iteration start, epoch seconds; null when none. */
  get startTime(): number | null {
    return this.#iterations ? this.#firstStart : null;
  }

  /** Seconds from the earliest iteration start to the latest iteration end; 0 when none. */
  get loadDuration(): number {
    return this.#iterations ? this.#lastEnd - this.#firstStart : 0;
  }

  /** Runs of atomic actions left out because {@linkcode WorkloadStatsOptions.maxActions} was reached. */
  get droppedActionRuns(): number {
    return this.#droppedActionRuns;
  }

  /**
   * Quantiles (0 ≤ p ≤ 1) of the iterations' `duration` so far, in seconds,
   * null when none was added; as `DurationHistogram.quantiles` computes them.
   */
  durationQuantiles(ps: readonly number[]): (number | null)[] {
    return this.#duration.durations.quantiles(ps);
  }

  /** The workload-level figures, named as the fields of `WorkloadResult`. */
  toSummary(): WorkloadStatsSummary {
    return {
      start_time: this.startTime,
      load_duration: this.loadDuration,
      min_duration: this.minDuration,
      max_duration: this.maxDuration,
      total_iteration_count: this.#iterations,
      failed_iteration_count: this.#failed,
    };
  }

  /**
   * The figures so far as data, for live outputs: counts, failures by error
   * type, and the histograms of iteration durations and of each atomic
   * action (by its path: `foo > bar`), with {@linkcode FIGURES_SUB_BUCKET_BITS}
   * (cheap to copy once a second, within 0.4 %).
   */
  figures(): WorkloadFigures {
    const bits = FIGURES_SUB_BUCKET_BITS;
    const atomics: Record<string, HistogramCounts> = {};
    const walk = (parent: ActionStats, prefix: string) => {
      for (const action of parent.children.values()) {
        const path = prefix + action.name;
        atomics[path] = action.durations.counts(bits);
        walk(action, `${path} > `);
      }
    };
    walk(this.#atomics, "");
    return {
      completed: this.#iterations,
      failed: this.#failed,
      failures: Object.fromEntries(this.#failures),
      durations: this.#duration.durations.counts(bits),
      atomics,
    };
  }

  /** Rally's `statistics` block; can be called at any time, also while adding. */
  toStatistics(): WorkloadStatistics {
    return {
      durations: {
        total: this.#total.toStatsNode(),
        atomics: [...this.#atomics.children.values()].map((a) => a.toStatsNode()),
      },
    };
  }

  #recordActions(actions: AtomicAction[], parent: ActionStats, iteration: number): void {
    for (const action of actions) {
      let stats = parent.children.get(action.name);
      if (!stats) {
        if (this.#actionCount >= this.#maxActions) {
          this.#droppedActionRuns += 1 + countNested(action.children);
          continue;
        }
        this.#actionCount++;
        stats = parent.child(action.name);
      }
      // Clock readings subtract to a hair below zero at worst; a duration is never negative.
      const seconds = Math.max(0, action.finished_at - action.started_at);
      stats.record(seconds, action.failed === true, iteration);
      if (action.children.length) this.#recordActions(action.children, stats, iteration);
    }
  }
}

function checkTime(field: string, value: number, duration: boolean): void {
  if (typeof value !== "number" || !Number.isFinite(value) || (duration && value < 0)) {
    throw new RangeError(
      `iteration record: ${field} must be a finite number${
        duration ? " of seconds ≥ 0" : " (epoch seconds)"
      }; got ${String(value)}`,
    );
  }
}

function checkActions(actions: AtomicAction[], where: string): void {
  for (let i = 0; i < actions.length; i++) {
    const action = actions[i];
    checkActionTime(action, "started_at", where, i);
    checkActionTime(action, "finished_at", where, i);
    if (action.children.length) checkActions(action.children, `${where}[${i}].children`);
  }
}

function checkActionTime(
  action: AtomicAction,
  field: "started_at" | "finished_at",
  where: string,
  i: number,
): void {
  const value = action[field];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(
      `iteration record: ${where}[${i}].${field} (action ${
        JSON.stringify(action.name)
      }) must be a finite number (epoch seconds); got ${String(value)}`,
    );
  }
}

function countNested(actions: AtomicAction[]): number {
  let n = actions.length;
  for (const action of actions) n += countNested(action.children);
  return n;
}
