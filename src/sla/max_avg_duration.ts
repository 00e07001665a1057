/**
 * The `max_avg_duration` SLA criterion: the mean duration of successful
 * iterations stays under a limit.
 *
 * @module
 */
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { Sla, type SlaClass, slaPlugin } from "../plugins/sla.ts";
import { formatFixed } from "./format_fixed.ts";

/** Args of `max_avg_duration`: the limit in seconds, above 0. */
export type MaxAvgDurationArgs = number;

/** JSON Schema of {@linkcode MaxAvgDurationArgs}. */
const MAX_AVG_DURATION_SCHEMA = { type: "number", exclusiveMinimum: 0 } as const;
type _CheckedArgs = Assert<Equal<MaxAvgDurationArgs, ArgsOf<typeof MAX_AVG_DURATION_SCHEMA>>>;

/**
 * `max_avg_duration`, as in Rally: the average duration of the iterations
 * that succeeded must be at most the given number of seconds (exactly the
 * limit passes). Failed iterations are left out, as in Rally. With no
 * successful iteration the average is taken as 0 s and the criterion passes.
 * Keeps only a running sum and count.
 *
 * Detail: `Average duration of one iteration 0.52s <= 1.00s - Passed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MaxAvgDuration } from "./max_avg_duration.ts";
 * const sla = new MaxAvgDuration(1);
 * assert.equal(sla.detail(), "Average duration of one iteration 0.00s <= 1.00s - Passed");
 * ```
 */
export class MaxAvgDuration extends Sla<MaxAvgDurationArgs> {
  /** Rally's schema: a number of seconds above 0. */
  static override schema: JsonSchema = MAX_AVG_DURATION_SCHEMA;
  /** One line for plugin listings. */
  static override description: string = "Maximum average duration of one iteration in seconds.";

  private total = 0;
  private count = 0;
  private avg = 0;
  private ok = true;

  /** Adds the duration of a successful iteration to the mean; ignores failed ones. */
  addIteration(record: IterationRecord): boolean {
    if (record.error.length === 0) {
      this.total += record.duration;
      this.count++;
      this.avg = this.total / this.count;
    }
    this.ok = this.avg <= this.config;
    return this.ok;
  }

  /** Whether the mean duration is within the limit. */
  success(): boolean {
    return this.ok;
  }

  /** `{total, count}`: summed duration and count of the successful iterations. */
  override state(): { total: number; count: number } {
    return { total: this.total, count: this.count };
  }

  /** Adds another share's sum and count. */
  override mergeState(state: { total: number; count: number }): void {
    this.total += state.total;
    this.count += state.count;
    if (this.count > 0) this.avg = this.total / this.count;
    this.ok = this.avg <= this.config;
  }

  /** Rally's sentence: the mean, the limit and the verdict. */
  detail(): string {
    return `Average duration of one iteration ${formatFixed(this.avg, 2)}s <= ` +
      `${formatFixed(this.config, 2)}s - ${this.ok ? "Passed" : "Failed"}`;
  }
}

/** The `max_avg_duration` SLA criterion plugin. */
export const MAX_AVG_DURATION_SLA: PluginEntry<SlaClass> = slaPlugin(
  "max_avg_duration",
  MaxAvgDuration,
);
