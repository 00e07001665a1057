/**
 * brunt: a Deno-first load and reliability test runner. A task file describes
 * workloads (a scenario, a runner, SLA criteria) and hooks that fire at chosen
 * iterations or seconds of the load; brunt runs them as XState actors on one
 * clock and reports every iteration and every hook run.
 *
 * Run a task from the command line:
 *
 *     deno run -A mod.ts examples/dummy.json
 *
 * Or use it as a library:
 *
 * ```ts
 * import { parseTask, runTask, SimulatedClock } from "./mod.ts";
 * const spec = parseTask(`{"Dummy.dummy": [{"args": {"sleep": 1}, "runner": {"type": "serial", "times": 3}}]}`, "task.json");
 * const clock = new SimulatedClock();
 * let done = false;
 * const run = runTask(spec, { clock, seed: 7 }).finally(() => done = true);
 * await clock.runUntil(() => done);
 * console.log((await run).document.tasks[0].status); // "finished"
 * ```
 *
 * @module
 */
import "./src/builtin/builtin_plugins.ts";

export { type Clock, sleep, type TimerId } from "./src/clock/clock.ts";
export { RealClock } from "./src/clock/real_clock.ts";
export { SimulatedClock, type SimulatedClockOptions } from "./src/clock/simulated_clock.ts";

export {
  findPlugin,
  firstLine,
  getPlugin,
  type JsonSchema,
  listPlugins,
  type PluginEntry,
  type PluginKind,
  registerPlugin,
} from "./src/plugins/registry.ts";
export {
  type LoadedPlugin,
  loadPlugins,
  type LoadPluginsOptions,
  PluginLoadError,
  pluginOrigin,
} from "./src/plugins/plugin_loader.ts";
export {
  type Chart,
  CHART_PLUGINS,
  type ChartPlugin,
  type Output,
  type OutputInput,
  outputProblem,
} from "./src/model/output.ts";
export {
  registerScenario,
  type ScenarioContext,
  type ScenarioFn,
  type ScenarioOptions,
} from "./src/plugins/scenario.ts";
export { Hook, hook, type HookClass, type HookInit, registerHook } from "./src/plugins/hook.ts";
export { registerTrigger, Trigger, trigger, type TriggerClass } from "./src/plugins/trigger.ts";
export {
  registerRunner,
  type RunnerContext,
  type RunnerFn,
  type RunnerOptions,
  type RunnerPlan,
  type RunnerPlugin,
} from "./src/plugins/runner.ts";
export { registerSla, Sla, type SlaClass } from "./src/plugins/sla.ts";

export type {
  HookSpec,
  PluginRef,
  SubtaskSpec,
  TaskSpec,
  WorkloadSpec,
} from "./src/model/task_spec.ts";
export {
  loadTaskFile,
  type LoadTaskOptions,
  parseTask,
  readTaskText,
  renderTaskText,
} from "./src/task/load.ts";
export { hasTemplateSyntax, type RenderOptions, renderTemplate } from "./src/task/template.ts";
export {
  loadTaskArgs,
  parseTaskArgs,
  readTaskArgsFile,
  type TaskArgs,
} from "./src/task/task_args.ts";
export { TaskFileError, type TaskFileProblem } from "./src/task/task_file_error.ts";

export type {
  AtomicAction,
  IterationError,
  IterationRecord,
} from "./src/model/iteration_record.ts";
export { runTask, type RunTaskOptions, type TaskRun } from "./src/engine/run_task.ts";
export { createRandom, randomSeed } from "./src/engine/seeded_random.ts";

export type { IterationSink, ResultStore } from "./src/store/result_store.ts";
export { MemoryStore } from "./src/store/memory_store.ts";
export {
  DEFAULT_DB_PATH,
  historyPath,
  SqliteStore,
  type SqliteStoreOptions,
} from "./src/store/sqlite_store.ts";
export { TaskRecorder, type TaskRecorderOptions } from "./src/store/task_recorder.ts";
export {
  TaskHistory,
  type TaskHistoryOptions,
  type TaskSummary,
  type TaskView,
} from "./src/store/task_history.ts";
export { HistoryError } from "./src/store/history_error.ts";
export { SCHEMA_VERSION } from "./src/store/migrations.ts";

export {
  FORMAT_VERSION,
  type ResultsDocument,
  type StatsNode,
  type SubtaskResult,
  type TaskResult,
  type TaskStatus,
  type WorkloadResult,
  type WorkloadStatus,
} from "./src/model/results_document.ts";
export { RESULTS_SCHEMA, validateResults } from "./src/report/results_schema.ts";
export {
  type IterationSource,
  readResultsJson,
  ResultsFileError,
  writeResultsJson,
  type WriteSummary,
} from "./src/report/json_writer.ts";
export { junitXml, writeJunit } from "./src/report/junit_writer.ts";
export {
  type IterationsOf,
  renderHtmlReport,
  writeHtmlReport,
} from "./src/report/html/html_report.ts";
export {
  buildTrends,
  TREND_METRICS,
  type TrendChange,
  type TrendHook,
  type TrendMetric,
  type TrendPoint,
  type TrendRun,
  type Trends,
  type TrendsOptions,
  type WorkloadTrend,
} from "./src/report/trends.ts";
export { writeTrendsHtml } from "./src/report/html/trends_page.ts";

export { SlaChecker } from "./src/sla/sla_checker.ts";
export {
  type WorkloadStatistics,
  WorkloadStats,
  type WorkloadStatsOptions,
  type WorkloadStatsSummary,
} from "./src/stats/workload_stats.ts";
export {
  DurationHistogram,
  type DurationHistogramOptions,
} from "./src/stats/duration_histogram.ts";

export { Http1Client, type HttpResult, type HttpSendOptions } from "./src/http/http1_client.ts";
export { type PreparedHttpRequest, prepareHttpRequest } from "./src/http/prepared_request.ts";
export { MAX_REDIRECTS } from "./src/http/redirect.ts";
export {
  HttpConnectionError,
  HttpTimeoutError,
  TooManyRedirectsError,
} from "./src/http/http_errors.ts";
export {
  CHECK_REQUEST_ACTION,
  type CheckRandomRequestArgs,
  checkRequest,
  type CheckRequestArgs,
  httpRequestsClient,
  type HttpRequestSpec,
  type QueryValue,
  type RandomRequestSpec,
  ValueError,
} from "./src/scenarios/http_requests.ts";
export { HttpCall, type HttpCallArgs, type HttpCallOptions } from "./hooks/http_call.ts";
export {
  SysCall,
  type SysCallArgs,
  type SysCallOptions,
  validateSysCallArgs,
} from "./hooks/sys_call.ts";
export { type EventArgs, EventTrigger } from "./triggers/event.ts";
export { type PeriodicArgs, PeriodicTrigger } from "./triggers/periodic.ts";

export { main } from "./src/cli/main.ts";
export { VERSION } from "./src/model/version.ts";
export {
  type HookError,
  type HookResult,
  type HookRunResult,
  type HookStatus,
  type TriggerUnit,
} from "./src/model/hook_result.ts";
export { type SlaResult } from "./src/model/sla_result.ts";
export { type CliIo } from "./src/cli/cli_io.ts";
export { type ProgressSink, type WorkloadProgress } from "./src/model/progress.ts";

// No top-level await: a --plugin module imports this module, and would wait
// forever for an evaluation that waits for the CLI that imports it.
if (import.meta.main) {
  import("./src/cli/main.ts").then((cli) => cli.runCli(Deno.args));
}
