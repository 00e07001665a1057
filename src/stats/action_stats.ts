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

/** An {@linkcode ActionStats} as plain data (see `toState`). */
export interface ActionStatsState {
  /** The action's name. */
  name: string;
  /** Durations of its runs. */
  durations: DurationHistogramState;
  /** Runs that failed. */
  failedRuns: number;
  /** Iterations it ran in. */
  iterationCount: number;
  /** Most runs in one iteration. */
  countPerIteration: number;
  /** Nested actions, in order of first appearance. */
  children: ActionStatsState[];
}

/**
 * Streaming statistics of one action: durations of its runs, how many
 * failed, in how many iterations it ran and how often per iteration at
 * most, and its nested actions by name in order of first appearance.
 */
export class ActionStats {
  /** The action's name. */
  readonly name: string;
  /** Durations of every run, in seconds. */
  readonly durations: DurationHistogram;
  /** Nested actions by name, in order of first appearance. */
  readonly children: Map<string, ActionStats> = new Map();
  #histogramOptions: DurationHistogramOptions;
  #failedRuns = 0;
  #iterationCount = 0;
  #countPerIteration = 0;
  // The iteration the occurrence count below belongs to: counting per
  // iteration without a per-iteration set.
  #lastIteration = -1;
  #occurrences = 0;

  /** Creates empty statistics for the action `name`. */
  constructor(
    name: string,
    histogramOptions: DurationHistogramOptions = {},
    durations: DurationHistogram = new DurationHistogram(histogramOptions),
  ) {
    this.name = name;
    this.#histogramOptions = histogramOptions;
    this.durations = durations;
  }

  /**
   * Adds the runs `other` recorded (of other iterations than this one's,
   * as a share of a split load is): the statistics become those of all
   * runs; nested actions merge by name, new ones after this one's.
   */
  merge(other: ActionStats): void {
    this.durations.merge(other.durations);
    this.#failedRuns += other.#failedRuns;
    this.#iterationCount += other.#iterationCount;
    this.#countPerIteration = Math.max(this.#countPerIteration, other.#countPerIteration);
    for (const [name, child] of other.children) this.child(name).merge(child);
  }

  /** Everything it holds, nested actions included, as plain data. */
  toState(): ActionStatsState {
    return {
      name: this.name,
      durations: this.durations.toState(),
      failedRuns: this.#failedRuns,
      iterationCount: this.#iterationCount,
      countPerIteration: this.#countPerIteration,
      children: [...this.children.values()].map((c) => c.toState()),
    };
  }

  /** The statistics a {@linkcode toState} gave. */
  static fromState(
    state: ActionStatsState,
    histogramOptions: DurationHistogramOptions = {},
  ): ActionStats {
    const stats = new ActionStats(
      state.name,
      histogramOptions,
      DurationHistogram.fromState(state.durations),
    );
    stats.#failedRuns = state.failedRuns;
    stats.#iterationCount = state.iterationCount;
    stats.#countPerIteration = state.countPerIteration;
    for (const child of state.children) {
      stats.children.set(child.name, ActionStats.fromState(child, histogramOptions));
    }
    return stats;
  }

  /**
   * Records one run of the action.
   * @param duration seconds, finite and ≥ 0
   * @param failed whether this run failed
   * @param iteration a number identifying the iteration the run belongs to;
   *   runs of one iteration must be recorded together, before the next
   *   iteration's
   */
  record(duration: number, failed: boolean, iteration: number): void {
    if (iteration !== this.#lastIteration) {
      this.#lastIteration = iteration;
      this.#occurrences = 0;
      this.#iterationCount++;
    }
    this.#occurrences++;
    if (this.#occurrences > this.#countPerIteration) this.#countPerIteration = this.#occurrences;
    if (failed) this.#failedRuns++;
    this.durations.add(duration);
  }

  /** The nested action `name`, created on first use. */
  child(name: string): ActionStats {
    let child = this.children.get(name);
    if (!child) {
      child = new ActionStats(name, this.#histogramOptions);
      this.children.set(name, child);
    }
    return child;
  }

  /** How many times the action ran. */
  get runs(): number {
    return this.durations.count;
  }

  /** How many of its runs failed. */
  get failedRuns(): number {
    return this.#failedRuns;
  }

  /** In how many iterations it ran. */
  get iterationCount(): number {
    return this.#iterationCount;
  }

  /** The most runs it had in one iteration. */
  get countPerIteration(): number {
    return this.#countPerIteration;
  }

  /**
   * Rally's statistics node: durations in seconds at full precision (null
   * when it never ran), success as the share of runs that did not fail
   * (`"100.0%"`, `"n/a"` when it never ran), `display_name` marked
   * `"name (xN)"` when it ran N > 1 times in an iteration.
   */
  toStatsNode(): StatsNode {
    const [median, p90, p95] = this.durations.quantiles([0.5, 0.9, 0.95]);
    const countPerIteration = Math.max(1, this.#countPerIteration);
    return {
      name: this.name,
      display_name: countPerIteration > 1 ? `${this.name} (x${countPerIteration})` : this.name,
      count_per_iteration: countPerIteration,
      data: {
        iteration_count: this.#iterationCount,
        min: this.durations.min,
        median,
        "90%ile": p90,
        "95%ile": p95,
        max: this.durations.max,
        avg: this.durations.mean,
        success: formatSuccess(this.runs - this.#failedRuns, this.runs),
      },
      children: [...this.children.values()].map((child) => child.toStatsNode()),
    };
  }
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
