/**
 * The results document: tasks → subtasks → workloads, modeled on Rally's
 * JSON report (`rally task report --json`).
 *
 * @module
 */
import type { HookResult } from "./hook_result.ts";
import type { IterationRecord } from "./iteration_record.ts";
import type { ResilienceResult } from "./resilience.ts";
import type { SlaResult } from "./sla_result.ts";

/** The version of the document's shape; bumped on incompatible changes. */
export const FORMAT_VERSION = "1.0";

/**
 * Status of a task or subtask.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type TaskStatus } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask("Dummy.dummy: [{runner: {type: serial, times: 3}}]", "task.yaml");
 * const statusOf = async (signal?: AbortSignal): Promise<TaskStatus> =>
 *   (await runSimulated(task, { signal })).document.tasks[0].status;
 * assert.equal(await statusOf(), "finished");
 * assert.equal(await statusOf(AbortSignal.abort()), "aborted"); // stopped before it began
 * ```
 */
export type TaskStatus = "running" | "finished" | "aborted" | "crashed";

/**
 * Status of a workload.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type WorkloadStatus } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask(`
 * Dummy.dummy_exception: [{runner: {type: serial, times: 5}, sla: {failure_rate: {max: 0}}}]
 * Dummy.dummy: [{runner: {type: serial, times: 5}}]`, "task.yaml");
 * const { document } = await runSimulated(task, { abortOnSlaFailure: true });
 * const statuses: WorkloadStatus[] = document.tasks[0].subtasks.map((s) => s.workloads[0].status);
 * // The SLA failed: the workload stopped, and later ones never started.
 * assert.deepEqual(statuses, ["aborted", "skipped"]);
 * ```
 */
export type WorkloadStatus = "finished" | "aborted" | "skipped";

/**
 * The whole document: what {@linkcode runTask} returns and `brunt run`
 * writes as JSON.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type ResultsDocument, VERSION } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask("Dummy.dummy: [{runner: {type: serial, times: 2}}]", "task.yaml");
 * const document: ResultsDocument = (await runSimulated(task)).document;
 * assert.equal(document.info.brunt_version, VERSION);
 * assert.equal(document.tasks.length, 1); // one run; merged reports hold several
 * assert.deepEqual(JSON.parse(JSON.stringify(document)), document); // plain JSON
 * ```
 */
export interface ResultsDocument {
  /** Who wrote it and when. */
  info: { brunt_version: string; generated_at: string; format_version: string };
  /** The tasks it holds (one per run; several when reports merge runs). */
  tasks: TaskResult[];
}

/**
 * One run of a task file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type TaskResult } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const text = `{"version": 2, "title": "Nightly", "subtasks": [
 *   {"scenario": {"Dummy.dummy": {}}, "runner": {"serial": {"times": 2}}}]}`;
 * const { document } = await runSimulated(parseTask(text, "t.json"), { seed: 7 });
 * const run: TaskResult = document.tasks[0];
 * assert.deepEqual([run.title, run.status, run.seed], ["Nightly", "finished", 7]);
 * assert.equal(run.created_at, "2023-11-14T22:13:20.000Z"); // the simulated clock's start
 * assert.deepEqual(run.input_task, JSON.parse(text));
 * ```
 */
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
  /**
   * True when the run's times are simulated (`run --simulated-clock`): its
   * figures preview the task's timeline, they measure nothing, and
   * `brunt trends` leaves the run out.
   */
  simulated?: boolean;
}

/**
 * The execution segments of a load split over processes that a results
 * document holds: all of them for a coordinator's run (but those lost on the
 * way, whose share is in only as far as they sent it), one for a segment run
 * alone, the union for `brunt merge`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { ResultsDocument, SegmentsHeld } from "@brunt/brunt";
 * // A coordinator's run whose second of two segments was lost on the way.
 * const held: SegmentsHeld = { sequence: "0,1/2,1", included: ["0:1/2"], lost: ["1/2:1"] };
 * const complete = (doc: ResultsDocument) => (doc.tasks[0].segments?.lost.length ?? 0) === 0;
 * assert.equal(complete({ tasks: [{ segments: held }] } as unknown as ResultsDocument), false);
 * ```
 */
export interface SegmentsHeld {
  /** The sequence the load was split by, as `0,1/4,1/2,3/4,1`. */
  sequence: string;
  /** Segments whose whole share is in, as `from:to`. */
  included: string[];
  /** Segments lost (or never joined): their share is in only as far as they sent it. */
  lost: string[];
}

/**
 * One subtask.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type SubtaskResult } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask(`version: 2
 * subtasks:
 *   - run_in_parallel: true
 *     workloads:
 *       - {scenario: {Dummy.dummy: {sleep: 1}}, runner: {serial: {times: 4}}}
 *       - {scenario: {Dummy.dummy: {sleep: 2}}, runner: {serial: {times: 2}}}`, "task.yaml");
 * const subtask: SubtaskResult = (await runSimulated(task)).document.tasks[0].subtasks[0];
 * assert.equal(subtask.run_in_parallel, true);
 * const starts = subtask.workloads.map((w) => w.start_time);
 * assert.deepEqual(starts, [1_700_000_000, 1_700_000_000]); // together
 * ```
 */
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

/**
 * Statistics of one action (or the total), Rally's `statistics.durations` node.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, scenarioPlugin, type StatsNode } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const search = scenarioPlugin("Shop.search", async (_args, ctx) => {
 *   await ctx.atomic("query", () => ctx.sleep(ctx.iteration)); // 1, 2, 3, 4 s
 *   if (ctx.iteration === 4) throw new Error("no results");
 * }, { schema: {}, description: "Searches." });
 * const task = parseTask("Shop.search: [{runner: {type: serial, times: 4}}]", "task.yaml", {
 *   plugins: defaultPlugins().with([search]),
 * });
 * const { statistics } = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0];
 * const query: StatsNode = statistics.durations.atomics[0];
 * const { min, max, avg } = query.data;
 * assert.deepEqual([query.name, min, max, avg], ["query", 1, 4, 2.5]);
 * assert.equal(statistics.durations.total.data.success, "75.0%");
 * ```
 */
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

/**
 * One workload's results.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type WorkloadResult } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask(
 *   "Dummy.dummy: [{args: {sleep: 3}, runner: {type: constant, times: 6, concurrency: 2}}]",
 *   "task.yaml",
 * );
 * const { document } = await runSimulated(task);
 * const workload: WorkloadResult = document.tasks[0].subtasks[0].workloads[0];
 * assert.deepEqual([workload.total_iteration_count, workload.failed_iteration_count], [6, 0]);
 * assert.equal(workload.load_duration, 9); // three rounds of two 3 s iterations
 * assert.deepEqual(workload.runner, { constant: { times: 6, concurrency: 2 } }); // as written
 * ```
 */
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
  /**
   * The resilience analysis: the baseline, the windows hook runs cut, their
   * figures and recoveries (present for a workload with hooks that ran).
   */
  resilience?: ResilienceResult;
  /** The raw iterations in completion order (present in written documents). */
  data?: IterationRecord[];
}
