/**
 * The scenario plugin API: what one iteration of a workload does.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { OutputInput } from "../model/output.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { checkPluginName, registerPlugin } from "./registration.ts";

/** What a scenario receives for one iteration. */
export interface ScenarioContext<S = unknown> {
  /** 1-based number of this iteration, in start order. */
  readonly iteration: number;
  /** Aborted when the iteration times out or the workload is aborted hard. */
  readonly signal: AbortSignal;
  /** The task's clock. */
  readonly clock: Clock;
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

/** A scenario: runs one iteration with validated args. Throwing fails the iteration. */
export type ScenarioFn<A = Record<string, unknown>, S = unknown> = (
  args: A,
  ctx: ScenarioContext<S>,
) => void | Promise<void>;

/**
 * State a scenario shares between the iterations of one workload, such as a
 * connection pool: made before the workload's first iteration, released
 * after its last, never shared with another workload or run.
 */
export interface WorkloadStateOptions<S> {
  /** Makes the state. */
  create(): S;
  /** Releases it once the workload's iterations are done; what it throws is ignored. */
  dispose?(state: S): void | Promise<void>;
}

/** A scenario as the registry holds it. */
export interface ScenarioPlugin<A = unknown, S = unknown> {
  /** Runs one iteration. */
  run: ScenarioFn<A, S>;
  /** The state its iterations share, if any. */
  workloadState?: WorkloadStateOptions<S>;
}

/** How a scenario is registered. */
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

/** The plugin entry of a scenario under `name` (the task file's `Dummy.dummy`). */
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
 * import { registerScenario } from "@brunt/brunt";
 * registerScenario("Example.sleep", async (args: { seconds: number }, ctx) => {
 *   await ctx.atomic("nap", () => ctx.sleep(args.seconds));
 * }, {
 *   description: "Sleeps for the given seconds.",
 *   schema: { type: "object", properties: { seconds: { type: "number", minimum: 0, default: 0 } } },
 * });
 * ```
 */
export function registerScenario<A, S = undefined>(
  name: string,
  run: ScenarioFn<A, S>,
  options: ScenarioOptions<S>,
): void {
  registerPlugin(scenarioPlugin(name, run, options));
}
