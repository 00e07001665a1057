/**
 * The `constant` runner: a fixed number of iterations at a fixed concurrency.
 *
 * @module
 */
import { type RunnerContext, type RunnerPlugin, runnerPlugin } from "../plugins/runner.ts";
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import {
  CONCURRENCY_SCHEMA,
  MAX_CPU_COUNT_SCHEMA,
  nonFiniteNumbers,
  TIMEOUT_SCHEMA,
  TIMES_SCHEMA,
} from "./runner_schema.ts";
import type { ArgsProblem, PluginEntry } from "../model/plugin_registry.ts";
import { LaneShare } from "../segment/lane_share.ts";

/** Args of the `constant` runner. */
export interface ConstantArgs {
  /** Total iterations. @default 1 */
  times: number;
  /** Iterations at once. @default 1 */
  concurrency: number;
  /** Seconds per iteration before TimeoutError; 0 for none. @default 600 */
  timeout: number;
  /** Rally's number of load processes: the load runs in that many worker threads (up to the cores). */
  max_cpu_count?: number;
}

/** JSON Schema of {@linkcode ConstantArgs}. */
const CONSTANT_SCHEMA = {
  type: "object",
  properties: {
    times: TIMES_SCHEMA,
    concurrency: CONCURRENCY_SCHEMA,
    timeout: TIMEOUT_SCHEMA,
    max_cpu_count: MAX_CPU_COUNT_SCHEMA,
  },
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<Equal<ConstantArgs, ArgsOf<typeof CONSTANT_SCHEMA>>>;

/**
 * Runs `times` iterations keeping `concurrency` of them in flight, each
 * lane starting its next iteration as soon as its last one is recorded.
 * Split over segments, each runs its share of the lanes and the iterations
 * that are theirs (see {@linkcode LaneShare}).
 */
export function runConstant(args: ConstantArgs, ctx: RunnerContext): Promise<void> {
  return runLanes(new LaneShare(ctx.share, args.concurrency), args.times, ctx);
}

/**
 * Runs the iterations of `lanes` among the first `times` of the load (all
 * its iterations when `times` is Infinity), keeping one in flight per lane:
 * the loop of `constant`, `serial` and `constant_for_duration`. `more` is
 * asked before each start.
 */
export async function runLanes(
  lanes: LaneShare,
  times: number,
  ctx: RunnerContext,
  more: () => boolean = () => true,
): Promise<void> {
  const total = times === Infinity ? Infinity : lanes.iterations(times);
  let next = 0;
  const lane = async () => {
    while (next < total && !ctx.stop.aborted && more()) {
      await ctx.iterate(lanes.iterationIndex(next++));
      await ctx.breathe();
    }
  };
  const running = [];
  for (let i = 0; i < Math.min(lanes.lanes.length, total); i++) running.push(lane());
  await Promise.all(running);
}

/**
 * Rally's `check_constant`: more iterations in flight than there are
 * iterations can only be a mistake. Plus no number that is not finite.
 */
export function checkConstant(args: ConstantArgs): string | ArgsProblem[] | undefined {
  const nonFinite = nonFiniteNumbers(args);
  if (nonFinite.length > 0) return nonFinite;
  if (args.concurrency <= args.times) return undefined;
  return [{
    path: ["concurrency"],
    message: `must not be more than times (${args.times}); got ${args.concurrency}: ` +
      `at most ${args.times} iterations can be in flight, so lower concurrency or raise times ` +
      `(Rally refuses it too)`,
  }];
}

/** The `constant` runner plugin. */
export const CONSTANT_RUNNER: PluginEntry<RunnerPlugin> = runnerPlugin("constant", runConstant, {
  description: "Runs a fixed number of iterations with a fixed number of them in flight at once.",
  schema: CONSTANT_SCHEMA,
  plan: (args: ConstantArgs) => ({ iterations: args.times }),
  validate: checkConstant,
  splits: true,
});
