/**
 * The scenario plugin API: what one iteration of a workload does.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { OutputInput } from "../model/output.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { checkPluginName, registerPlugin } from "./registration.ts";

/**
 * What a scenario receives for one iteration.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, type ScenarioContext, scenarioPlugin } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * async function checkout(_args: unknown, ctx: ScenarioContext): Promise<void> {
 *   await ctx.atomic("cart", () => ctx.sleep(1));
 *   if (ctx.iteration % 3 === 0) throw new Error("payment declined");
 *   await ctx.atomic("pay", () => ctx.sleep(2));
 * }
 * const shop = scenarioPlugin("Shop.checkout", checkout, { schema: {}, description: "Buys." });
 * const task = parseTask("Shop.checkout: [{runner: {type: serial, times: 6}}]", "task.yaml", {
 *   plugins: defaultPlugins().with([shop]),
 * });
 * const workload = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0];
 * assert.equal(workload.failed_iteration_count, 2);
 * // As in Rally, a failure outside any action shows as "<no-name-action>".
 * assert.deepEqual(
 *   workload.statistics.durations.atomics.map((a) => a.name),
 *   ["cart", "pay", "<no-name-action>"],
 * );
 * assert.equal(workload.load_duration, 14); // 4 × 3 s + 2 × 1 s, simulated
 * ```
 */
export interface ScenarioContext<S = unknown> {
  /** 1-based number of this iteration, in start order. */
  readonly iteration: number;
  /** Aborted when the iteration times out or the workload is aborted hard. */
  readonly signal: AbortSignal;
  /**
   * The task's clock. It may be simulated (tests, `brunt run
   * --simulated-clock`): then give real I/O to {@linkcode ScenarioContext.realWork},
   * and time its limits on the real clock (`AbortSignal.timeout`), not on this one.
   */
  readonly clock: Clock;
  /**
   * Runs `work` (real I/O already started: a request, a subprocess, a file)
   * as real work: on a simulated clock, time stands still until it settles,
   * so it takes no simulated time and every replay is the same; on the real
   * clock `work` is returned as it is. Never wait for the task's clock
   * inside `work`: on a simulated clock its timers cannot fire before it settles.
   */
  realWork<T>(work: Promise<T>): Promise<T>;
  /**
   * A number in [0, 1) from the task's seeded random source. Each iteration
   * draws from its own source, made from the seed, the workload and the
   * iteration's number: the same draws however the load is split.
   */
  random(): number;
  /** Waits `seconds` on the task's clock; rejects when `signal` aborts. */
  sleep(seconds: number): Promise<void>;
  /**
   * Runs `fn` as the atomic action `name` (nested when called inside another
   * one), recording its start, finish and whether it threw.
   */
  atomic<T>(name: string, fn: () => T | Promise<T>): Promise<T>;
  /** Adds an output chart to this iteration's result. */
  addOutput(output: OutputInput): void;
  /**
   * The state the scenario shares between the iterations of this workload
   * (see {@linkcode ScenarioOptions.workloadState}); undefined when it has none.
   */
  readonly workloadState: S;
}

/**
 * A scenario: runs one iteration with validated args. Throwing fails the iteration.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, type ScenarioFn, scenarioPlugin } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const seen: unknown[] = [];
 * const upload: ScenarioFn<{ size: number }> = (args) => void seen.push(args);
 * const schema = { type: "object", properties: { size: { type: "integer", default: 1024 } } };
 * const entry = scenarioPlugin("Files.upload", upload, { schema, description: "Uploads." });
 * const task = parseTask("Files.upload: [{runner: {type: serial, times: 2}}]", "task.yaml", {
 *   plugins: defaultPlugins().with([entry]),
 * });
 * await runSimulated(task);
 * assert.deepEqual(seen, [{ size: 1024 }, { size: 1024 }]); // validated, defaults filled in
 * ```
 */
export type ScenarioFn<A = Record<string, unknown>, S = unknown> = (
  args: A,
  ctx: ScenarioContext<S>,
) => void | Promise<void>;

/**
 * State a scenario shares between the iterations of one workload, such as a
 * connection pool: made before the workload's first iteration, released
 * after its last, never shared with another workload or run.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, scenarioPlugin } from "@brunt/brunt";
 * import type { WorkloadStateOptions } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const released: number[] = [];
 * const pool: WorkloadStateOptions<{ calls: number }> = {
 *   create: () => ({ calls: 0 }),
 *   dispose: (state) => void released.push(state.calls),
 * };
 * const call = scenarioPlugin<unknown, { calls: number }>("Pool.call", (_args, ctx) => {
 *   ctx.workloadState.calls++;
 * }, { schema: {}, description: "Counts calls.", workloadState: pool });
 * const task = parseTask(`Pool.call:
 *   - runner: {type: serial, times: 5}
 *   - runner: {type: serial, times: 2}`, "task.yaml", { plugins: defaultPlugins().with([call]) });
 * await runSimulated(task);
 * assert.deepEqual(released, [5, 2]); // one state per workload
 * ```
 */
