/**
 * Streaming statistics of a workload, fed one iteration at a time.
 *
 * @module
 */
import type { AtomicAction, IterationRecord } from "../model/iteration_record.ts";
import type { WorkloadResult } from "../model/results_document.ts";
import { ActionStats } from "./action_stats.ts";
import type { DurationHistogramOptions } from "./duration_histogram.ts";

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

    this.#iterations++;
    const failed = record.error.length > 0;
    if (failed) this.#failed++;
    if (duration < this.#minDuration) this.#minDuration = duration;
    if (duration > this.#maxDuration) this.#maxDuration = duration;
    if (timestamp < this.#firstStart) this.#firstStart = timestamp;
    const end = timestamp + duration;
    if (end > this.#lastEnd) this.#lastEnd = end;

    this.#total.record(duration + idle, failed);
    this.#duration.record(duration, failed);
    this.#idle.record(idle, failed);
    const lastFailed = this.#recordActions(record.atomic_actions, this.#atomics);
    if (failed && lastFailed === false) {
      this.#row(this.#atomics, NO_NAME_ACTION, 1)?.record(0, true);
    }
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

  /** Rally's `statistics` block; can be called at any time, also while adding. */
  toStatistics(): WorkloadStatistics {
    return {
      durations: {
        total: this.#total.toStatsNode(),
        atomics: [...this.#atomics.children.values()].map((a) => a.toStatsNode()),
      },
    };
  }

  // Records one level of an iteration's actions, merged; returns whether the
  // last merged action failed (undefined when there were none).
  #recordActions(actions: AtomicAction[], parent: ActionStats): boolean | undefined {
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
        row.record(Math.max(0, action.finished_at - action.started_at), lastFailed);
        if (action.children.length) this.#recordActions(action.children, row);
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
      row.record(merged.seconds, merged.failed);
      if (merged.children.length) this.#recordActions(merged.children, row);
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
