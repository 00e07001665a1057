/**
 * The `event` trigger: fires at listed iterations or seconds.
 *
 * @module
 */
import { Trigger, type TriggerClass, triggerPlugin } from "../src/plugins/trigger.ts";
import type { ArgsOf, Assert, Equal } from "../src/plugins/args_of.ts";
import type { TriggerUnit } from "../src/model/hook_result.ts";
import type { JsonSchema, PluginEntry } from "../src/model/plugin_registry.ts";
import { MAX_SCHEDULED_SECONDS } from "../src/clock/schedule_limit.ts";

/** Args of the `event` trigger. */
export interface EventArgs {
  /** `iteration`: after N completed iterations; `time`: t seconds after the load started. */
  unit: TriggerUnit;
  /** The points: unique; integers ≥ 1 for iterations, numbers ≥ 0 for seconds. */
  at: number[];
}

/** JSON Schema of {@linkcode EventArgs}. */
const EVENT_SCHEMA = {
  type: "object",
  properties: {
    unit: { enum: ["iteration", "time"], description: "What `at` counts." },
    at: {
      type: "array",
      minItems: 1,
      uniqueItems: true,
      items: { type: "number", minimum: 0 },
      description: "Iterations (integers ≥ 1) or seconds (≥ 0) at which to fire.",
    },
  },
  required: ["unit", "at"],
  additionalProperties: false,
  if: { properties: { unit: { const: "iteration" } } },
  then: { properties: { at: { items: { type: "integer", minimum: 1 } } } },
} as const;
type _CheckedArgs = Assert<Equal<EventArgs, ArgsOf<typeof EVENT_SCHEMA>>>;

/** Fires the hook once at each listed point. */
export class EventTrigger extends Trigger<EventArgs> {
  /** Schema: `{unit, at}`. */
  static override schema: JsonSchema = EVENT_SCHEMA;
  /** Summary. */
  static override description =
    "Fires the hook at listed iterations (after N have completed) or seconds since the load started.";

  #points: number[];

  /** Rejects time points no clock can schedule (beyond {@linkcode MAX_SCHEDULED_SECONDS}). */
  static validate(args: unknown): string | undefined {
    const { unit, at } = args as EventArgs;
    const far = unit === "time" ? at.find((t) => t > MAX_SCHEDULED_SECONDS) : undefined;
    if (far === undefined) return undefined;
    return `time point ${far} s is beyond what can be scheduled (at most ` +
      `${MAX_SCHEDULED_SECONDS} s, about 31 years)`;
  }

  /** Sorts the points once. */
  constructor(config: EventArgs) {
    super(config);
    this.#points = [...config.at].sort((a, b) => a - b);
  }

  /** The unit of `at`. */
  getListeningEvent(): TriggerUnit {
    return this.config.unit;
  }

  /** The smallest listed point after `after`. */
  nextPoint(after?: number): number | undefined {
    if (after === undefined) return this.#points[0];
    // Few points in practice; a binary search keeps large lists cheap too.
    let lo = 0, hi = this.#points.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#points[mid] <= after) lo = mid + 1;
      else hi = mid;
    }
    return this.#points[lo];
  }
}

/** The `event` trigger plugin. */
export const EVENT_TRIGGER: PluginEntry<TriggerClass> = triggerPlugin("event", EventTrigger);