export interface WorkloadStateOptions<S> {
  /** Makes the state. */
  create(): S;
  /** Releases it once the workload's iterations are done; what it throws is ignored. */
  dispose?(state: S): void | Promise<void>;
}

/**
 * A scenario as the registry holds it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, type ScenarioPlugin } from "@brunt/brunt";
 * const entry = defaultPlugins().get<ScenarioPlugin>("scenario", "HttpRequests.check_request");
 * const http: ScenarioPlugin = entry.impl;
 * assert.equal(typeof http.run, "function");
 * assert.equal(typeof http.workloadState?.create, "function"); // a connection pool per workload
 * ```
 */
export interface ScenarioPlugin<A = unknown, S = unknown> {
  /** Runs one iteration. */
  run: ScenarioFn<A, S>;
  /** The state its iterations share, if any. */
  workloadState?: WorkloadStateOptions<S>;
}

/**
 * How a scenario is registered.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, type ScenarioOptions, scenarioPlugin } from "@brunt/brunt";
 * const options: ScenarioOptions = {
 *   description: "Waits a random time between min and max seconds.",
 *   schema: { type: "object", properties: { min: { type: "number" }, max: { type: "number" } } },
 *   validate: (args) => {
 *     const { min = 0, max = 0 } = args as { min?: number; max?: number };
 *     return min <= max ? undefined : `min (${min}) must not be above max (${max})`;
 *   },
 * };
 * const plugins = defaultPlugins().with([scenarioPlugin("Wait.between", () => {}, options)]);
 * const text = "Wait.between: [{args: {min: 5, max: 1}, runner: {type: serial, times: 1}}]";
 * assert.throws(() => parseTask(text, "t.yaml", { plugins }), /min \(5\) must not be above max/);
 * ```
 */
export interface ScenarioOptions<S = unknown> {
  /** JSON Schema of the args; `default`s in it fill missing args. */
  schema: JsonSchema;
  /** What the scenario does; the first line is its summary. */
  description: string;
  /**
   * A check of the args beyond what the schema can say, run before the task
   * starts; returns what is wrong, or undefined when the args are fine.
   */
  validate?: (args: unknown) => string | undefined;
  /** State shared by the iterations of one workload. @default {undefined} */
  workloadState?: WorkloadStateOptions<S>;
}

/**
 * The plugin entry of a scenario under `name` (the task file's `Dummy.dummy`),
 * to put in a registry of one's own (see `PluginRegistry.with`).
 *
 * @throws {TypeError} when `name` is not a plugin name (letters, digits, `_`, `-`, `.`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { scenarioPlugin } from "@brunt/brunt";
 * const entry = scenarioPlugin("Cache.get", () => {}, { schema: {}, description: "Reads a key." });
 * assert.deepEqual([entry.kind, entry.name], ["scenario", "Cache.get"]);
 * assert.throws(
 *   () => scenarioPlugin("cache get", () => {}, { schema: {}, description: "" }),
 *   /Invalid scenario plugin name "cache get"/,
 * );
 * ```
 */
export function scenarioPlugin<A, S = undefined>(
  name: string,
  run: ScenarioFn<A, S>,
  options: ScenarioOptions<S>,
): PluginEntry<ScenarioPlugin> {
  checkPluginName("scenario", name);
  const { workloadState, ...rest } = options;
  return {
    kind: "scenario",
    name,
    impl: { run, workloadState } as ScenarioPlugin,
    ...rest,
  };
}

/**
 * Registers a scenario under `name` (the task file's `Dummy.dummy`) when its
 * module is imported (see `loadPlugins`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, registerScenario } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * registerScenario("Example.sleep", async (args: { seconds: number }, ctx) => {
 *   await ctx.atomic("nap", () => ctx.sleep(args.seconds));
 * }, {
 *   description: "Sleeps for the given seconds.",
 *   schema: { type: "object", properties: { seconds: { type: "number", minimum: 0 } } },
 * });
 * // Registered outside a loaded plugin module: part of this script's default plugins.
 * const text = "Example.sleep: [{args: {seconds: 30}, runner: {type: serial, times: 2}}]";
 * const { document } = await runSimulated(parseTask(text, "task.yaml"));
 * const { atomics } = document.tasks[0].subtasks[0].workloads[0].statistics.durations;
 * assert.equal(atomics[0].data.avg, 30);
 * ```
 */
export function registerScenario<A, S = undefined>(
  name: string,
  run: ScenarioFn<A, S>,
  options: ScenarioOptions<S>,
): void {
  registerPlugin(scenarioPlugin(name, run, options));
}
