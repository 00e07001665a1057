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

/** Args of the `constant` runner. */
export interface ConstantArgs {
  /** Total iterations. @default 1 */
  times: number;
  /** Iterations at once. @default 1 */
  concurrency: number;
  /** Seconds per iteration before TimeoutError; 0 for none. @default 600 */
  timeout: number;
  /** Rally's number of load processes: accepted, and ignored for now. */
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
 * worker starting its next iteration as soon as its last one is recorded.
 */
export async function runConstant(args: ConstantArgs, ctx: RunnerContext): Promise<void> {
  let left = args.times;
  const worker = async () => {
    while (left > 0 && !ctx.stop.aborted) {
      left--;
      await ctx.iterate();
      await ctx.breathe();
    }
  };
  const workers = [];
  for (let i = 0; i < Math.min(args.concurrency, args.times); i++) workers.push(worker());
  await Promise.all(workers);
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
});
