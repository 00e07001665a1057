/**
 * How live outputs name a workload and its hooks.
 *
 * @module
 */
import type { WorkloadProgress } from "../model/progress.ts";
import type { HookSpec, TaskSpec } from "../model/task_spec.ts";
import type { LiveWorkloadInfo } from "./live_batch.ts";

/**
 * The names and plan of a running workload: its key (the scenario and its
 * place among the task's workloads of that scenario, as `brunt trends`
 * matches workloads across runs), its subtask's title, and its hooks'
 * labels (unique within the workload).
 */
export function liveWorkloadInfo(spec: TaskSpec, progress: WorkloadProgress): LiveWorkloadInfo {
  const scenario = progress.spec.scenario.name;
  let seen = 0;
  let title = scenario;
  search: for (const subtask of spec.subtasks) {
    for (const workload of subtask.workloads) {
      if (workload === progress.spec) {
        title = subtask.title || scenario;
        break search;
      }
      if (workload.scenario.name === scenario) seen++;
    }
  }
  return {
    uuid: progress.uuid,
    key: `${scenario}#${seen}`,
    title,
    scenario,
    runner: progress.spec.runner.name,
    plan: progress.plan,
    hooks: uniqueLabels(progress.spec.hooks.map(hookLabel)),
  };
}

// Two hooks with one description would share their metrics' series: the later get their place.
function uniqueLabels(labels: string[]): string[] {
  return labels.map((label, i) => labels.indexOf(label) === i ? label : `${label} (hook ${i + 1})`);
}

/** A hook's label: its description, else its action's name and place. */
function hookLabel(hook: HookSpec, index: number): string {
  return hook.description || `${hook.action.name} (hook ${index + 1})`;
}
