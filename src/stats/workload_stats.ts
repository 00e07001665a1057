/**
 * Streaming statistics of a workload, fed one iteration at a time.
 *
 * @module
 */
import type { AtomicAction, IterationRecord } from "../model/iteration_record.ts";
import type { HistogramCounts } from "../model/histogram_counts.ts";
import type { WorkloadFigures } from "../model/progress.ts";
import type { WorkloadResult } from "../model/results_document.ts";
import { ActionStats, type ActionStatsState } from "./action_stats.ts";
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

/** A {@linkcode WorkloadStats} as plain data (see `toState`). */
export interface WorkloadStatsState {
  /** Most distinct atomic actions kept. */
  maxActions: number;
  /** `total`, with `duration` and `idle_duration` nested. */
  total: ActionStatsState;
  /** The atomic actions (under a root without a name). */
  atomics: ActionStatsState;
  /** Distinct atomic actions kept. */
  actionCount: number;
  /** Runs of actions left out. */
  droppedActionRuns: number;
  /** Iterations added. */
  iterations: number;
  /** Iterations that failed. */
  failed: number;
  /** Shortest duration (0 when none). */
  minDuration: number;
  /** Longest duration (0 when none). */
  maxDuration: number;
  /** Earliest start, epoch seconds (0 when none). */
  firstStart: number;
  /** Latest end, epoch seconds (0 when none). */
  lastEnd: number;
}

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
 * - atomic actions as Rally's `MainStatsTable` takes them: in each
 *   iteration the actions of one level are merged by name, their durations
 *   (`finished_at − started_at`) summed and failed when any run failed, and
 *   their children pooled and merged the same way. An action merged from N
 *   runs counts in its own row `name (xN)` (`count_per_iteration` N), so
 *   `foo` and `foo (x2)` are separate rows, each over the iterations in
 *   which it ran that many times. A failed iteration whose last action did
 *   not fail (the error came outside any action) adds to Rally's
 *   `<no-name-action>` row. Rows keep the order of first appearance; every
 *   nesting level is kept (Rally stops after three).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { WorkloadStats } from "./workload_stats.ts";
 * const stats = new WorkloadStats();
 * stats.add({
 *   timestamp: 100, duration: 0.5, idle_duration: 0, error: [],
 *   output: { additive: [], complete: [] },
 *   atomic_actions: [{ name: "foo", started_at: 100, finished_at: 100.25, children: [] }],
 * });
 * const { durations } = stats.toStatistics();
 * assert.equal(durations.atomics[0].data.max, 0.25);
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
   * @param iteration The iteration's number in the load: atomic-action rows are
   *   listed by the first iteration they had (by default, the order added).
   */
  add(record: IterationRecord, iteration: number = this.#iterations): void {
    const { timestamp, duration, idle_duration: idle } = record;
    checkTime("timestamp", timestamp, false);
    checkTime("duration", duration, true);
    checkTime("idle_duration", idle, true);
    checkActions(record.atomic_actions, "atomic_actions");

    this.#iterations++;
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

    this.#total.record(duration + idle, failed);
    this.#duration.record(duration, failed);
    this.#idle.record(idle, failed);
    const lastFailed = this.#recordActions(record.atomic_actions, this.#atomics, iteration);
    if (failed && lastFailed === false) {
      this.#row(this.#atomics, NO_NAME_ACTION, 1)?.record(0, true, iteration);
    }
  }

  /**
   * Adds the iterations `other` took in (another share of the same load):
   * every figure becomes exactly the one of all iterations together, as if
   * they had been added here one by one, whatever the order of merges
   * (atomic actions keep the order this one saw them in, then the others').
   */
  merge(other: WorkloadStats): void {
    this.#total.merge(other.#total);
    this.#atomics.merge(other.#atomics);
    this.#actionCount = countNodes(this.#atomics) - 1;
    this.#droppedActionRuns += other.#droppedActionRuns;
    this.#iterations += other.#iterations;
    this.#failed += other.#failed;
    this.#minDuration = Math.min(this.#minDuration, other.#minDuration);
    this.#maxDuration = Math.max(this.#maxDuration, other.#maxDuration);
    this.#firstStart = Math.min(this.#firstStart, other.#firstStart);
    this.#lastEnd = Math.max(this.#lastEnd, other.#lastEnd);
  }

  /** Everything it holds as plain data: what a worker sends of its share. */
  toState(): WorkloadStatsState {
    const some = this.#iterations > 0;
    return {
      maxActions: this.#maxActions,
      total: this.#total.toState(),
      atomics: this.#atomics.toState(),
      actionCount: this.#actionCount,
      droppedActionRuns: this.#droppedActionRuns,
      iterations: this.#iterations,
      failed: this.#failed,
      minDuration: some ? this.#minDuration : 0,
      maxDuration: some ? this.#maxDuration : 0,
      firstStart: some ? this.#firstStart : 0,
      lastEnd: some ? this.#lastEnd : 0,
    };
  }

  /** The statistics a {@linkcode toState} gave. */
  static fromState(state: WorkloadStatsState): WorkloadStats {
    const options = stateOptions(state.total);
    const stats = new WorkloadStats({ ...options, maxActions: state.maxActions });
    stats.#total = ActionStats.fromState(state.total, options);
    stats.#duration = stats.#total.child("duration");
    stats.#idle = stats.#total.child("idle_duration");
    stats.#atomics = ActionStats.fromState(state.atomics, options);
    stats.#actionCount = state.actionCount;
    stats.#droppedActionRuns = state.droppedActionRuns;
    stats.#iterations = state.iterations;
    stats.#failed = state.failed;
    if (state.iterations > 0) {
      stats.#minDuration = state.minDuration;
      stats.#maxDuration = state.maxDuration;
      stats.#firstStart = state.firstStart;
      stats.#lastEnd = state.lastEnd;
    }
    return stats;
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
   * action row of the statistics, by its path (`foo`, `foo (x2)`,
   * `foo > bar`; Rally's `<no-name-action>` row, which times nothing, left
   * out), with {@linkcode FIGURES_SUB_BUCKET_BITS} (cheap to copy once a
   * second, within 0.4 %).
   */
  figures(): WorkloadFigures {
    const bits = FIGURES_SUB_BUCKET_BITS;
    const atomics: Record<string, HistogramCounts> = {};
    const walk = (parent: ActionStats, prefix: string) => {
      for (const [row, action] of parent.children) {
        if (parent === this.#atomics && row === NO_NAME_ACTION) continue;
        const path = prefix + row;
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
        atomics: this.#atomics.rows().map((a) => a.toStatsNode()),
      },
    };
  }

  // Records one level of an iteration's actions, merged; returns whether the
  // last merged action failed (undefined when there were none).
  #recordActions(
    actions: AtomicAction[],
    parent: ActionStats,
    iteration: number,
  ): boolean | undefined {
    let lastFailed: boolean | undefined;
    // The common case, each name once: nothing to merge, nothing to allocate.
    if (!hasRepeatedName(actions)) {
      for (const action of actions) {
        lastFailed = action.failed === true;
        const row = this.#row(parent, action.name, 1);
        if (!row) {
          this.#droppedActionRuns += 1 + countNested(action.children);
          continue;
        }
        row.record(Math.max(0, action.finished_at - action.started_at), lastFailed, iteration);
        if (action.children.length) this.#recordActions(action.children, row, iteration);
      }
      return lastFailed;
    }
    for (const [name, merged] of mergeByName(actions)) {
      lastFailed = merged.failed;
      const row = this.#row(parent, name, merged.count);
      if (!row) {
        this.#droppedActionRuns += merged.count + countNested(merged.children);
        continue;
      }
      row.record(merged.seconds, merged.failed, iteration);
      if (merged.children.length) this.#recordActions(merged.children, row, iteration);
    }
    return lastFailed;
  }

  // The row of `name` run `count` times under `parent`; undefined once maxActions rows exist.
  #row(parent: ActionStats, name: string, count: number): ActionStats | undefined {
    const existing = parent.children.get(count > 1 ? `${name} (x${count})` : name);
    if (existing) return existing;
    if (this.#actionCount >= this.#maxActions) return undefined;
    this.#actionCount++;
    return parent.child(name, count);
  }
}

