/**
 * The `rps` runner: iterations started at a given rate, constant or ramped.
 *
 * @module
 */
import { sleep } from "../clock/clock.ts";
import { type RunnerContext, type RunnerPlugin, runnerPlugin } from "../plugins/runner.ts";
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import { TIMEOUT_SCHEMA, TIMES_SCHEMA } from "./runner_schema.ts";
import type { PluginEntry } from "../model/plugin_registry.ts";

/** A stepped rate: `start` per second, raised by `step` every `duration` seconds up to `end`. */
export interface RpsRamp {
  /** First rate, iterations per second. */
  start: number;
  /** Last rate, kept once reached. */
  end: number;
  /** Change of rate at each step (towards `end`). */
  step: number;
  /** Seconds each rate is held. @default 1 */
  duration?: number;
}

/** Args of the `rps` runner. */
export interface RpsArgs {
  /** Iterations per second, or a ramp. */
  rps: number | RpsRamp;
  /** Total iterations. @default 1 */
  times: number;
  /** Seconds per iteration before TimeoutError. @default 600 */
  timeout: number;
  /** Most iterations in flight at once; a start waits for a free slot. @default unbounded */
  max_concurrency?: number;
}

const positive = { type: "number", exclusiveMinimum: 0 } as const;

/** JSON Schema of {@linkcode RpsArgs}. */
const RPS_SCHEMA = {
  type: "object",
  properties: {
    rps: {
      description: "Iterations started per second, or a ramp {start, end, step, duration}.",
      anyOf: [
        positive,
        {
          type: "object",
          properties: { start: positive, end: positive, step: positive, duration: positive },
          required: ["start", "end", "step"],
          additionalProperties: false,
        },
      ],
    },
    times: TIMES_SCHEMA,
    timeout: TIMEOUT_SCHEMA,
    max_concurrency: { type: "integer", minimum: 1 },
  },
  required: ["rps"],
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<Equal<RpsArgs, ArgsOf<typeof RPS_SCHEMA>>>;

/**
 * The ideal start offsets, in milliseconds from the first start: iteration i
 * of a level at rate r starts at levelStart + i·1000/r, computed from the
 * index (not by adding up intervals) so no rounding drift builds up.
 */
export function* startOffsets(rps: number | RpsRamp): Generator<number, never> {
  if (typeof rps === "number") {
    for (let i = 0;; i++) yield (i * 1000) / rps;
  }
  const { start, end, step } = rps;
  const holdMs = (rps.duration ?? 1) * 1000;
  let rate = start;
  let levelStart = 0;
  for (;;) {
    const last = rate === end;
    const levelEnd = last ? Number.POSITIVE_INFINITY : levelStart + holdMs;
    for (let i = 0;; i++) {
      const t = levelStart + (i * 1000) / rate;
      if (t >= levelEnd) break;
      yield t;
    }
    levelStart = levelEnd;
    rate = start <= end ? Math.min(rate + step, end) : Math.max(rate - step, end);
  }
}

/**
 * Starts `times` iterations on the schedule of {@linkcode startOffsets},
 * without waiting for earlier ones to finish (up to `max_concurrency`).
 * A start that falls behind (a busy process, a full slot) happens as soon as
 * it can; later starts keep to the schedule rather than shifting. Split over
 * segments, each starts exactly the arrivals its share owns, at their times
 * in the whole schedule (so together they make the unsplit schedule), with
 * its share of `max_concurrency` (at least 1).
 */
export async function runRps(args: RpsArgs, ctx: RunnerContext): Promise<void> {
  const offsets = startOffsets(args.rps);
  const { share } = ctx;
  const max = args.max_concurrency === undefined
    ? Number.POSITIVE_INFINITY
    : Math.max(1, share.scale(args.max_concurrency));
  const t0 = ctx.clock.now();
  try {
    for (let i = 0; i < args.times && !ctx.stop.aborted; i++) {
      const offset = offsets.next().value;
      if (!share.owns(i)) continue;
      const wait = t0 + offset - ctx.clock.now();
      if (wait > 0) await sleep(ctx.clock, wait, ctx.stop);
      while (ctx.inFlight >= max && !ctx.stop.aborted) await ctx.nextDone();
      if (ctx.stop.aborted) break;
      ctx.iterate(i);
      await ctx.breathe();
    }
  } catch (e) {
    if (!ctx.stop.aborted) throw e;
  }
  await ctx.allDone();
}

/** The `rps` runner plugin. */
export const RPS_RUNNER: PluginEntry<RunnerPlugin> = runnerPlugin("rps", runRps, {
  description: "Starts iterations at a given rate per second, constant or stepped up over time.",
  schema: RPS_SCHEMA,
  plan: (args: RpsArgs) => ({ iterations: args.times }),
  splits: true,
});
