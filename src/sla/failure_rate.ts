/**
 * The `failure_rate` SLA criterion: the share of failed iterations stays
 * between a minimum and a maximum percentage.
 *
 * @module
 */
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { Sla, type SlaClass, slaPlugin } from "../plugins/sla.ts";
import { formatFixed } from "./format_fixed.ts";

/** Args of `failure_rate`; at least one bound must be given. */
export interface FailureRateArgs {
  /**
   * Lowest allowed failure rate, percent (0 to 100).
   * @default {0}
   */
  min?: number;
  /**
   * Highest allowed failure rate, percent (0 to 100).
   * @default {100}
   */
  max?: number;
}

/** JSON Schema of {@linkcode FailureRateArgs}. */
const FAILURE_RATE_SCHEMA = {
  type: "object",
  properties: {
    min: { type: "number", minimum: 0, maximum: 100 },
    max: { type: "number", minimum: 0, maximum: 100 },
  },
  minProperties: 1,
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<Equal<FailureRateArgs, ArgsOf<typeof FAILURE_RATE_SCHEMA>>>;

/**
 * `failure_rate`, as in Rally: the percentage of iterations that ended with
 * an error must satisfy `min <= rate <= max`, both ends inclusive. Every
 * iteration counts. With no iterations the rate is 0 %, so a workload that
 * ran nothing passes unless `min` is above 0. The verdict is re-evaluated on
 * each iteration, so an early failure can recover later.
 *
 * Detail: `Failure rate criteria 0.00% <= 2.50% <= 5.00% - Passed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FailureRate } from "./failure_rate.ts";
 * const sla = new FailureRate({ max: 0 });
 * assert.equal(sla.detail(), "Failure rate criteria 0.00% <= 0.00% <= 0.00% - Passed");
 * ```
 */
export class FailureRate extends Sla<FailureRateArgs> {
  /** Rally's schema: `{min?, max?}`, percentages, at least one of them. */
  static override schema: JsonSchema = FAILURE_RATE_SCHEMA;
  /** One line for plugin listings. */
  static override description: string = "Failure rate minimum and maximum in percents.";

  /** Rejects a `min` above `max`: no failure rate would pass. */
  static validate(args: unknown): string | undefined {
    const { min, max } = args as FailureRateArgs;
    if (min === undefined || max === undefined || min <= max) return undefined;
    return `min (${min} %) is above max (${max} %), so no failure rate can pass; ` +
      `give a min ≤ max`;
  }

  private readonly min: number;
  private readonly max: number;
  private total = 0;
  private errors = 0;
  private rate = 0;
  private ok = true;

  /** Builds the criterion from its validated args. */
  constructor(config: FailureRateArgs) {
    super(config);
    this.min = config.min ?? 0;
    this.max = config.max ?? 100;
    this.ok = this.min <= 0 && 0 <= this.max;
  }

  /** Counts the iteration, failed or not. */
  addIteration(record: IterationRecord): boolean {
    this.total++;
    if (record.error.length > 0) this.errors++;
    this.rate = this.errors * 100 / this.total;
    this.ok = this.min <= this.rate && this.rate <= this.max;
    return this.ok;
  }

  /** Whether the failure rate is within bounds. */
  success(): boolean {
    return this.ok;
  }

  /** `{total, errors}`: iterations seen and how many failed. */
  override state(): { total: number; errors: number } {
    return { total: this.total, errors: this.errors };
  }

  /** Adds another share's counts. */
  override mergeState(state: { total: number; errors: number }): void {
    this.total += state.total;
    this.errors += state.errors;
    if (this.total > 0) this.rate = this.errors * 100 / this.total;
    this.ok = this.min <= this.rate && this.rate <= this.max;
  }

  /** Rally's sentence: bounds, the measured rate and the verdict. */
  detail(): string {
    return `Failure rate criteria ${formatFixed(this.min, 2)}% <= ` +
      `${formatFixed(this.rate, 2)}% <= ${formatFixed(this.max, 2)}% - ` +
      (this.ok ? "Passed" : "Failed");
  }
}

/** The `failure_rate` SLA criterion plugin. */
export const FAILURE_RATE_SLA: PluginEntry<SlaClass> = slaPlugin("failure_rate", FailureRate);
