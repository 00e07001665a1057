/**
 * brunt: a Deno-first load and reliability test runner. A task file describes
 * workloads (a scenario, a runner, SLA criteria) and hooks that fire at chosen
 * iterations or seconds of the load; brunt runs them as XState actors on one
 * clock and reports every iteration and every hook run.
 *
 * Run a task from the command line:
 *
 *     deno run -A jsr:@brunt/brunt/cli examples/dummy.json
 *
 * Or use it as a library:
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const spec = parseTask(`{"Dummy.dummy": [{"args": {"sleep": 1}, "runner": {"type": "serial", "times": 3}}]}`, "task.json");
 * const { document } = await runSimulated(spec, { seed: 7 });
 * assert.equal(document.tasks[0].subtasks[0].workloads[0].total_iteration_count, 3);
 * ```
 *
 * This module is the API to run tasks, write plugins and read results. The
 * command line, the SQLite history, the report writers, the HTTP client and
 * the testing helpers are subpath exports: `@brunt/brunt/cli`, `/store`,
 * `/report`, `/http`, `/testing`, `/resilience`, `/progress` and `/segments`.
 *
 * @module
 */

// Running a task.
export { runTask, type RunTaskOptions, type TaskRun } from "./src/engine/run_task.ts";
export {
  loadTaskFile,
  type LoadTaskOptions,
  parseTask,
  type ParseTaskOptions,
} from "./src/task/load.ts";
export type { TaskArgs } from "./src/task/task_args.ts";
export { TaskFileError, type TaskFileProblem } from "./src/task/task_file_error.ts";
export type {
  HookSpec,
  PluginRef,
  SubtaskSpec,
  TaskSpec,
  WorkloadSpec,
} from "./src/model/task_spec.ts";

// Clocks.
export type { Clock, TimerId } from "./src/clock/clock.ts";
export { RealClock } from "./src/clock/real_clock.ts";

// Plugins.
export {
  type JsonSchema,
  type PluginEntry,
  type PluginKind,
  PluginRegistry,
} from "./src/model/plugin_registry.ts";
export { defaultPlugins, pluginsWith } from "./src/builtin/builtin_plugins.ts";
export {
  type LoadedPlugin,
  loadPlugins,
  type LoadPluginsOptions,
  PluginLoadError,
} from "./src/plugins/plugin_loader.ts";
export {
  registerScenario,
  type ScenarioContext,
  type ScenarioFn,
  type ScenarioOptions,
  type ScenarioPlugin,
  scenarioPlugin,
  type WorkloadStateOptions,
} from "./src/plugins/scenario.ts";
export {
  registerRunner,
  type RunnerContext,
  type RunnerFn,
  type RunnerOptions,
  type RunnerPlan,
  type RunnerPlugin,
  runnerPlugin,
} from "./src/plugins/runner.ts";
export {
  Hook,
  hook,
  type HookClass,
  type HookInit,
  hookPlugin,
  registerHook,
} from "./src/plugins/hook.ts";
export {
  registerTrigger,
  Trigger,
  trigger,
  type TriggerClass,
  triggerPlugin,
} from "./src/plugins/trigger.ts";
export { registerSla, Sla, type SlaClass, slaPlugin } from "./src/plugins/sla.ts";
export type { Chart, ChartPlugin, Output, OutputInput } from "./src/model/output.ts";

// Results.
export type {
  AtomicAction,
  IterationError,
  IterationRecord,
} from "./src/model/iteration_record.ts";
export type {
  HookError,
  HookResult,
  HookRunResult,
  HookStatus,
  TriggerUnit,
} from "./src/model/hook_result.ts";
export type { SlaResult } from "./src/model/sla_result.ts";
export type {
  ResultsDocument,
  SegmentsHeld,
  StatsNode,
  SubtaskResult,
  TaskResult,
  TaskStatus,
  WorkloadResult,
  WorkloadStatus,
} from "./src/model/results_document.ts";
export { VERSION } from "./src/model/version.ts";

// No top-level await: a --plugin module may import this module, and would
// wait forever for an evaluation that waits for the CLI that imports it.
if (import.meta.main) {
  import("./src/cli/main.ts").then((cli) => cli.runCli(Deno.args));
}
