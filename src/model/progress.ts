/**
 * What a running task tells about its workloads as they start and end: the
 * edge where progress lines and the history's recorder listen.
 *
 * @module
 */
import type { HistogramCounts } from "./histogram_counts.ts";
import type { HookRunResult, TriggerUnit } from "./hook_result.ts";
import type { WorkloadResult } from "./results_document.ts";
import type { WorkloadSpec } from "./task_spec.ts";

/**
 * A workload's figures since its start, as data: what live outputs read once
 * a second and take differences of. Counting them costs the load nothing
 * beyond its statistics (they are the statistics' own counts).
 */
export interface WorkloadFigures {
  /** Iterations recorded. */
  completed: number;
  /** Iterations recorded with an error. */
  failed: number;
  /** Failed iterations by error type (`etype`). */
  failures: Record<string, number>;
  /** The iterations' durations (`duration`, seconds). */
  durations: HistogramCounts;
  /**
   * The durations of each atomic action row of the workload's statistics,
   * by its path in the nesting tree: `foo`, `foo (x2)` (iterations that ran
   * it twice, the two runs summed, as Rally counts them), `foo > bar`.
   */
  atomics: Record<string, HistogramCounts>;
}

/**
 * A live view of a running workload, for progress lines.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask } from "@brunt/brunt";
 * import type { WorkloadProgress } from "@brunt/brunt/progress";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const text = "Dummy.dummy: [{args: {sleep: 2}, runner: {type: serial, times: 3}}]";
 * let live: WorkloadProgress | undefined;
 * await runSimulated(parseTask(text, "task.yaml"), {
 *   progress: { workloadStarted: (p) => live = p, workloadFinished() {} },
 * });
 * assert.deepEqual(live?.plan, { iterations: 3 });
 * assert.deepEqual([live?.started(), live?.completed(), live?.failed()], [3, 3, 0]);
 * assert.equal(live?.loadStart(), 1_700_000_000_000); // the simulated clock's start
 * ```
 */
export interface WorkloadProgress {
  /** The workload's spec. */
  spec: WorkloadSpec;
  /** Its id. */
  uuid: string;
  /** What its runner plans: iterations and seconds, where it knows them. */
  plan: { iterations?: number; seconds?: number };
  /** Iterations started. */
  started(): number;
  /** Iterations recorded. */
  completed(): number;
  /** Iterations recorded with an error. */
  failed(): number;
  /** Hook runs fired and failed so far. */
  hookRuns(): { fired: number; failed: number };
  /** When the load started (epoch ms), or undefined before the first iteration. */
  loadStart(): number | undefined;
  /**
   * Quantiles (0 ≤ p ≤ 1) of the recorded iterations' durations so far, in
   * seconds, null before the first; as the workload's statistics compute them.
   */
  durationQuantiles?(ps: readonly number[]): (number | null)[];
  /**
   * The figures so far (a copy), for live outputs; cheap enough once a
   * second, not for every iteration.
   */
  figures?(): WorkloadFigures;
}

/**
 * A hook run that just ended, for live progress: its workload's id, the
 * hook's place among the workload's hooks (its spec is
 * `spec.hooks[hookIndex]`), the run's firing order within the workload
 * (1, 2, …; its start notice has the same), and the run as it is recorded.
 */
export type HookRunNotice = {
  workloadUuid: string;
  hookIndex: number;
  seq: number;
  run: HookRunResult;
};

/** What is known of a hook run as it starts: the first fields of its result. */
export interface HookRunStart {
  /** The trigger point that fired it. */
  triggered_by: { event_type: TriggerUnit; value: number };
  /** Start, epoch seconds (the run's `started_at`). */
  started_at: number;
}

/** A hook run that just started, for live progress: as {@linkcode HookRunNotice}, before its result. */
export type HookRunStartNotice = {
  workloadUuid: string;
  hookIndex: number;
  seq: number;
  run: HookRunStart;
};

/**
 * Receives workload lifecycle notices, for live progress.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask } from "@brunt/brunt";
 * import type { ProgressSink } from "@brunt/brunt/progress";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const notices: string[] = [];
 * const progress: ProgressSink = {
 *   workloadStarted: (p) => notices.push(`started ${p.spec.scenario.name}`),
 *   workloadFinished: (r) => notices.push(`finished ${r.total_iteration_count} iterations`),
 * };
 * const task = parseTask("Dummy.dummy: [{runner: {type: serial, times: 4}}]", "task.yaml");
 * await runSimulated(task, { progress });
 * assert.deepEqual(notices, ["started Dummy.dummy", "finished 4 iterations"]);
 * ```
 */
export interface ProgressSink {
  /** A workload started. */
  workloadStarted(progress: WorkloadProgress): void;
  /** A workload ended. */
  workloadFinished(result: WorkloadResult): void;
  /**
   * A hook run ended (before its workload does): the workload's id, the
   * hook's place among its hooks (`spec.hooks[hookIndex]`) and the run as
   * recorded.
   */
  hookRunFinished?(notice: HookRunNotice): void;
  /** A hook run started (a fault window opens). Must not throw. */
  hookRunStarted?(notice: HookRunStartNotice): void;
}
