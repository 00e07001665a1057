/**
 * The `constant_for_duration` runner: a fixed concurrency for a fixed time.
 *
 * @module
 */
import { registerRunner, type RunnerContext } from "../plugins/runner.ts";
import { CONCURRENCY_SCHEMA, TIMEOUT_SCHEMA } from "./runner_schema.ts";

/** Args of the `constant_for_duration` runner. */
export interface ConstantForDurationArgs {
  /** Seconds during which iterations are started. */
  duration: number;
  /** Iterations at once. @default 1 */
  concurrency: number;
  /** Seconds per iteration before TimeoutError. @default 600 */
  timeout: number;
}

/**
 * Keeps `concurrency` iterations in flight and starts none once `duration`
 * seconds have passed since the runner began; those in flight then finish.
 */
export async function runConstantForDuration(
  args: ConstantForDurationArgs,
  ctx: RunnerContext,
): Promise<void> {
  const ms = args.duration * 1000;
  const deadline = ctx.clock.now() + ms;
  // A timer at the deadline, not only a look at the clock: on a simulated
  // clock, iterations that take no time never move it, so without a pending
  // timer the workers would spin forever at one instant.
  let timeUp = false;
  const timer = ctx.clock.setTimeout(() => timeUp = true, ms);
  const worker = async () => {
    while (!timeUp && ctx.clock.now() < deadline && !ctx.stop.aborted) {
      await ctx.iterate();
      await ctx.breathe();
    }
  };
  const workers = [];
  for (let i = 0; i < args.concurrency; i++) workers.push(worker());
  try {
    await Promise.all(workers);
  } finally {
    ctx.clock.clearTimeout(timer);
  }
}

registerRunner("constant_for_duration", runConstantForDuration, {
  description: "Keeps a fixed number of iterations in flight for a given number of seconds.",
  schema: {
    type: "object",
    properties: {
      duration: {
        type: "number",
        exclusiveMinimum: 0,
        description: "Seconds during which iterations are started.",
      },
      concurrency: CONCURRENCY_SCHEMA,
      timeout: TIMEOUT_SCHEMA,
    },
    required: ["duration"],
    additionalProperties: false,
  },
  plan: (args: ConstantForDurationArgs) => ({ seconds: args.duration }),
});
