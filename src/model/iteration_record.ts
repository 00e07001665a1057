/**
 * The raw result of one iteration, in Rally's shape.
 *
 * @module
 */
import type { Output } from "./output.ts";

/**
 * One atomic action of an iteration (`ctx.atomic(name, fn)`), possibly nested.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type AtomicAction, defaultPlugins, parseTask, scenarioPlugin } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const login = scenarioPlugin("Auth.login", async (_args, ctx) => {
 *   await ctx.atomic("login", () => ctx.atomic("token", () => ctx.sleep(0.5)));
 * }, { schema: {}, description: "Logs in." });
 * const task = parseTask("Auth.login: [{runner: {type: serial, times: 1}}]", "task.yaml", {
 *   plugins: defaultPlugins().with([login]),
 * });
 * const { document, store } = await runSimulated(task);
 * const [record] = store.iterations(document.tasks[0].subtasks[0].workloads[0].uuid);
 * const [action]: AtomicAction[] = record.atomic_actions;
 * assert.deepEqual([action.name, action.children[0].name], ["login", "token"]);
 * assert.equal(action.finished_at - action.started_at, 0.5);
 * ```
 */
export interface AtomicAction {
  /** The action's name. */
  name: string;
  /** Start, epoch seconds. */
  started_at: number;
  /** Finish, epoch seconds. */
  finished_at: number;
  /** Actions run inside this one. */
  children: AtomicAction[];
  /** Present and true when the action threw. */
  failed?: true;
}

/**
 * An iteration's error: `[]` on success, else `[etype, msg, details]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, type IterationError, parseTask, scenarioPlugin } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const flaky = scenarioPlugin("Flaky.call", (_args, ctx) => {
 *   if (ctx.iteration === 2) throw new RangeError("status 503");
 * }, { schema: {}, description: "Fails the second call." });
 * const task = parseTask("Flaky.call: [{runner: {type: serial, times: 3}}]", "task.yaml", {
 *   plugins: defaultPlugins().with([flaky]),
 * });
 * const { document, store } = await runSimulated(task);
 * const records = store.iterations(document.tasks[0].subtasks[0].workloads[0].uuid);
 * const errors: IterationError[] = [...records].map((r) => r.error);
 * assert.deepEqual(errors.map((e) => e.slice(0, 2)), [[], ["RangeError", "status 503"], []]);
 * ```
 */
export type IterationError = [] | [string, string, string];

/**
 * The raw result of one iteration, as a run's store gives it back.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type IterationRecord, parseTask } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const text = "Dummy.dummy: [{args: {sleep: 2}, runner: {type: serial, times: 2}}]";
 * const { document, store } = await runSimulated(parseTask(text, "task.yaml"));
 * const { uuid } = document.tasks[0].subtasks[0].workloads[0];
 * const records: IterationRecord[] = [...store.iterations(uuid)];
 * assert.deepEqual(records.map((r) => r.duration), [2, 2]);
 * assert.equal(records[1].timestamp - records[0].timestamp, 2); // epoch seconds
 * ```
 */
export interface IterationRecord {
  /** Start, epoch seconds. */
  timestamp: number;
  /** Seconds from start to finish. */
  duration: number;
  /** Seconds spent in idle sleeps the scenario declared (none so far: 0). */
  idle_duration: number;
  /** `[]` or `[etype, msg, details]`. */
  error: IterationError;
  /** Charts the scenario added. */
  output: Output;
  /** The scenario's atomic actions, in start order. */
  atomic_actions: AtomicAction[];
}
