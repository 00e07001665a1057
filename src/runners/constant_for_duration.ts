/**
 * The `constant_for_duration` runner: a fixed concurrency for a fixed time.
 *
 * @module
 */
import { type Clock, isSimulated } from "../clock/clock.ts";
import { type RunnerContext, type RunnerPlugin, runnerPlugin } from "../plugins/runner.ts";
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import { CONCURRENCY_SCHEMA, nonFiniteNumbers, TIMEOUT_SCHEMA } from "./runner_schema.ts";
import type { PluginEntry } from "../model/plugin_registry.ts";
import { LaneShare } from "../segment/lane_share.ts";
import { runLanes } from "./constant.ts";

/** Args of the `constant_for_duration` runner. */
export interface ConstantForDurationArgs {
  /** Seconds during which iterations are started; 0 runs one iteration per slot. */
  duration: number;
  /** Iterations at once. @default 1 */
  concurrency: number;
  /** Seconds per iteration before TimeoutError (at least 1, as in Rally). @default 600 */
  timeout: number;
}

/** JSON Schema of {@linkcode ConstantForDurationArgs}. */
const CONSTANT_FOR_DURATION_SCHEMA = {
  type: "object",
  properties: {
    duration: {
      type: "number",
      minimum: 0,
      description: "Seconds during which iterations are started; with 0, each of the " +
        "`concurrency` slots runs one iteration (as in Rally).",
    },
    concurrency: CONCURRENCY_SCHEMA,
    // Rally's minimum: here, unlike in constant and rps, 0 does not mean "no timeout".
    timeout: {
      ...TIMEOUT_SCHEMA,
      minimum: 1,
      description: "Seconds one iteration may take before it fails with TimeoutError.",
    },
  },
  required: ["duration"],
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<
  Equal<ConstantForDurationArgs, ArgsOf<typeof CONSTANT_FOR_DURATION_SCHEMA>>
>;

/**
 * Keeps `concurrency` iterations in flight and starts none once `duration`
 * seconds have passed since the runner began; those in flight then finish.
 * With `duration` 0 each slot runs one iteration, as Rally's runner does
 * (there, one per load process).
 * Split over segments, each keeps its share of the lanes busy.
 */
export async function runConstantForDuration(
  args: ConstantForDurationArgs,
  ctx: RunnerContext,
): Promise<void> {
  const lanes = new LaneShare(ctx.share, args.concurrency);
  // One iteration a lane: the first `concurrency` of the load.
  if (args.duration === 0) return runLanes(lanes, args.concurrency, ctx);
  const deadline = ctx.clock.now() + args.duration * 1000;
  // Iterations that take no time on a simulated clock never reach the
  // deadline; so many starts at one clock reading cannot happen on the real
  // clock, so past them the runner stops and says why instead of spinning.
  const limit = maxStartsAtOneInstant(ctx.clock, args.concurrency);
  let instant = Number.NaN;
  let startsAtInstant = 0;
  let stuck = false;
  await runLanes(lanes, Infinity, ctx, () => {
    const now = ctx.clock.now();
    if (stuck || now >= deadline) return false;
    if (now !== instant) [instant, startsAtInstant] = [now, 0];
    stuck = ++startsAtInstant > limit;
    return !stuck;
  });
  if (stuck) {
    throw new Error(
      `constant_for_duration: ${limit} iterations started without the ` +
        `clock moving, so the ${args.duration} s deadline is never reached (on a simulated ` +
        `clock, iterations that take no time run forever, and real work such as an HTTP ` +
        `request takes no simulated time); give the scenario some duration on the clock, ` +
        `or use the constant runner with "times" or the rps runner`,
    );
  }
}

/** Most iterations constant_for_duration starts at one reading of a real clock before it gives up. */
export const MAX_STARTS_AT_ONE_INSTANT = 100_000;

/**
 * Most iterations constant_for_duration starts at one reading of `clock`
 * before it gives up: {@linkcode MAX_STARTS_AT_ONE_INSTANT} on a real clock;
 * on a simulated one 10 per slot of concurrency, at least 1,000. There,
 * only iterations that take no simulated time at all start at one instant
 * beyond the first round, and when they are real work (HTTP requests to a
 * real system) 100,000 of them would be far too many to find that out.
 */
export function maxStartsAtOneInstant(clock: Clock, concurrency: number): number {
  return isSimulated(clock) ? Math.max(1_000, 10 * concurrency) : MAX_STARTS_AT_ONE_INSTANT;
}

/** The `constant_for_duration` runner plugin. */
export const CONSTANT_FOR_DURATION_RUNNER: PluginEntry<RunnerPlugin> = runnerPlugin(
  "constant_for_duration",
  runConstantForDuration,
  {
    description: "Keeps a fixed number of iterations in flight for a given number of seconds.",
    schema: CONSTANT_FOR_DURATION_SCHEMA,
    plan: (args: ConstantForDurationArgs) =>
      args.duration === 0 ? { iterations: args.concurrency } : { seconds: args.duration },
    validate: (args: ConstantForDurationArgs) => nonFiniteNumbers(args),
    splits: true,
  },
);
