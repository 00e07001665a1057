/**
 * The results document: tasks → subtasks → workloads, modeled on Rally's
 * JSON report (`rally task report --json`).
 *
 * @module
 */
import type { HookResult } from "./hook_result.ts";
import type { IterationRecord } from "./iteration_record.ts";
import type { SlaResult } from "./sla_result.ts";

/** The version of the document's shape; bumped on incompatible changes. */
export const FORMAT_VERSION = "1.0";

/** Status of a task or subtask. */
export type TaskStatus = "running" | "finished" | "aborted" | "crashed";

/** Status of a workload. */
export type WorkloadStatus = "finished" | "aborted" | "skipped";

/** The whole document. */
export interface ResultsDocument {
  /** Who wrote it and when. */
  info: { brunt_version: string; generated_at: string; format_version: string };
  /** The tasks it holds (one per run; several when reports merge runs). */
  tasks: TaskResult[];
}

/** One run of a task file. */
export interface TaskResult {
  /** Unique id of the run. */
  uuid: string;
  /** Title from the task file, empty when none. */
  title: string;
  /** Description from the task file, empty when none. */
  description: string;
  /** `finished`, or `aborted` after an interrupt or an SLA abort. */
  status: TaskStatus;
  /** Tags from the task file. */
  tags: string[];
  /** The seed of the random source; `--seed` with it reproduces the run. */
  seed: number;
  /** Start, ISO 8601 UTC. */
  created_at: string;
  /** Last change, ISO 8601 UTC. */
  updated_at: string;
  /** Whether every workload passed its SLA. */
  pass_sla: boolean;
  /** The task document as written (after template rendering). */
  input_task: unknown;
  /** Subtasks in order. */
  subtasks: SubtaskResult[];
  /** Which parts of the load the results hold, when it was split over processes (`run --segment`). */
  segments?: SegmentsHeld;
}

/**
 * The execution segments of a load split over processes that a results
 * document holds: all of them for a coordinator's run (but those lost on the
 * way, whose share is in only as far as they sent it), one for a segment run
 * alone, the union for `brunt merge`.
 */
export interface SegmentsHeld {
  /** The sequence the load was split by, as `0,1/4,1/2,3/4,1`. */
  sequence: string;
  /** Segments whose whole share is in, as `from:to`. */
  included: string[];
  /** Segments lost (or never joined): their share is in only as far as they sent it. */
  lost: string[];
}

/** One subtask. */
export interface SubtaskResult {
  /** Unique id. */
  uuid: string;
  /** Title. */
  title: string;
  /** Description. */
  description: string;
  /** Status. */
  status: TaskStatus;
  /** Whether its workloads ran at the same time. */
  run_in_parallel: boolean;
  /** Workloads in order. */
  workloads: WorkloadResult[];
}

/** Statistics of one action (or the total), Rally's `statistics.durations` node. */
export interface StatsNode {
  /** Action name (`total` for the whole iteration). */
  name: string;
  /** Name shown to people. */
  display_name: string;
  /** How often the action ran per iteration (at most). */
  count_per_iteration: number;
  /** The figures; durations in seconds, null when nothing was measured. */
  data: {
    iteration_count: number;
    min: number | null;
    median: number | null;
    "90%ile": number | null;
    "95%ile": number | null;
    max: number | null;
    avg: number | null;
    success: string;
  };
  /** Nested actions. */
  children: StatsNode[];
}

/** One workload. */
export interface WorkloadResult {
  /** Unique id. */
  uuid: string;
  /** 0-based place in its subtask. */
  position: number;
  /** The scenario's description. */
  description: string;
  /** `{name: args}` as written. */
  scenario: Record<string, unknown>;
  /** `{name: args}` as written. */
  runner: Record<string, unknown>;
  /** Hooks in configuration order. */
  hooks: HookResult[];
  /** `{criterion: args}` as written. */
  sla: Record<string, unknown>;
  /** Verdicts; `aborted_on_sla_failure` says the load was stopped by one. */
  sla_results: { sla: SlaResult[]; aborted_on_sla_failure?: boolean };
  /** Whether every criterion passed. */
  pass_sla: boolean;
  /** Contexts as written. */
  contexts: Record<string, unknown>;
  /** `finished`, `aborted` (stopped early) or `skipped` (never started). */
  status: WorkloadStatus;
  /** Start of the first iteration, epoch seconds; null when none ran. */
  start_time: number | null;
  /** Seconds from the first iteration's start to the last one's end. */
  load_duration: number;
  /** Seconds the workload took in all, hooks included. */
  full_duration: number;
  /** Shortest iteration, seconds; null when none ran. */
  min_duration: number | null;
  /** Longest iteration, seconds; null when none ran. */
  max_duration: number | null;
  /** Iterations run. */
  total_iteration_count: number;
  /** Iterations that failed. */
  failed_iteration_count: number;
  /** Duration statistics: the total, and the atomic actions as a tree. */
  statistics: { durations: { total: StatsNode; atomics: StatsNode[] } };
  /** The raw iterations in completion order (present in written documents). */
  data?: IterationRecord[];
}
