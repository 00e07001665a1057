/**
 * What the live feed hands its outputs once a second: the workloads that
 * started, each running workload's figures over the last second and since
 * its start, the hook runs that started and ended, and the workloads that
 * finished.
 *
 * @module
 */
import type { HistogramCounts } from "../model/histogram_counts.ts";
import type { HookRunNotice, HookRunStartNotice, WorkloadFigures } from "../model/progress.ts";

/** The task the feed reports on. */
export interface LiveTask {
  /** Its title. */
  title: string;
  /** Its id (the run id in metrics), once the run has one. */
  uuid: string;
}

/** A workload as live outputs name and describe it. */
export interface LiveWorkloadInfo {
  /** Its id. */
  uuid: string;
  /**
   * Its name across runs: the scenario and its place among the task's
   * workloads of that scenario (`Dummy.dummy#0`), as `brunt trends` matches
   * workloads.
   */
  key: string;
  /** Its subtask's title. */
  title: string;
  /** The scenario's name. */
  scenario: string;
  /** The runner's name. */
  runner: string;
  /** What its runner plans: iterations and seconds, where it knows them. */
  plan: { iterations?: number; seconds?: number };
  /** A label for each configured hook, by hook index: its description, else its action's name. */
  hooks: string[];
}

/** The figures of one running workload at one tick. */
export interface LiveWindow {
  /** The workload's id. */
  uuid: string;
  /** Start of the window, epoch seconds (the previous tick, or the workload's start). */
  from: number;
  /** End of the window, epoch seconds. */
  to: number;
  /** When the load started (its first iteration), epoch seconds; undefined before. */
  loadStart?: number;
  /** Iterations started so far. */
  started: number;
  /** Figures since the workload's start. */
  total: WorkloadFigures;
  /** Figures of the iterations recorded in this window only. */
  window: {
    /** Iterations recorded. */
    completed: number;
    /** Of them, with an error. */
    failed: number;
    /** Failed iterations by error type. */
    failures: Record<string, number>;
    /** Their durations. */
    durations: HistogramCounts;
  };
}

/** A hook run starting or ending, as the feed heard it. */
export type LiveHookEvent =
  | ({ type: "started" } & HookRunStartNotice)
  | ({ type: "finished" } & HookRunNotice);

/** A workload that ended, in brief. */
export interface LiveWorkloadEnd {
  /** Its id. */
  uuid: string;
  /** `finished`, `aborted` or `skipped`. */
  status: string;
  /** Whether every SLA criterion passed. */
  pass_sla: boolean;
  /** Iterations recorded. */
  total_iteration_count: number;
  /** Of them, failed. */
  failed_iteration_count: number;
}

/** Everything that happened since the previous batch. */
export interface LiveBatch {
  /** When the batch was taken, epoch seconds. */
  at: number;
  /** The task. */
  task: LiveTask;
  /** Workloads that started since the previous batch. */
  started: LiveWorkloadInfo[];
  /** One window per workload that ran in this second (finished ones included, once). */
  windows: LiveWindow[];
  /** Hook runs that started or ended, in the order they did. */
  hookRuns: LiveHookEvent[];
  /** Hook run notices left out of this batch because it held too many already. */
  droppedHookRuns: number;
  /** Workloads that ended since the previous batch (after their last window). */
  finished: LiveWorkloadEnd[];
}

/** Something that consumes the live feed: a dashboard, a metrics sender. */
export interface LiveOutput {
  /**
   * Takes one batch. Runs on the load's thread once a second, so it must
   * return at once: queue, never wait. Must not throw.
   */
  take(batch: LiveBatch): void;
  /**
   * Ends the output after the last batch: delivers what is queued within
   * its own time bound. Resolves with warnings for the run's summary (what
   * could not be delivered, counted); never rejects.
   */
  close(): Promise<string[]>;
}
