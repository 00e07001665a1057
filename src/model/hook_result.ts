/**
 * A hook's results: each run with its trigger point, timestamps, status,
 * output and error, and the summary per configured hook.
 *
 * @module
 */
import type { Output } from "./output.ts";

/** What a trigger listens to: completed-iteration counts or seconds since the load started. */
export type TriggerUnit = "iteration" | "time";

/** Status of one hook run. */
export type HookStatus = "success" | "failed";

/** Error of a failed hook run. */
export interface HookError {
  /** Kind of error (an exception class name, `TimeoutError`, `Aborted`, …). */
  etype: string;
  /** What went wrong, in one line. */
  msg: string;
  /** More: a stack trace, a process's stderr. */
  details: string;
}

/** One run of a hook. */
export interface HookRunResult {
  /** The trigger point that fired it (the `at`/periodic value, not a measured time). */
  triggered_by: { event_type: TriggerUnit; value: number };
  /** Start, epoch seconds. */
  started_at: number;
  /** Finish, epoch seconds. */
  finished_at: number;
  /** Outcome. */
  status: HookStatus;
  /** Charts the hook added; absent when none. */
  output?: Output;
  /** Present when failed. */
  error?: HookError;
}

/** Results of one configured hook. */
export interface HookResult {
  /** The hook entry exactly as written in the task file. */
  config: unknown;
  /** Runs in firing order. */
  results: HookRunResult[];
  /** Runs per status (only statuses that occurred). */
  summary: Partial<Record<HookStatus, number>>;
  /**
   * Points of a bounded trigger that the load ended before reaching: the
   * first values (at most 100) and how many there were in all.
   */
  not_reached?: { values: number[]; count: number };
}
