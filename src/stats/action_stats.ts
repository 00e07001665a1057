/**
 * Streaming statistics of one action (an atomic action, or the total) and
 * its nested actions, rendered as Rally's `StatsNode`.
 *
 * @module
 */
import type { StatsNode } from "../model/results_document.ts";
import {
  DurationHistogram,
  type DurationHistogramOptions,
  type DurationHistogramState,
} from "./duration_histogram.ts";

/** An {@linkcode ActionStats} row as plain data (see `toState`). */
export interface ActionStatsState {
  /** The action's name. */
  name: string;
  /** How often it ran in each iteration the row counts. */
  countPerIteration: number;
  /** Its per-iteration durations. */
  durations: DurationHistogramState;
  /** Iterations in which it failed. */
  failed: number;
  /** The first iteration it was recorded in (null: none). */
  first: number | null;
  /** Nested rows, in order of first appearance. */
  children: ActionStatsState[];
}

/**
 * Streaming statistics of one row of Rally's table: an action that ran
 * `countPerIteration` times in an iteration (its runs summed), or the
 * total. Each iteration it appears in is recorded once; nested rows are
 * kept by their shown name in order of first appearance.
 */
export class ActionStats {
  /** The action's name. */
  readonly name: string;
  /** How often the action ran in each iteration this row counts (`name (xN)` when N > 1). */
  readonly countPerIteration: number;
  /** Its per-iteration durations, in seconds. */
  readonly durations: DurationHistogram;
  /** Nested rows by their shown name, in order of first appearance. */
  readonly children: Map<string, ActionStats> = new Map();
  #histogramOptions: DurationHistogramOptions;
  #failed = 0;
  // The first iteration (by number) the row was recorded in: rows are listed
  // in that order, which does not depend on how a load was split.
  #first = Infinity;

  /** Creates an empty row for the action `name` run `countPerIteration` times an iteration. */
  constructor(
    name: string,
    histogramOptions: DurationHistogramOptions = {},
    countPerIteration = 1,
  ) {
    this.name = name;
    this.countPerIteration = countPerIteration;
    this.#histogramOptions = histogramOptions;
    this.durations = new DurationHistogram(histogramOptions);
  }

  /** The name the table shows: `name`, or `name (xN)` for N runs an iteration. */
  get displayName(): string {
    return displayName(this.name, this.countPerIteration);
  }

  /**
   * Records the row in one iteration.
   * @param duration seconds, finite and ≥ 0 (the sum of the runs in the iteration)
   * @param failed whether it failed in that iteration (any of its runs)
   * @param iteration the iteration's number (or any key ascending in the
   *   order rows are to be listed); rows are listed by the first they had
   */
  record(duration: number, failed: boolean, iteration = Infinity): void {
    if (failed) this.#failed++;
    if (iteration < this.#first) this.#first = iteration;
    this.durations.add(duration);
  }

  /**
   * Adds the iterations `other` recorded (another share of a split load):
   * the row's figures become those of all of them; nested rows merge by
   * their shown name, new ones after this one's.
   */
  merge(other: ActionStats): void {
    this.durations.merge(other.durations);
    this.#failed += other.#failed;
    if (other.#first < this.#first) this.#first = other.#first;
    for (const child of other.children.values()) {
      this.child(child.name, child.countPerIteration).merge(child);
    }
  }

  /** Everything the row holds, nested rows included, as plain data. */
  toState(): ActionStatsState {
    return {
      name: this.name,
      countPerIteration: this.countPerIteration,
      durations: this.durations.toState(),
      failed: this.#failed,
      first: Number.isFinite(this.#first) ? this.#first : null,
      children: [...this.children.values()].map((c) => c.toState()),
    };
  }

  /** The row a {@linkcode toState} gave. */
  static fromState(
    state: ActionStatsState,
    histogramOptions: DurationHistogramOptions = {},
  ): ActionStats {
    const row = new ActionStats(state.name, histogramOptions, state.countPerIteration);
    row.durations.merge(DurationHistogram.fromState(state.durations));
    row.#failed = state.failed;
    row.#first = state.first ?? Infinity;
    for (const child of state.children) {
      row.children.set(
        displayName(child.name, child.countPerIteration),
        ActionStats.fromState(child, histogramOptions),
      );
    }
    return row;
  }

  /**
   * The nested rows in the order they are listed: by the first iteration
   * each was recorded in (rows first seen in one iteration in their order
   * there), which does not depend on how a load was split.
   */
  rows(): ActionStats[] {
    return [...this.children.values()].sort((a, b) => a.#first - b.#first);
  }

  /** The nested row of `name` run `countPerIteration` times, created on first use. */
  child(name: string, countPerIteration = 1): ActionStats {
    const key = displayName(name, countPerIteration);
    let child = this.children.get(key);
    if (!child) {
      child = new ActionStats(name, this.#histogramOptions, countPerIteration);
      this.children.set(key, child);
    }
    return child;
  }

  /** In how many iterations the row was recorded. */
  get iterationCount(): number {
    return this.durations.count;
  }

  /** In how many of them it failed. */
  get failedCount(): number {
    return this.#failed;
  }

  /**
   * Rally's statistics node: durations in seconds at full precision (null
   * when it never ran), success as the share of its iterations in which it
   * did not fail (`"100.0%"`, `"n/a"` when it never ran).
   */
  toStatsNode(): StatsNode {
    const [median, p90, p95] = this.durations.quantiles([0.5, 0.9, 0.95]);
    const count = this.iterationCount;
    return {
      name: this.name,
      display_name: this.displayName,
      count_per_iteration: this.countPerIteration,
      data: {
        iteration_count: count,
        min: this.durations.min,
        median,
        "90%ile": p90,
        "95%ile": p95,
        max: this.durations.max,
        avg: this.durations.mean,
        success: formatSuccess(count - this.#failed, count),
      },
      children: this.rows().map((child) => child.toStatsNode()),
    };
  }
}

function displayName(name: string, count: number): string {
  return count > 1 ? `${name} (x${count})` : name;
}

/**
 * `successes / runs` as a percentage with one decimal, as Rally writes it
 * (`"%.1f%%"`, ties to even), computed exactly on integers; `"n/a"` when
 * there were no runs.
 */
export function formatSuccess(successes: number, runs: number): string {
  if (runs === 0) return "n/a";
  const numerator = successes * 1000;
  let tenths = Math.floor(numerator / runs);
  const twiceRemainder = 2 * (numerator - tenths * runs);
  if (twiceRemainder > runs || (twiceRemainder === runs && tenths % 2 === 1)) tenths++;
  return `${Math.floor(tenths / 10)}.${tenths % 10}%`;
}
