/**
 * The normalized task model: what both task file forms load into.
 *
 * @module
 */
import type { PluginRegistry } from "./plugin_registry.ts";
import type { FaultRole, ResilienceConfig, WindowScope } from "./resilience.ts";

/**
 * A plugin reference with its args, validated and with schema defaults filled in.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type PluginRef } from "@brunt/brunt";
 * const task = parseTask("Dummy.dummy: [{runner: {type: constant, times: 10}}]", "task.yaml");
 * const runner: PluginRef = task.subtasks[0].workloads[0].runner;
 * assert.equal(runner.name, "constant");
 * assert.deepEqual(runner.raw, { times: 10 });
 * assert.deepEqual(runner.args, { times: 10, concurrency: 1, timeout: 600 });
 * ```
 */
export interface PluginRef {
  /** The registered plugin name. */
  name: string;
  /** The args after validation (defaults filled in). */
  args: unknown;
  /** The args exactly as the task file wrote them. */
  raw: unknown;
  /**
   * True when brunt added the reference itself rather than the task file
   * (Rally's default SLA, `failure_rate: {max: 0}`, for a workload without `sla`).
   */
  byDefault?: true;
}

/** An SLA criterion: a plugin reference, judged on the whole load or on windows of one kind. */
export interface SlaRef extends PluginRef {
  /** The windows it judges (`"during": {kind: {…}}`); the whole load when absent. */
  window?: WindowScope;
}

/**
 * One configured hook.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type HookSpec, parseTask } from "@brunt/brunt";
 * const task = parseTask(`{"Dummy.dummy": [{"runner": {"type": "serial", "times": 5},
 *   "hooks": [{"name": "sys_call", "args": "/bin/true",
 *     "trigger": {"name": "event", "args": {"unit": "iteration", "at": [2, 4]}}}]}]}`, "t.json");
 * const hook: HookSpec = task.subtasks[0].workloads[0].hooks[0];
 * assert.equal(hook.action.name, "sys_call");
 * assert.deepEqual(hook.trigger.args, { unit: "iteration", at: [2, 4] });
 * assert.equal(hook.path, "Dummy.dummy[0].hooks[0]");
 * ```
 */
export interface HookSpec {
  /** The `description`, or undefined. */
  description?: string;
  /** The hook plugin and its args. */
  action: PluginRef;
  /** The trigger plugin and its args. */
  trigger: PluginRef;
  /** What the hook does to the service (`"fault"`), when the entry says. */
  fault?: FaultRole;
  /** The hook entry exactly as the task file wrote it (reported as `config`). */
  config: unknown;
  /** Its place in the task file, like `subtasks[0].hooks[1]`. */
  path: string;
}

/**
 * One workload: a scenario run by a runner, with hooks, SLA and contexts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type WorkloadSpec } from "@brunt/brunt";
 * const task = parseTask(`Dummy.dummy:
 *   - args: {sleep: 0.5}
 *     runner: {type: serial, times: 3}
 *     sla: {failure_rate: {max: 0}}`, "task.yaml");
 * const workload: WorkloadSpec = task.subtasks[0].workloads[0];
 * assert.deepEqual(workload.scenario.args, { sleep: 0.5 });
 * assert.deepEqual(workload.sla.map((c) => c.name), ["failure_rate"]);
 * assert.equal(workload.path, "Dummy.dummy[0]");
 * ```
 */
export interface WorkloadSpec {
  /** The scenario and its args. */
  scenario: PluginRef;
  /** The runner and its args. */
  runner: PluginRef;
  /** Hooks, in configuration order. */
  hooks: HookSpec[];
  /**
   * SLA criteria, in configuration order (those under `"during"` where it
   * stands). A workload with no `sla` key gets Rally's default,
   * `failure_rate: {max: 0}` (marked `byDefault`); an explicit `sla: {}` has
   * no criteria.
   */
  sla: SlaRef[];
  /** The `resilience` settings as written (validated); defaults apply to the rest. */
  resilience?: ResilienceConfig;
  /** Contexts as written (kept in results; brunt has no context plugins yet). */
  contexts: Record<string, unknown>;
  /** A description of the workload, if any. */
  description?: string;
  /** Its place in the task file, like `subtasks[0].workloads[1]` or `Dummy.dummy[1]`. */
  path: string;
}

/**
 * A subtask: workloads run one after another, or together with `run_in_parallel`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type SubtaskSpec } from "@brunt/brunt";
 * const task = parseTask(JSON.stringify({
 *   version: 2,
 *   subtasks: [{ title: "reads and writes", run_in_parallel: true, workloads: [
 *     { scenario: { "Dummy.dummy": {} }, runner: { serial: { times: 2 } } },
 *     { scenario: { "Dummy.dummy": { sleep: 1 } }, runner: { serial: { times: 2 } } },
 *   ] }],
 * }), "task.json");
 * const subtask: SubtaskSpec = task.subtasks[0];
 * assert.equal(subtask.runInParallel, true);
 * const paths = subtask.workloads.map((w) => w.path);
 * assert.deepEqual(paths, ["subtasks[0].workloads[0]", "subtasks[0].workloads[1]"]);
 * ```
 */
export interface SubtaskSpec {
  /** Title (the scenario name when the file gave none). */
  title: string;
  /** Description, empty when none. */
  description: string;
  /** Whether its workloads run at the same time. */
  runInParallel: boolean;
  /** Its workloads, in order. */
  workloads: WorkloadSpec[];
}

/**
 * A whole task, as {@linkcode parseTask} and {@linkcode loadTaskFile} give it
 * and {@linkcode runTask} takes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type TaskSpec } from "@brunt/brunt";
 * const text = `{"version": 2, "title": "Smoke", "tags": ["ci"], "subtasks": [
 *   {"scenario": {"Dummy.dummy": {}}, "runner": {"serial": {"times": 1}}}]}`;
 * const task: TaskSpec = parseTask(text, "smoke.json");
 * assert.equal(task.title, "Smoke");
 * assert.deepEqual(task.tags, ["ci"]);
 * assert.deepEqual(task.input, JSON.parse(text)); // reported as the results' input_task
 * assert.equal(task.subtasks[0].title, "Dummy.dummy"); // the scenario's name when none is given
 * ```
 */
export interface TaskSpec {
  /** Title, empty when none. */
  title: string;
  /** Description, empty when none. */
  description: string;
  /** Tags, empty when none. */
  tags: string[];
  /** Subtasks in order. */
  subtasks: SubtaskSpec[];
  /** The parsed task document as written (reported as the input task). */
  input: unknown;
  /** The plugins the task was validated against; it runs with them. */
  plugins: PluginRegistry;
}
