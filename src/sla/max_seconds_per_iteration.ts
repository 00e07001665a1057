/**
 * The `max_seconds_per_iteration` SLA criterion: no iteration takes longer
 * than a limit.
 *
 * @module
 */
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { Sla, type SlaClass, slaPlugin } from "../plugins/sla.ts";
import { formatFixed } from "./format_fixed.ts";

/** Args of `max_seconds_per_iteration`: the limit in seconds, above 0. */
export type MaxSecondsPerIterationArgs = number;

/** JSON Schema of {@linkcode MaxSecondsPerIterationArgs}. */
const MAX_SECONDS_PER_ITERATION_SCHEMA = { type: "number", exclusiveMinimum: 0 } as const;
type _CheckedArgs = Assert<
  Equal<MaxSecondsPerIterationArgs, ArgsOf<typeof MAX_SECONDS_PER_ITERATION_SCHEMA>>
>;

/**
 * `max_seconds_per_iteration`, as in Rally: the longest iteration must take
 * at most the given number of seconds (exactly the limit passes). Failed
 * iterations count too, as in Rally: a slow failure is still slow. With no
 * iterations the longest is 0 s and the criterion passes.
 *
 * Detail: `Maximum seconds per iteration 1.52s <= 2.00s - Passed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MaxSecondsPerIteration } from "./max_seconds_per_iteration.ts";
 * const sla = new MaxSecondsPerIteration(2);
 * assert.equal(sla.detail(), "Maximum seconds per iteration 0.00s <= 2.00s - Passed");
 * ```
 */
export class MaxSecondsPerIteration extends Sla<MaxSecondsPerIterationArgs> {
  /** Rally's schema: a number of seconds above 0. */
  static override schema: JsonSchema = MAX_SECONDS_PER_ITERATION_SCHEMA;
  /** One line for plugin listings. */
  static override description: string = "Maximum time for one iteration in seconds.";

  private longest = 0;
  private ok = true;

  /** Takes the iteration's duration into account, failed or not. */
  addIteration(record: IterationRecord): boolean {
    if (record.duration > this.longest) this.longest = record.duration;
    this.ok = this.longest <= this.config;
    return this.ok;
  }

  /** Whether every iteration so far took at most the limit. */
  success(): boolean {
    return this.ok;
  }

  /** `{longest}`: the longest iteration seen. */
  override state(): { longest: number } {
    return { longest: this.longest };
  }

  /** Takes another share's longest iteration into account. */
  override mergeState(state: { longest: number }): void {
    if (state.longest > this.longest) this.longest = state.longest;
    this.ok = this.longest <= this.config;
  }

  /** Rally's sentence: the longest iteration, the limit and the verdict. */
  detail(): string {
    return `Maximum seconds per iteration ${formatFixed(this.longest, 2)}s <= ` +
      `${formatFixed(this.config, 2)}s - ${this.ok ? "Passed" : "Failed"}`;
  }
}

/** The `max_seconds_per_iteration` SLA criterion plugin. */
export const MAX_SECONDS_PER_ITERATION_SLA: PluginEntry<SlaClass> = slaPlugin(
  "max_seconds_per_iteration",
  MaxSecondsPerIteration,
);
