/**
 * What a running task tells about its workloads as they start and end: the
 * edge where progress lines and the history's recorder listen.
 *
 * @module
 */
import type { HookRunResult } from "./hook_result.ts";
import type { WorkloadResult } from "./results_document.ts";
import type { WorkloadSpec } from "./task_spec.ts";

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
  /**
   * Quantiles (0 ≤ p ≤ 1) of the recorded iterations' durations so far, in
   * seconds, null before the first; as the workload's statistics compute them.
   */
  durationQuantiles?(ps: readonly number[]): (number | null)[];
}

/**
 * A hook run that just ended, for live progress: its workload's id, the
 * hook's place among the workload's hooks (its spec is
 * `spec.hooks[hookIndex]`), and the run as it is recorded.
 */
export type HookRunNotice = { workloadUuid: string; hookIndex: number; run: HookRunResult };

/** Receives workload lifecycle notices, for live progress. */
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
  hookRunFinished?(notice: { workloadUuid: string; hookIndex: number; run: HookRunResult }): void;
}
