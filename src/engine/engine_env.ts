/**
 * What the engine's actors share: the edges (clock, store, progress) and the
 * task-wide settings.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { WorkloadResult } from "../report/document.ts";
import type { ResultStore } from "../store/result_store.ts";
import type { WorkloadSpec } from "../task/model.ts";
import type { BreathePolicy } from "./iteration_driver.ts";

/** A live view of a running workload, for progress lines. */
export interface WorkloadProgress {
  /** The workload's spec. */
  spec: WorkloadSpec;
  /** Its id. */
  uuid: string;
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

/** Shared by every actor of a task run. */
export interface EngineEnv {
  /** The one clock. */
  clock: Clock;
  /** Where raw iterations go. */
  store: ResultStore;
  /** The seeded random source. */
  random: () => number;
  /** Stop a workload (and skip the rest) when an SLA criterion fails. */
  abortOnSlaFailure: boolean;
  /** When runners yield to the event loop. */
  breathe: BreathePolicy;
  /** Lifecycle notices, if anyone listens. */
  progress?: ProgressSink;
}
