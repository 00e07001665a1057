/**
 * The runner plugin API: how many iterations, how concurrent, how fast.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { SegmentShare } from "../segment/segment_share.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { checkPluginName, registerPlugin } from "./registration.ts";

/**
 * What a runner drives the load with.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, type RunnerContext, runnerPlugin } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * async function everyTenSeconds(args: { times: number }, ctx: RunnerContext): Promise<void> {
 *   for (let i = 0; i < args.times && !ctx.stop.aborted; i++) {
 *     if (i > 0) await new Promise<void>((wake) => ctx.clock.setTimeout(wake, 10_000));
 *     void ctx.iterate(); // started; its result is recorded when it ends
 *   }
 *   await ctx.allDone();
 * }
 * const paced = runnerPlugin("paced", everyTenSeconds, {
 *   schema: {}, description: "One iteration every 10 s.", plan: (a) => ({ iterations: a.times }),
 * });
 * const task = parseTask("Dummy.dummy: [{runner: {type: paced, times: 3}}]", "task.yaml", {
 *   plugins: defaultPlugins().with([paced]),
 * });
 * const { document, store } = await runSimulated(task);
 * const records = [...store.iterations(document.tasks[0].subtasks[0].workloads[0].uuid)];
 * assert.deepEqual(records.map((r) => r.timestamp - records[0].timestamp), [0, 10, 20]);
 * ```
 */
export interface RunnerContext {
  /** The task's clock: pace and time the load with it only. */
  readonly clock: Clock;
  /** Aborted once the workload must start no more iterations (SLA abort, interrupt). */
  readonly stop: AbortSignal;
  /**
   * The part of the load this runner runs: the whole load, or one execution
   * segment of it when the load is split over workers or machines. A runner
   * registered with `splits: true` runs only its share (its `scale` of
   * counts, the indices it `owns`) and passes each iteration's index in the
   * whole load to {@linkcode iterate}.
   */
  readonly share: SegmentShare;
  /**
   * Starts an iteration and resolves once its result is recorded. Never
   * rejects: a failing iteration is a recorded result.
   *
   * @param index The iteration's place in the whole load, from 0: it is
   *   numbered `index + 1` and draws its own random numbers from it, so a
   *   split load runs the same iterations as an unsplit one. By default, the
   *   next after the iterations this runner started.
   */
  iterate(index?: number): Promise<void>;
  /**
   * Usually resolves at once; once per time slice it waits a macrotask turn
   * so that timers (hooks, deadlines) and I/O run on time under a no-op load.
   * Await it between iterations in any loop that can run synchronously.
   */
  breathe(): Promise<void>;
  /** Iterations started and not yet recorded. */
  readonly inFlight: number;
  /** Resolves when the next iteration in flight is recorded (at once when none is). */
  nextDone(): Promise<void>;
  /** Resolves when no iteration is in flight. */
  allDone(): Promise<void>;
}

/**
 * A runner: drives iterations until its plan is done or `ctx.stop` aborts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, type RunnerFn, runnerPlugin } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const upTo: RunnerFn<{ limit: number }> = async (args, ctx) => {
 *   for (let i = 0; i < args.limit && !ctx.stop.aborted; i++) await ctx.iterate();
 * };
 * const plugins = defaultPlugins().with([runnerPlugin("up_to", upTo, {
 *   schema: {}, description: "Serial, until stopped.", plan: (a) => ({ iterations: a.limit }),
 * })]);
 * const task = parseTask(`Dummy.dummy_exception:
 *   - runner: {type: up_to, limit: 1000}
 *     sla: {failure_rate: {max: 0}}`, "task.yaml", { plugins });
 * const { document } = await runSimulated(task, { abortOnSlaFailure: true });
 * const workload = document.tasks[0].subtasks[0].workloads[0];
 * assert.equal(workload.sla_results.aborted_on_sla_failure, true);
 * assert.equal(workload.total_iteration_count, 1); // stopped at the first failure
 * ```
 */
export type RunnerFn<A = Record<string, unknown>> = (args: A, ctx: RunnerContext) => Promise<void>;

/**
 * What a runner plans, for progress lines and ETA.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, type RunnerPlan, type RunnerPlugin } from "@brunt/brunt";
 * const runners = defaultPlugins();
 * const plan = (name: string, args: Record<string, unknown>): RunnerPlan =>
 *   runners.get<RunnerPlugin>("runner", name).impl.plan(args);
 * assert.deepEqual(plan("constant", { times: 500, concurrency: 10 }), { iterations: 500 });
 * assert.deepEqual(plan("constant_for_duration", { duration: 600 }), { seconds: 600 });
 * ```
 */
export interface RunnerPlan {
  /** Iterations it will start, when known. */
  iterations?: number;
  /** Seconds it will run, when known. */
  seconds?: number;
}

