/**
 * A hook's results: each run with its trigger point, timestamps, status,
 * output and error, and the summary per configured hook.
 *
 * @module
 */
import type { Output } from "./output.ts";

/**
 * What a trigger listens to: completed-iteration counts or seconds since the load started.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Hook, hookPlugin, parseTask, type TriggerUnit } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * class Noop extends Hook {
 *   run() { return Promise.resolve(); }
 * }
 * const fireAt = (unit: TriggerUnit, at: number[]) =>
 *   ({ name: "noop", args: {}, trigger: { name: "event", args: { unit, at } } });
 * const task = parseTask(JSON.stringify({ "Dummy.dummy": [{
 *   args: { sleep: 10 }, runner: { type: "serial", times: 3 },
 *   hooks: [fireAt("iteration", [1]), fireAt("time", [15])],
 * }] }), "t.json", { plugins: defaultPlugins().with([hookPlugin("noop", Noop)]) });
 * const { document } = await runSimulated(task);
 * const { hooks, start_time } = document.tasks[0].subtasks[0].workloads[0];
 * // After the first iteration (10 s in), and 15 s in:
 * assert.deepEqual(hooks.map((h) => h.results[0].started_at - start_time!), [10, 15]);
 * ```
 */
export type TriggerUnit = "iteration" | "time";

/**
 * Status of one hook run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Hook, hookPlugin, type HookStatus, parseTask } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * let probes = 0;
 * class Probe extends Hook { // every other probe finds the service down
 *   run() {
 *     if (++probes % 2 === 0) this.setStatus("failed");
 *     return Promise.resolve();
 *   }
 * }
 * const task = parseTask(`Dummy.dummy: [{runner: {type: serial, times: 4}, hooks: [{name: probe,
 *   args: {}, trigger: {name: periodic, args: {unit: iteration, step: 1}}}]}]`, "task.yaml",
 *   { plugins: defaultPlugins().with([hookPlugin("probe", Probe)]) });
 * const [hook] = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0].hooks;
 * const statuses: HookStatus[] = hook.results.map((r) => r.status);
 * assert.deepEqual(statuses, ["success", "failed", "success", "failed"]);
 * assert.deepEqual(hook.summary, { success: 2, failed: 2 });
 * ```
 */
export type HookStatus = "success" | "failed";

/**
 * Error of a failed hook run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hook, type HookError, RealClock } from "@brunt/brunt";
 * class Failover extends Hook {
 *   run(): Promise<void> {
 *     this.setError("FailoverError", "replica did not take over", "replica-2: read-only");
 *     return Promise.resolve();
 *   }
 * }
 * const signal = new AbortController().signal;
 * const failover = new Failover({ config: {}, signal, clock: new RealClock() });
 * await failover.run();
 * const error: HookError | undefined = failover.error;
 * assert.equal(failover.status, "failed");
 * assert.deepEqual(error, {
 *   etype: "FailoverError",
 *   msg: "replica did not take over",
 *   details: "replica-2: read-only",
 * });
 * ```
 */
export interface HookError {
  /** Kind of error (an exception class name, `TimeoutError`, `Aborted`, …). */
  etype: string;
  /** What went wrong, in one line. */
  msg: string;
  /** More: a stack trace, a process's stderr. */
  details: string;
}

/**
 * One run of a hook.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Hook, hookPlugin, type HookRunResult, parseTask } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * class Restart extends Hook {
 *   run(): Promise<void> { // takes 3 s, on the task's clock
 *     return new Promise((done) => this.clock.setTimeout(done, 3_000));
 *   }
 * }
 * const task = parseTask(`Dummy.dummy:
 *   - args: {sleep: 1}
 *     runner: {type: serial, times: 5}
 *     hooks:
 *       - {name: restart, args: {}, trigger: {name: event, args: {unit: iteration, at: [2]}}}`,
 *   "task.yaml", { plugins: defaultPlugins().with([hookPlugin("restart", Restart)]) });
 * const [hook] = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0].hooks;
 * const run: HookRunResult = hook.results[0];
 * assert.deepEqual(run.triggered_by, { event_type: "iteration", value: 2 });
 * assert.equal(run.finished_at - run.started_at, 3);
 * ```
 */
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

/**
 * Results of one configured hook.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Hook, hookPlugin, type HookResult, parseTask } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * class Noop extends Hook {
 *   run() { return Promise.resolve(); }
 * }
 * const trigger = { name: "event", args: { unit: "iteration", at: [2, 4, 50] } };
 * const entry = { name: "noop", args: {}, trigger };
 * const workload = { runner: { type: "serial", times: 10 }, hooks: [entry] };
 * const plugins = defaultPlugins().with([hookPlugin("noop", Noop)]);
 * const task = parseTask(JSON.stringify({ "Dummy.dummy": [workload] }), "t.json", { plugins });
 * const { document } = await runSimulated(task);
 * const [hook]: HookResult[] = document.tasks[0].subtasks[0].workloads[0].hooks;
 * assert.deepEqual(hook.config, entry); // as written in the task file
 * assert.deepEqual(hook.summary, { success: 2 });
 * assert.deepEqual(hook.not_reached, { values: [50], count: 1 }); // the load ended at 10
 * ```
 */
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