/** Rally's row for a failed iteration whose error came outside its last atomic action. */
export const NO_NAME_ACTION = "<no-name-action>";

interface MergedAction {
  count: number;
  seconds: number;
  failed: boolean;
  children: AtomicAction[];
}

function hasRepeatedName(actions: AtomicAction[]): boolean {
  const n = actions.length;
  if (n > 16) return new Set(actions.map((a) => a.name)).size < n;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) if (actions[i].name === actions[j].name) return true;
  }
  return false;
}

// Rally's merge_atomic_actions for one level: by name, in order of first appearance.
function mergeByName(actions: AtomicAction[]): Map<string, MergedAction> {
  const merged = new Map<string, MergedAction>();
  for (const action of actions) {
    let entry = merged.get(action.name);
    if (!entry) {
      entry = { count: 0, seconds: 0, failed: false, children: [] };
      merged.set(action.name, entry);
    }
    entry.count++;
    // Clock readings subtract to a hair below zero at worst; a duration is never negative.
    entry.seconds += Math.max(0, action.finished_at - action.started_at);
    if (action.failed === true) entry.failed = true;
    for (const child of action.children) entry.children.push(child);
  }
  return merged;
}

function countNodes(stats: ActionStats): number {
  let n = 1;
  for (const child of stats.children.values()) n += countNodes(child);
  return n;
}

function stateOptions(state: ActionStatsState) {
  const { zeroThreshold, exactValues, subBucketBits } = state.durations;
  return { zeroThreshold, exactValues, subBucketBits };
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
