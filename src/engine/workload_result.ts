/**
 * Assembling a workload's result document entry from its parts: the one
 * place that knows the shape, for finished, aborted, skipped and (in the
 * history) crashed workloads alike.
 *
 * @module
 */
import { firstLine, type PluginRegistry } from "../model/plugin_registry.ts";
import type { WorkloadResult, WorkloadStatus } from "../model/results_document.ts";
import { SlaChecker } from "../sla/sla_checker.ts";
import { slaAsWritten } from "../sla/sla_as_written.ts";
import { WorkloadStats } from "../stats/workload_stats.ts";
import type { PluginRef, WorkloadSpec } from "../model/task_spec.ts";
import type { HookResult } from "../model/hook_result.ts";
import type { ResilienceResult } from "../model/resilience.ts";
import type { ResilienceAnalyzer } from "../stats/resilience_analyzer.ts";

/** What a workload's result is made of. */
export interface WorkloadResultParts {
  /** The workload as configured. */
  spec: WorkloadSpec;
  /** Its id. */
  uuid: string;
  /** Its place in its subtask. */
  position: number;
  /** Its status. */
  status: WorkloadStatus;
  /** Statistics of the iterations it ran; none when it ran none. */
  stats?: WorkloadStats;
  /** Its SLA verdicts; none when it ran none (no criterion is judged then). */
  sla?: SlaChecker;
  /** Its hook results; by default every configured hook with no run. */
  hooks?: HookResult[];
  /** The resilience analysis, for a workload with hooks. */
  windows?: ResilienceAnalyzer;
  /** Seconds the workload took in all. */
  fullDuration: number;
  /** The plugins the task runs with. */
  plugins: PluginRegistry;
}

/** The workload's entry of the results document. */
export function workloadResult(parts: WorkloadResultParts): WorkloadResult {
  const { spec } = parts;
  const stats = parts.stats ?? new WorkloadStats();
  const summary = stats.toSummary();
  const sla = parts.sla ?? new SlaChecker([], parts.plugins);
  const verdicts = sla.results();
  const resilience = resilienceOf(parts.windows, sla);
  return {
    uuid: parts.uuid,
    position: parts.position,
    description: spec.description ??
      firstLine(parts.plugins.find("scenario", spec.scenario.name)?.description ?? ""),
    scenario: asNamed(spec.scenario),
    runner: asNamed(spec.runner),
    hooks: parts.hooks ?? spec.hooks.map((h) => ({ config: h.config, results: [], summary: {} })),
    sla: slaAsWritten(spec.sla),
    sla_results: sla.abortedOnSla
      ? { sla: verdicts, aborted_on_sla_failure: true }
      : { sla: verdicts },
    pass_sla: sla.passed(),
    contexts: spec.contexts,
    status: parts.status,
    ...summary,
    full_duration: parts.fullDuration,
    statistics: stats.toStatistics(),
    ...(resilience ? { resilience } : {}),
  };
}

// The analysis's figures, each window with the verdicts of the criteria that judged it.
function resilienceOf(
  windows: ResilienceAnalyzer | undefined,
  sla: SlaChecker,
): ResilienceResult | undefined {
  const result = windows?.result();
  if (!result) return undefined;
  const verdicts = sla.windowVerdicts();
  for (const window of result.windows) window.sla = verdicts.get(window.index) ?? [];
  return result;
}

// `{name: args as written}`, as Rally reports a plugin reference.
function asNamed(ref: PluginRef): Record<string, unknown> {
  return { [ref.name]: ref.raw ?? {} };
}
