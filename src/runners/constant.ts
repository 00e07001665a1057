/**
 * The `constant` runner: a fixed number of iterations at a fixed concurrency.
 *
 * @module
 */
import { type RunnerContext, type RunnerPlugin, runnerPlugin } from "../plugins/runner.ts";
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import { CONCURRENCY_SCHEMA, TIMEOUT_SCHEMA, TIMES_SCHEMA } from "./runner_schema.ts";
import type { PluginEntry } from "../model/plugin_registry.ts";

/** Args of the `constant` runner. */
export interface ConstantArgs {
  /** Total iterations. @default 1 */
  times: number;
  /** Iterations at once. @default 1 */
  concurrency: number;
  /** Seconds per iteration before TimeoutError. @default 600 */
  timeout: number;
}

/** JSON Schema of {@linkcode ConstantArgs}. */
const CONSTANT_SCHEMA = {
  type: "object",
  properties: {
    times: TIMES_SCHEMA,
    concurrency: CONCURRENCY_SCHEMA,
    timeout: TIMEOUT_SCHEMA,
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

/** The `constant` runner plugin. */
export const CONSTANT_RUNNER: PluginEntry<RunnerPlugin> = runnerPlugin("constant", runConstant, {
  description: "Runs a fixed number of iterations with a fixed number of them in flight at once.",
  schema: CONSTANT_SCHEMA,
  plan: (args: ConstantArgs) => ({ iterations: args.times }),
});