/**
 * How a runner is registered.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, type RunnerOptions, runnerPlugin } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const options: RunnerOptions<{ timeout: number }> = {
 *   description: "Runs one iteration.",
 *   schema: { type: "object", properties: { timeout: { type: "number", default: 1 } } },
 *   plan: () => ({ iterations: 1 }),
 * };
 * const once = runnerPlugin("once", (_args, ctx) => ctx.iterate(), options);
 * const task = parseTask("Dummy.dummy: [{args: {sleep: 5}, runner: {type: once}}]", "task.yaml", {
 *   plugins: defaultPlugins().with([once]),
 * });
 * const { document, store } = await runSimulated(task);
 * const [record] = store.iterations(document.tasks[0].subtasks[0].workloads[0].uuid);
 * assert.equal(record.error[0], "TimeoutError"); // the `timeout` arg: 1 s per iteration
 * ```
 */
export interface RunnerOptions<A> {
  /** JSON Schema of the args; a `timeout` arg (seconds) is enforced per iteration. */
  schema: JsonSchema;
  /** What the runner does; the first line is its summary. */
  description: string;
  /** The plan for the given args (of the whole load). */
  plan(args: A): RunnerPlan;
  /**
   * A check of the args beyond their schema (run after it passed, defaults
   * filled in): what is wrong, or undefined when they are fine.
   */
  validate?(args: A): string | { path: (string | number)[]; message: string }[] | undefined;
  /**
   * Whether the runner runs only its `ctx.share` of the load, so that a load
   * split over workers can be shared out. A runner that does not runs whole
   * in one worker (the one that has the load's first index) and not at all
   * in the others.
   * @default {false}
   */
  splits?: boolean;
}

/**
 * A registered runner.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, type RunnerPlugin, runnerPlugin } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * // A runner of one's own can drive a built-in one.
 * const serial: RunnerPlugin = defaultPlugins().get<RunnerPlugin>("runner", "serial").impl;
 * const twice = runnerPlugin("serial_twice", async (args: Record<string, unknown>, ctx) => {
 *   await serial.run(args, ctx);
 *   await serial.run(args, ctx);
 * }, {
 *   schema: {},
 *   description: "Serial, twice.",
 *   plan: (a) => ({ iterations: 2 * Number(a.times) }),
 * });
 * const task = parseTask("Dummy.dummy: [{runner: {type: serial_twice, times: 3}}]", "task.yaml", {
 *   plugins: defaultPlugins().with([twice]),
 * });
 * const { document } = await runSimulated(task);
 * assert.equal(document.tasks[0].subtasks[0].workloads[0].total_iteration_count, 6);
 * ```
 */
export interface RunnerPlugin<A = Record<string, unknown>> {
  /** Drives the load. */
  run: RunnerFn<A>;
  /** Plans it. */
  plan(args: A): RunnerPlan;
  /** Whether it runs only its `ctx.share` of the load (see {@linkcode RunnerOptions.splits}). */
  splits: boolean;
}

/**
 * The plugin entry of a runner under `name` (the task file's `constant`), to
 * put in a registry of one's own (see `PluginRegistry.with`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, runnerPlugin } from "@brunt/brunt";
 * const oneShot = runnerPlugin("one_shot", (_args, ctx) => ctx.iterate(), {
 *   schema: { type: "object", additionalProperties: false },
 *   description: "One iteration.",
 *   plan: () => ({ iterations: 1 }),
 * });
 * const plugins = defaultPlugins().with([oneShot]);
 * const task = parseTask("Dummy.dummy: [{runner: {type: one_shot}}]", "task.yaml", { plugins });
 * assert.equal(task.subtasks[0].workloads[0].runner.name, "one_shot");
 * assert.equal(defaultPlugins().find("runner", "one_shot"), undefined); // only in that registry
 * ```
 */
export function runnerPlugin<A>(
  name: string,
  run: RunnerFn<A>,
  options: RunnerOptions<A>,
): PluginEntry<RunnerPlugin> {
  checkPluginName("runner", name);
  const impl: RunnerPlugin<A> = { run, plan: options.plan, splits: options.splits ?? false };
  return {
    kind: "runner",
    name,
    impl: impl as unknown as RunnerPlugin,
    schema: options.schema,
    description: options.description,
    validate: options.validate as PluginEntry["validate"],
  };
}

/**
 * Registers a runner under `name` when its module is imported (see `loadPlugins`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, registerRunner } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * registerRunner("burst", async (args: { size: number }, ctx) => {
 *   for (let i = 0; i < args.size; i++) void ctx.iterate();
 *   await ctx.allDone();
 * }, {
 *   description: "Starts `size` iterations at once.",
 *   schema: { type: "object", properties: { size: { type: "integer", minimum: 1 } } },
 *   plan: (args) => ({ iterations: args.size }),
 * });
 * const text = "Dummy.dummy: [{args: {sleep: 5}, runner: {type: burst, size: 10}}]";
 * const task = parseTask(text, "task.yaml");
 * const workload = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0];
 * assert.equal(workload.total_iteration_count, 10);
 * assert.equal(workload.load_duration, 5); // all ten at once
 * ```
 */
export function registerRunner<A>(name: string, run: RunnerFn<A>, options: RunnerOptions<A>): void {
  registerPlugin(runnerPlugin(name, run, options));
}
