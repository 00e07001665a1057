/**
 * A results document in the form `rally task import` takes as it is: Rally
 * 3.3's task results schema (closed at every level), hook configs in
 * Rally's stored form, hook errors as `[etype, msg, details]`, times as
 * Rally writes them.
 *
 * @module
 */
import type { HookResult, HookRunResult } from "../model/hook_result.ts";
import type {
  ResultsDocument,
  StatsNode,
  SubtaskResult,
  TaskResult,
  WorkloadResult,
} from "../model/results_document.ts";
import { VERSION } from "../model/version.ts";

/** The `format_version` of Rally 3.3's JSON report. */
export const RALLY_FORMAT_VERSION = "1.2";

/** A task of a Rally-form document (what `TASK_SCHEMA` of Rally 3.3 allows). */
export interface RallyTask {
  /** Id. */
  uuid: string;
  /** Title. */
  title: string;
  /** Description. */
  description: string;
  /** `finished`, `aborted`, `crashed`. */
  status: string;
  /** Tags. */
  tags: string[];
  /** `YYYY-MM-DDTHH:MM:SS`, UTC. */
  created_at: string;
  /** `YYYY-MM-DDTHH:MM:SS`, UTC. */
  updated_at: string;
  /** Whether every workload passed its SLA. */
  pass_sla: boolean;
  /** Subtasks. */
  subtasks: RallySubtask[];
}

/** A subtask of a Rally-form document. */
export interface RallySubtask {
  /** Id. */
  uuid: string;
  /** Title. */
  title: string;
  /** Description. */
  description: string;
  /** Status. */
  status: string;
  /** Whether its workloads ran at once. */
  run_in_parallel: boolean;
  /** Rally's subtask-level SLA: always `{}`. */
  sla: Record<string, never>;
  /** Workloads (those that ran; skipped ones are left out, as Rally leaves them out). */
  workloads: RallyWorkload[];
}

/** A workload of a Rally-form document (its `data` is written apart, streamed). */
export type RallyWorkload =
  & Pick<
    WorkloadResult,
    | "uuid"
    | "description"
    | "scenario"
    | "runner"
    | "sla"
    | "pass_sla"
    | "contexts"
    | "position"
    | "start_time"
    | "load_duration"
    | "full_duration"
    | "min_duration"
    | "max_duration"
    | "total_iteration_count"
    | "failed_iteration_count"
  >
  & {
    /** Hooks in Rally's stored form. */
    hooks: RallyHookResult[];
    /** Verdicts, without brunt's marks. */
    sla_results: { sla: { criterion: string; success: boolean; detail: string }[] };
    /** Rally's statistics: figures rounded to 3 decimals, `"n/a"` for none. */
    statistics: { durations: { total: RallyStatsNode; atomics: RallyStatsNode[] } };
    /** Rally's context results: none. */
    contexts_results: never[];
    /** `YYYY-MM-DDTHH:MM:SS`, UTC. */
    created_at: string;
    /** `YYYY-MM-DDTHH:MM:SS`, UTC. */
    updated_at: string;
  };

/** A statistics row as Rally writes it. */
export interface RallyStatsNode extends Omit<StatsNode, "data" | "children"> {
  /** Figures rounded to 3 decimals, `"n/a"` when nothing was measured. */
  data: Record<string, number | string>;
  /** Nested rows. */
  children: RallyStatsNode[];
}

/** A hook's results in the form Rally stores and imports. */
export interface RallyHookResult {
  /** `{description, action: [name, args], trigger: [name, args]}`. */
  config: { description: string; action: [string, unknown]; trigger: [string, unknown] };
  /** Runs; a failed one's error is `[etype, msg, details]`. */
  results: (Omit<HookRunResult, "error"> & { error?: [string, string, string] })[];
  /** Runs per status. */
  summary: HookResult["summary"];
}

/** A whole Rally-form document (without raw iterations). */
export interface RallyDocument {
  /** Who wrote it (Rally's importer reads no field of it). */
  info: { generated_at: string; format_version: string; generator: string };
  /** The tasks. */
  tasks: RallyTask[];
}

/**
 * `doc` in Rally's form, without raw iterations: each workload is given to
 * `onWorkload` (in document order) so the caller can stream its `data`.
 * brunt's own fields (the seed, the input task, statuses of workloads,
 * not-reached hook points, the default-criterion mark) are left out;
 * workloads that never started are left out, as Rally leaves them out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { toRallyDocument } from "./rally_export.ts";
 * const rally = toRallyDocument({
 *   info: { brunt_version: "1", generated_at: "2026-01-01T00:00:00.000Z", format_version: "1.0" },
 *   tasks: [],
 * });
 * assert.deepEqual(rally.tasks, []);
 * assert.equal(rally.info.format_version, "1.2");
 * ```
 */
