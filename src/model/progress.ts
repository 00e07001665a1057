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
   * Each atomic action's durations, by its path in the nesting tree (`foo`,
   * and `foo > bar` for `bar` run inside `foo`).
   */
  atomics: Record<string, HistogramCounts>;
}

/** A hook run that has just started: what is known of it before it ends. */
export interface HookRunStart {
  /** The hook's place in the workload's configuration. */
  hookIndex: number;
  /** The run's firing order within the workload (1, 2, …). */
  seq: number;
  /** The trigger point that fired it. */
  triggered_by: { event_type: TriggerUnit; value: number };
  /** Start, epoch seconds (the run's `started_at`). */
  started_at: number;
}

/** A live view of a running workload, for progress lines. */
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
  /** The figures so far (a copy); cheap enough once a second, not for every iteration. */
  figures(): WorkloadFigures;
}

/** Receives workload lifecycle notices, for live progress. */
export interface ProgressSink {
  /** A workload started. */
  workloadStarted(progress: WorkloadProgress): void;
  /** A workload ended. */
  workloadFinished(result: WorkloadResult): void;
  /** A hook run of workload `workloadUuid` started (optional). Must not throw. */
  hookRunStarted?(workloadUuid: string, run: HookRunStart): void;
  /**
   * A hook run of workload `workloadUuid` ended, with its result (optional).
   * Must not throw.
   */
  hookRunFinished?(workloadUuid: string, hookIndex: number, seq: number, run: HookRunResult): void;
}
