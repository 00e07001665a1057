/**
 * The `periodic` trigger: fires every `step` iterations or seconds.
 *
 * @module
 */
import { Trigger, type TriggerClass, triggerPlugin } from "../src/plugins/trigger.ts";
import type { ArgsOf, Assert, Equal } from "../src/plugins/args_of.ts";
import type { TriggerUnit } from "../src/model/hook_result.ts";
import type { JsonSchema, PluginEntry } from "../src/model/plugin_registry.ts";
import { MAX_SCHEDULED_SECONDS } from "../src/clock/schedule_limit.ts";

/** The finest time step, in seconds: a microsecond; finer steps can only be mistakes. */
export const MIN_TIME_STEP = 1e-6;

/** Args of the `periodic` trigger. */
export interface PeriodicArgs {
  /** `iteration`: completed-iteration counts; `time`: seconds since the load started. */
  unit: TriggerUnit;
  /** Distance between firing points (> 0; an integer for iterations). */
  step: number;
  /** First point. @default 0 */
  start?: number;
  /** Last point (inclusive). @default unbounded */
  end?: number;
}

/** JSON Schema of {@linkcode PeriodicArgs}. */
const PERIODIC_SCHEMA = {
  type: "object",
  properties: {
    unit: { enum: ["iteration", "time"], description: "What the values count." },
    step: { type: "number", exclusiveMinimum: 0, description: "Distance between points." },
    start: { type: "number", minimum: 0, description: "First point (default 0)." },
    end: { type: "number", minimum: 0, description: "Last point, inclusive (default none)." },
  },
  required: ["unit", "step"],
  additionalProperties: false,
  if: { properties: { unit: { const: "iteration" } } },
  then: {
    properties: {
      step: { type: "integer", minimum: 1 },
      start: { type: "integer" },
      end: { type: "integer" },
    },
  },
} as const;
type _CheckedArgs = Assert<Equal<PeriodicArgs, ArgsOf<typeof PERIODIC_SCHEMA>>>;

/**
 * Fires at every v with start ≤ v ≤ end and (v − start) mod step = 0.
 * Iteration points start at 1 at the earliest (no iteration count is 0), so
 * step 20 fires after 20, 40, 60 … iterations; time point 0 is the load's start.
 */
export class PeriodicTrigger extends Trigger<PeriodicArgs> {
  /** Schema: `{unit, step, start?, end?}`. */
  static override schema: JsonSchema = PERIODIC_SCHEMA;
  /** Summary. */
  static override description =
    "Fires the hook every `step` iterations or seconds, from `start` to `end`.";

  /**
   * Rejects a range that holds no point (`start` after `end`, or no
   * iteration count in it), and time steps or points no clock can keep: a
   * step below a microsecond, a point beyond {@linkcode MAX_SCHEDULED_SECONDS}.
   */
  static validate(args: unknown): string | undefined {
    const config = args as PeriodicArgs;
    if (config.unit === "time") {
      if (config.step < MIN_TIME_STEP) {
        return `step ${config.step} s is below a microsecond: it would fire a hook more than a ` +
          `million times a second; give a step ≥ ${MIN_TIME_STEP} s`;
      }
      for (const key of ["start", "end"] as const) {
        const value = config[key];
        if (value !== undefined && value > MAX_SCHEDULED_SECONDS) {
          return `${key} ${value} s is beyond what can be scheduled (at most ` +
            `${MAX_SCHEDULED_SECONDS} s, about 31 years); leave end out for no end`;
        }
      }
    }
    if (new PeriodicTrigger(config).nextPoint() !== undefined) return undefined;
    const { start = 0, end, step } = config;
    if (start > end!) {
      return `start (${start}) is after end (${end}), so the hook would never fire; ` +
        `give a start ≤ end, or leave end out for no end`;
    }
    return `no point from start (${start}) to end (${end}) in steps of ${step} is an ` +
      `iteration count (they begin at 1), so the hook would never fire; raise end`;
  }

  /** The unit of the values. */
  getListeningEvent(): TriggerUnit {
    return this.config.unit;
  }

  /** The first point after `after`, computed (not iterated) so huge ranges cost nothing. */
  nextPoint(after?: number): number | undefined {
    const { step, end } = this.config;
    const start = this.config.start ?? 0;
    const min = this.config.unit === "iteration" ? 1 : 0;
    // k-th point is start + k·step; find the smallest k giving a point > after (and ≥ min).
    let k: number;
    if (after === undefined) k = Math.max(0, Math.ceil((min - start) / step));
    else k = Math.max(0, Math.floor((after - start) / step) + 1);
    let v = point(start, k, step);
    if (after !== undefined && v <= after) v = point(start, ++k, step);
    if (v < min) v = point(start, Math.ceil((min - start) / step), step);
    return end !== undefined && v > end ? undefined : v;
  }

  /** Bounded only when `end` is given. */
  override isBounded(): boolean {
    return this.config.end !== undefined;
  }
}

// start + k·step, rid of binary floating-point noise (0.1 · 3 is 0.3, not 0.30000000000000004).
function point(start: number, k: number, step: number): number {
  return Math.round((start + k * step) * 1e9) / 1e9;
}

/** The `periodic` trigger plugin. */
export const PERIODIC_TRIGGER: PluginEntry<TriggerClass> = triggerPlugin(
  "periodic",
  PeriodicTrigger,
);
