/**
 * The `outliers` SLA criterion: few iterations take much longer than the
 * others.
 *
 * @module
 */
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { Sla, type SlaClass, slaPlugin } from "../plugins/sla.ts";

/** Args of `outliers`. */
export interface OutliersArgs {
  /**
   * Most outliers allowed.
   * @default {0}
   */
  max: number;
  /**
   * Successful iterations needed before any can count as an outlier (at least 3).
   * @default {3}
   */
  min_iterations: number;
  /**
   * How many standard deviations above the mean make an outlier (above 0).
   * @default {3}
   */
  sigmas: number;
}

/** JSON Schema of {@linkcode OutliersArgs}. */
const OUTLIERS_SCHEMA = {
  type: "object",
  properties: {
    max: { type: "integer", minimum: 0, default: 0 },
    min_iterations: { type: "integer", minimum: 3, default: 3 },
    sigmas: { type: "number", exclusiveMinimum: 0, default: 3 },
  },
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<Equal<OutliersArgs, ArgsOf<typeof OUTLIERS_SCHEMA>>>;

/**
 * `outliers`, as in Rally: limits the number of iterations that take too
 * much time. A successful iteration is an outlier when it is at least the
 * `min_iterations`-th successful one and its duration exceeds
 * `mean + sigmas * std` of the successful iterations before it (std is the
 * sample standard deviation, updated as a running sum as Knuth describes, so
 * memory stays constant). As in Rally, each iteration is judged once against
 * the threshold of its time, failed iterations are left out, and no
 * iteration is an outlier while the threshold is 0 (all durations so far 0).
 * The count is therefore an approximation of what a second pass over all
 * durations would find. With no iterations there are no outliers and the
 * criterion passes. `max` defaults to 0, as in Rally.
 *
 * Detail: `Maximum number of outliers 1 <= 1 - Passed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Outliers } from "./outliers.ts";
 * const sla = new Outliers({ max: 1, min_iterations: 3, sigmas: 3 });
 * assert.equal(sla.detail(), "Maximum number of outliers 0 <= 1 - Passed");
 * ```
 */
export class Outliers extends Sla<OutliersArgs> {
  /** Rally's schema: `{max?, min_iterations?, sigmas?}`. */
  static override schema: JsonSchema = OUTLIERS_SCHEMA;
  /** One line for plugin listings. */
  static override description: string =
    "Limit the number of outliers (iterations that take too much time).\n\n" +
    "The outliers are detected automatically using the computation of the mean " +
    "and standard deviation (std) of the data.";

  private readonly max: number;
  private readonly minIterations: number;
  private readonly sigmas: number;
  private iterations = 0;
  private outliers = 0;
  private total = 0;
  private mean = 0;
  private devSum = 0;
  private threshold = 0;
  private ok = true;

  /** Builds the criterion from its validated args. */
  constructor(config: OutliersArgs) {
    super(config);
    this.max = config.max;
    this.minIterations = config.min_iterations;
    this.sigmas = config.sigmas;
  }

  /** Judges a successful iteration against the current threshold, then updates it. */
  addIteration(record: IterationRecord): boolean {
    if (record.error.length === 0) {
      const duration = record.duration;
      const n = ++this.iterations;
      // Judge first, against the mean and std of the iterations before it.
      if (n >= this.minIterations && this.threshold !== 0 && duration > this.threshold) {
        this.outliers++;
      }
      this.total += duration;
      const previousMean = this.mean;
      this.mean = this.total / n;
      this.devSum += (duration - previousMean) * (duration - this.mean);
      if (n >= 2) {
        this.threshold = this.mean + this.sigmas * Math.sqrt(this.devSum / (n - 1));
      }
    }
    this.ok = this.outliers <= this.max;
    return this.ok;
  }

  /** Whether there are at most `max` outliers. */
  success(): boolean {
    return this.ok;
  }

  /** Rally's sentence: outliers found, the maximum and the verdict. */
  detail(): string {
    return `Maximum number of outliers ${this.outliers} <= ${this.max} - ` +
      (this.ok ? "Passed" : "Failed");
  }
}

/** The `outliers` SLA criterion plugin. */
export const OUTLIERS_SLA: PluginEntry<SlaClass> = slaPlugin("outliers", Outliers);