export function toRallyDocument(
  doc: ResultsDocument,
  onWorkload: (workload: WorkloadResult, rally: RallyWorkload) => void = () => {},
): RallyDocument {
  return {
    info: {
      generated_at: rallyTime(doc.info.generated_at),
      format_version: RALLY_FORMAT_VERSION,
      generator: `brunt ${VERSION}`,
    },
    tasks: doc.tasks.map((task) => rallyTask(task, onWorkload)),
  };
}

function rallyTask(
  task: TaskResult,
  onWorkload: (workload: WorkloadResult, rally: RallyWorkload) => void,
): RallyTask {
  return {
    uuid: task.uuid,
    title: task.title,
    description: task.description,
    status: task.status,
    tags: task.tags,
    created_at: rallyTime(task.created_at),
    updated_at: rallyTime(task.updated_at),
    pass_sla: task.pass_sla,
    subtasks: task.subtasks.map((subtask) => rallySubtask(subtask, task, onWorkload)),
  };
}

function rallySubtask(
  subtask: SubtaskResult,
  task: TaskResult,
  onWorkload: (workload: WorkloadResult, rally: RallyWorkload) => void,
): RallySubtask {
  const workloads: RallyWorkload[] = [];
  for (const workload of subtask.workloads) {
    if (workload.status === "skipped") continue;
    const rally = rallyWorkload(workload, task);
    onWorkload(workload, rally);
    workloads.push(rally);
  }
  return {
    uuid: subtask.uuid,
    title: subtask.title,
    description: subtask.description,
    status: subtask.status,
    run_in_parallel: subtask.run_in_parallel,
    sla: {},
    workloads,
  };
}

function rallyWorkload(w: WorkloadResult, task: TaskResult): RallyWorkload {
  return {
    uuid: w.uuid,
    description: w.description,
    scenario: w.scenario,
    runner: w.runner,
    hooks: w.hooks.map(rallyHook),
    sla: w.sla,
    sla_results: {
      sla: w.sla_results.sla.map(({ criterion, success, detail }) => ({
        criterion,
        success,
        detail,
      })),
    },
    pass_sla: w.pass_sla,
    contexts: w.contexts,
    contexts_results: [],
    position: w.position,
    start_time: w.start_time,
    load_duration: w.load_duration,
    full_duration: w.full_duration,
    min_duration: w.min_duration,
    max_duration: w.max_duration,
    total_iteration_count: w.total_iteration_count,
    failed_iteration_count: w.failed_iteration_count,
    statistics: {
      durations: {
        total: rallyStats(w.statistics.durations.total),
        atomics: w.statistics.durations.atomics.map(rallyStats),
      },
    },
    created_at: rallyTime(task.created_at),
    updated_at: rallyTime(task.updated_at),
  };
}

/** A statistics row as Rally writes it: figures rounded to 3 decimals, `"n/a"` for none. */
export function rallyStats(node: StatsNode): RallyStatsNode {
  const { iteration_count, success, ...figures } = node.data;
  return {
    name: node.name,
    display_name: node.display_name,
    count_per_iteration: node.count_per_iteration,
    data: {
      iteration_count,
      ...Object.fromEntries(
        Object.entries(figures).map(([k, v]) => [k, v === null ? "n/a" : round3(v)]),
      ),
      success,
    },
    children: node.children.map(rallyStats),
  };
}

// Rally rounds its statistics to 3 decimals.
function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

// The hook config as Rally stores it (its importer keeps it, its exporter reads this form).
function rallyHook(hook: HookResult): RallyHookResult {
  return {
    config: rallyHookConfig(hook.config),
    results: hook.results.map(({ error, ...run }) =>
      error ? { ...run, error: [error.etype, error.msg, error.details] } : run
    ),
    summary: hook.summary,
  };
}

/** A hook entry as written (the spec's `{name, args, trigger: {name, args}}` or v2) in Rally's stored form. */
export function rallyHookConfig(config: unknown): RallyHookResult["config"] {
  const c = (config ?? {}) as Record<string, unknown>;
  const description = typeof c.description === "string" ? c.description : "";
  if (typeof c.name === "string") {
    const trigger = (c.trigger ?? {}) as { name?: unknown; args?: unknown };
    return {
      description,
      action: [c.name, c.args],
      trigger: [String(trigger.name), trigger.args],
    };
  }
  return { description, action: firstEntry(c.action), trigger: firstEntry(c.trigger) };
}

function firstEntry(value: unknown): [string, unknown] {
  const [entry] = Object.entries((value ?? {}) as Record<string, unknown>);
  return entry ?? ["", {}];
}

/** An ISO 8601 time as Rally writes its times: `YYYY-MM-DDTHH:MM:SS`, UTC, no zone. */
export function rallyTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toISOString().slice(0, 19);
}
