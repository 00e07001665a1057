/**
 * Rebuilding the result of a workload that never finished (its run crashed,
 * or is still going) from its spec and the iterations recorded so far.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import type { WorkloadResult } from "../model/results_document.ts";
import { SlaChecker } from "../sla/sla_checker.ts";
import { slaAsWritten } from "../sla/sla_as_written.ts";
import { WorkloadStats } from "../stats/workload_stats.ts";
import type { PluginRef, WorkloadSpec } from "../model/task_spec.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { RecordedHookRun } from "./task_rows.ts";
import type { HookResult } from "../model/hook_result.ts";
import type { SlaResult } from "../model/sla_result.ts";

/** What {@linkcode unfinishedWorkload} rebuilds a workload from. */
export interface UnfinishedWorkloadInput {
  /** The workload's id. */
  uuid: string;
  /** Its 0-based place in its subtask. */
  position: number;
  /** Its spec, as recorded when it started. */
  spec: WorkloadSpec;
  /** Its recorded iterations, in completion order. */
  iterations: Iterable<IterationRecord>;
  /**
   * Its hook runs recorded as they ended, in any order.
   * @default {[]}
   */
  hookRuns?: Iterable<RecordedHookRun>;
  /** When it started, epoch ms. */
  startedAt: number;
  /** The last sign of life of its run (the task's heartbeat), epoch ms. */
  lastSeenAt: number;
  /** Why it did not finish; becomes a failed `something_went_wrong` SLA entry. */
  reason: string;
  /** The plugins its SLA criteria are looked up in. */
  plugins: PluginRegistry;
}

/**
 * A workload result with statistics and SLA verdicts computed from the
 * recorded iterations, its hooks (configuration order) with the runs that
 * had ended (firing order), status `aborted`, and a failed
 * `something_went_wrong` entry saying why it is incomplete. SLA criteria
 * whose plugin is not loaded in this process are left out; so are hook
 * points not reached (unknown while the load could still have gone on).
 */
export function unfinishedWorkload(input: UnfinishedWorkloadInput): WorkloadResult {
  const { spec } = input;
  const stats = new WorkloadStats();
  let sla: SlaChecker;
  try {
    sla = new SlaChecker(spec.sla, input.plugins);
  } catch {
    // A criterion from a --plugin module this process did not load.
    sla = new SlaChecker([], input.plugins);
  }
  for (const record of input.iterations) {
    stats.add(record);
    sla.addIteration(record);
  }
  sla.setUnexpectedFailure(input.reason);
  const slaResults: SlaResult[] = sla.results();
  const summary = stats.toSummary();
  return {
    uuid: input.uuid,
    position: input.position,
    description: spec.description ?? "",
    scenario: asNamed(spec.scenario),
    runner: asNamed(spec.runner),
    hooks: hookResults(spec, input.hookRuns ?? []),
    sla: slaAsWritten(spec.sla),
    sla_results: { sla: slaResults },
    pass_sla: false,
    contexts: spec.contexts,
    status: "aborted",
    start_time: summary.start_time,
    load_duration: summary.load_duration,
    full_duration: Math.max(0, (input.lastSeenAt - input.startedAt) / 1000),
    min_duration: summary.min_duration,
    max_duration: summary.max_duration,
    total_iteration_count: summary.total_iteration_count,
    failed_iteration_count: summary.failed_iteration_count,
    statistics: stats.toStatistics(),
  };
}

function hookResults(spec: WorkloadSpec, runs: Iterable<RecordedHookRun>): HookResult[] {
  const hooks: HookResult[] = spec.hooks.map((h) => ({
    config: h.config,
    results: [],
    summary: {},
  }));
  // A run of a hook the spec does not have (a damaged row) is left out.
  const known = [...runs].filter((r) => hooks[r.hookIndex] !== undefined);
  for (const { hookIndex, run } of known.sort((a, b) => a.seq - b.seq)) {
    const hook = hooks[hookIndex];
    hook.results.push(run);
    hook.summary[run.status] = (hook.summary[run.status] ?? 0) + 1;
  }
  return hooks;
}

function asNamed(ref: PluginRef): Record<string, unknown> {
  return { [ref.name]: ref.raw ?? {} };
}
