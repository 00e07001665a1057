/**
 * The `rps` runner: iterations started at a given rate, constant or ramped.
 *
 * @module
 */
import { sleep } from "../clock/clock.ts";
import { type RunnerContext, type RunnerPlugin, runnerPlugin } from "../plugins/runner.ts";
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import {
  MAX_CPU_COUNT_SCHEMA,
  MAX_TIMES,
  nonFiniteNumbers,
  TIMEOUT_SCHEMA,
} from "./runner_schema.ts";
import type { ArgsProblem, PluginEntry } from "../model/plugin_registry.ts";

/** A stepped rate: `start` per second, raised by `step` every `duration` seconds up to `end`. */
export interface RpsRamp {
  /** First rate, iterations per second (at least 1). */
  start: number;
  /** Last rate, kept once reached (not below `start`). */
  end: number;
  /** Rise of the rate at each step (at least 1). */
  step: number;
  /** Seconds each rate is held (at least 1). @default 1 */
  duration?: number;
}

/** Args of the `rps` runner. */
export interface RpsArgs {
  /** Iterations per second, or a ramp. */
  rps: number | RpsRamp;
  /** Total iterations (required, as in Rally). */
  times: number;
  /** Seconds per iteration before TimeoutError; 0 for none. @default 600 */
  timeout: number;
  /** Most iterations in flight at once; a start waits for a free slot. @default unbounded */
  max_concurrency?: number;
  /** Rally's number of load processes: the load runs in that many worker threads (up to the cores). */
  max_cpu_count?: number;
}

// Rally's ramp values are numbers of at least 1.
const rampValue = { type: "number", minimum: 1 } as const;

/** JSON Schema of {@linkcode RpsArgs}. */
const RPS_SCHEMA = {
  type: "object",
  properties: {
    rps: {
      description: "Iterations started per second, or a ramp {start, end, step, duration}.",
      anyOf: [
        { type: "number", exclusiveMinimum: 0 },
        {
          type: "object",
          properties: { start: rampValue, end: rampValue, step: rampValue, duration: rampValue },
          required: ["start", "end", "step"],
          additionalProperties: false,
        },
      ],
    },
    times: {
      type: "integer",
      minimum: 1,
      maximum: MAX_TIMES,
      description: "Total number of iterations.",
    },
    timeout: TIMEOUT_SCHEMA,
    max_concurrency: { type: "integer", minimum: 1, maximum: MAX_TIMES },
    max_cpu_count: MAX_CPU_COUNT_SCHEMA,
  },
  required: ["rps", "times"],
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<Equal<RpsArgs, ArgsOf<typeof RPS_SCHEMA>>>;

/**
 * Rally's `check_rps`: a ramp never goes down. Plus no number that is not
 * finite.
 */
export function checkRps(args: RpsArgs): string | ArgsProblem[] | undefined {
  const nonFinite = nonFiniteNumbers(args);
  if (nonFinite.length > 0) return nonFinite;
  const ramp = args.rps;
  if (typeof ramp === "number" || ramp.end >= ramp.start) return undefined;
  return [{
    path: ["rps", "end"],
    message: `must not be less than start (${ramp.start}); got ${ramp.end}: a ramp only goes ` +
      `up (Rally: "rps end value must not be less than rps start value.")`,
  }];
}

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
    rate = Math.min(rate + step, end);
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
  validate: checkRps,
  splits: true,
});
