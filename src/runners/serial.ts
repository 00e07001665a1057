/**
 * The `serial` runner: iterations one after another.
 *
 * @module
 */
import { type RunnerContext, type RunnerPlugin, runnerPlugin } from "../plugins/runner.ts";
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import { MAX_CPU_COUNT_SCHEMA, nonFiniteNumbers, TIMES_SCHEMA } from "./runner_schema.ts";
import type { PluginEntry } from "../model/plugin_registry.ts";
import { LaneShare } from "../segment/lane_share.ts";
import { runLanes } from "./constant.ts";

/** Args of the `serial` runner. */
export interface SerialArgs {
  /** Total iterations. @default 1 */
  times: number;
  /** Rally's number of load processes: the load runs in that many worker threads (up to the cores). */
  max_cpu_count?: number;
}

/** JSON Schema of {@linkcode SerialArgs}. */
const SERIAL_SCHEMA = {
  type: "object",
  properties: { times: TIMES_SCHEMA, max_cpu_count: MAX_CPU_COUNT_SCHEMA },
  // Rally's serial takes any key and ignores it; brunt refuses unknown keys,
  // so that a typo (`tims`) is not silently a run of one iteration.
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<Equal<SerialArgs, ArgsOf<typeof SERIAL_SCHEMA>>>;

/**
 * Runs `times` iterations, one at a time, with no timeout (like Rally's).
 * One lane: split over segments, the one segment that has it runs them all.
 */
export function runSerial(args: SerialArgs, ctx: RunnerContext): Promise<void> {
  return runLanes(new LaneShare(ctx.share, 1), args.times, ctx);
}

/** The `serial` runner plugin. */
export const SERIAL_RUNNER: PluginEntry<RunnerPlugin> = runnerPlugin("serial", runSerial, {
  description: "Runs iterations one after another, in this process, with no timeout.",
  schema: SERIAL_SCHEMA,
  plan: (args: SerialArgs) => ({ iterations: args.times }),
  validate: (args: SerialArgs) => nonFiniteNumbers(args),
  splits: true,
});
