/**
 * What a running task tells about its workloads as they start and end: the
 * edge where progress lines and the history's recorder listen.
 *
 * @module
 */
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
}

/** Receives workload lifecycle notices, for live progress. */
export interface ProgressSink {
  /** A workload started. */
  workloadStarted(progress: WorkloadProgress): void;
  /** A workload ended. */
  workloadFinished(result: WorkloadResult): void;
}
