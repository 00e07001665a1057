/**
 * The `performance_degradation` SLA criterion: the slowest successful
 * iteration is at most so many percent slower than the fastest.
 *
 * @module
 */
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { Sla, type SlaClass, slaPlugin } from "../plugins/sla.ts";
import { formatFixed } from "./format_fixed.ts";

/** Args of `performance_degradation`. */
export interface PerformanceDegradationArgs {
  /** Highest allowed degradation, percent (0 or more). */
  max_degradation: number;
}

/** JSON Schema of {@linkcode PerformanceDegradationArgs}. */
const PERFORMANCE_DEGRADATION_SCHEMA = {
  type: "object",
  properties: {
    max_degradation: { type: "number", minimum: 0 },
  },
  required: ["max_degradation"],
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<
  Equal<PerformanceDegradationArgs, ArgsOf<typeof PERFORMANCE_DEGRADATION_SCHEMA>>
>;

/**
 * `performance_degradation`, as in Rally: takes the minimum and maximum
 * duration of the successful iterations, calls the minimum 100 %, and
 * requires the degradation `(max / min - 1) * 100` to be at most
 * `max_degradation` percent (exactly the limit passes). Failed iterations are
 * left out, as in Rally. With no successful iteration the degradation is 0 %
 * and the criterion passes. Where Rally stops with an error on a successful
 * iteration that took 0 s or less (no ratio to it exists), brunt leaves that
 * iteration out, since a simulated clock can measure exactly 0 s.
 *
 * Detail, the percentage with up to six decimals as Rally prints it:
 * `Current degradation: 42.857143% - Passed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PerformanceDegradation } from "./performance_degradation.ts";
 * const sla = new PerformanceDegradation({ max_degradation: 50 });
 * assert.equal(sla.detail(), "Current degradation: 0.0% - Passed");
 * ```
 */
export class PerformanceDegradation extends Sla<PerformanceDegradationArgs> {
  /** Rally's schema: `{max_degradation}`, a percentage of 0 or more. */
  static override schema: JsonSchema = PERFORMANCE_DEGRADATION_SCHEMA;
  /** One line for plugin listings. */
  static override description: string =
    "Calculates performance degradation based on iteration time\n\n" +
    "This SLA plugin finds minimum and maximum duration of iterations completed " +
    "without errors during the task. Assuming that minimum duration is 100%, it " +
    "calculates performance degradation against maximum duration.";

  private min = Infinity;
  private max = 0;
  private degradation = 0;
  private ok = true;

  /** Takes a successful iteration's duration into the minimum and maximum. */
  addIteration(record: IterationRecord): boolean {
    const duration = record.duration;
    if (record.error.length === 0 && duration > 0) {
      if (duration < this.min) this.min = duration;
      if (duration > this.max) this.max = duration;
      this.degradation = (this.max / this.min - 1) * 100;
    }
    this.ok = this.degradation <= this.config.max_degradation;
    return this.ok;
  }

  /** Whether the degradation is within the limit. */
  success(): boolean {
    return this.ok;
  }

  /** `{min, max}` of the successful iterations' durations (min Infinity while none). */
  override state(): { min: number | null; max: number } {
    return { min: Number.isFinite(this.min) ? this.min : null, max: this.max };
  }

  /** Takes another share's shortest and longest iterations into account. */
  override mergeState(state: { min: number | null; max: number }): void {
    if (state.min !== null && state.min < this.min) this.min = state.min;
    if (state.max > this.max) this.max = state.max;
    if (Number.isFinite(this.min)) this.degradation = (this.max / this.min - 1) * 100;
    this.ok = this.degradation <= this.config.max_degradation;
  }

  /** Rally's sentence: the degradation in percent and the verdict. */
  detail(): string {
    return `Current degradation: ${formatPercent(this.degradation)}% - ` +
      (this.ok ? "Passed" : "Failed");
  }
}

/** Six decimals without trailing zeros, keeping one (`37.0`, `1.000002`), as Rally prints. */
function formatPercent(value: number): string {
  const text = formatFixed(value, 6);
  const point = text.indexOf(".");
  let end = text.length;
  while (end > point + 2 && text[end - 1] === "0") end--;
  return text.slice(0, end);
}

/** The `performance_degradation` SLA criterion plugin. */
export const PERFORMANCE_DEGRADATION_SLA: PluginEntry<SlaClass> = slaPlugin(
  "performance_degradation",
  PerformanceDegradation,
);
