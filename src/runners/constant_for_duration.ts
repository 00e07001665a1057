/**
 * The `constant_for_duration` runner: a fixed concurrency for a fixed time.
 *
 * @module
 */
import { type RunnerContext, type RunnerPlugin, runnerPlugin } from "../plugins/runner.ts";
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import { CONCURRENCY_SCHEMA, nonFiniteNumbers, TIMEOUT_SCHEMA } from "./runner_schema.ts";
import type { PluginEntry } from "../model/plugin_registry.ts";

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
 */
export async function runConstantForDuration(
  args: ConstantForDurationArgs,
  ctx: RunnerContext,
): Promise<void> {
  if (args.duration === 0) {
    const once = async () => {
      if (ctx.stop.aborted) return;
      await ctx.iterate();
      await ctx.breathe();
    };
    await Promise.all(Array.from({ length: args.concurrency }, once));
    return;
  }
  const deadline = ctx.clock.now() + args.duration * 1000;
  // Iterations that take no time on a simulated clock never reach the
  // deadline; so many starts at one clock reading cannot happen on the real
  // clock, so past them the runner stops and says why instead of spinning.
  let instant = Number.NaN;
  let startsAtInstant = 0;
  let stuck = false;
  const worker = async () => {
    while (!stuck && ctx.clock.now() < deadline && !ctx.stop.aborted) {
      const now = ctx.clock.now();
      if (now !== instant) [instant, startsAtInstant] = [now, 0];
      if (++startsAtInstant > MAX_STARTS_AT_ONE_INSTANT) {
        stuck = true;
        break;
      }
      await ctx.iterate();
      await ctx.breathe();
    }
  };
  const workers = [];
  for (let i = 0; i < args.concurrency; i++) workers.push(worker());
  await Promise.all(workers);
  if (stuck) {
    throw new Error(
      `constant_for_duration: ${MAX_STARTS_AT_ONE_INSTANT} iterations started without the ` +
        `clock moving, so the ${args.duration} s deadline is never reached (on a simulated ` +
        `clock, iterations that take no time run forever); give the scenario some duration ` +
        `or use the constant runner with "times"`,
    );
  }
}

/** Most iterations constant_for_duration starts at one clock reading before it gives up. */
export const MAX_STARTS_AT_ONE_INSTANT = 100_000;

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
  },
);
