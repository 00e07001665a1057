/**
 * The scenario plugin API: what one iteration of a workload does.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { OutputInput } from "../model/output.ts";
import { type JsonSchema, registerPlugin } from "./registry.ts";

/** What a scenario receives for one iteration. */
export interface ScenarioContext {
  /** 1-based number of this iteration, in start order. */
  readonly iteration: number;
  /** Aborted when the iteration times out or the workload is aborted hard. */
  readonly signal: AbortSignal;
  /**
   * The task's clock. It may be simulated (tests, `brunt run
   * --simulated-clock`): then wrap real I/O in `realWork(ctx.clock, …)`, so
   * that it takes no simulated time, and time its limits on the real clock
   * (`AbortSignal.timeout`), not on this one.
   */
  readonly clock: Clock;
  /** A number in [0, 1) from the task's seeded random source. */
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
}

/** A scenario: runs one iteration with validated args. Throwing fails the iteration. */
export type ScenarioFn<A = Record<string, unknown>> = (
  args: A,
  ctx: ScenarioContext,
) => void | Promise<void>;

/** How a scenario is registered. */
export interface ScenarioOptions {
  /** JSON Schema of the args; `default`s in it fill missing args. */
  schema: JsonSchema;
  /** What the scenario does; the first line is its summary. */
  description: string;
  /**
   * A check of the args beyond what the schema can say, run before the task
   * starts; returns what is wrong, or undefined when the args are fine.
   */
  validate?: (args: unknown) => string | undefined;
}

/**
 * Registers a scenario under `name` (the task file's `Dummy.dummy`).
 *
 * @example
 * ```ts
 * import { registerScenario } from "../../mod.ts";
 * registerScenario("Example.sleep", async (args: { seconds: number }, ctx) => {
 *   await ctx.atomic("nap", () => ctx.sleep(args.seconds));
 * }, {
 *   description: "Sleeps for the given seconds.",
 *   schema: { type: "object", properties: { seconds: { type: "number", minimum: 0, default: 0 } } },
 * });
 * ```
 */
export function registerScenario<A>(
  name: string,
  run: ScenarioFn<A>,
  options: ScenarioOptions,
): void {
  registerPlugin({ kind: "scenario", name, impl: run, ...options });
}
