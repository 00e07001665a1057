/**
 * The `degradation` SLA criterion: in each window, iterations are at most so
 * many times slower than in the baseline.
 *
 * @module
 */
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import type { ResilienceEvent } from "../model/resilience.ts";
import { Sla, type SlaClass, slaPlugin } from "../plugins/sla.ts";
import { formatFixed } from "./format_fixed.ts";

/** Args of `degradation`. */
export interface DegradationArgs {
  /** Highest allowed ratio of a window's figure to the baseline's (1 = as fast). */
  max_relative: number;
  /**
   * Which figure: the mean duration or the 95th percentile.
   * @default {"mean"}
   */
  of: "mean" | "p95";
}

/** JSON Schema of {@linkcode DegradationArgs}. */
const DEGRADATION_SCHEMA = {
  type: "object",
  properties: {
    max_relative: { type: "number", exclusiveMinimum: 0 },
    of: { enum: ["mean", "p95"], default: "mean" },
  },
  required: ["max_relative"],
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<Equal<DegradationArgs, ArgsOf<typeof DEGRADATION_SCHEMA>>>;

/**
 * `degradation`: in every window a hook run opened, the mean duration (or
 * the p95, with `"of": "p95"`) divided by the baseline's must be at most
 * `max_relative` (exactly the limit passes). Each window is judged when it
 * closes; one without iterations, or a workload without a baseline, is not
 * judged.
 *
 * Detail: `Maximum relative degradation of the mean 1.35 <= 2.00 - Passed`,
 * or `… 4.20 (window #1) <= 2.00 - Failed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Degradation } from "./degradation.ts";
 * const sla = new Degradation({ max_relative: 2, of: "mean" });
 * assert.equal(sla.detail(), "Maximum relative degradation of the mean: no window judged - Passed");
 * ```
 */
export class Degradation extends Sla<DegradationArgs> {
  /** `{max_relative, of?}`. */
  static override schema: JsonSchema = DEGRADATION_SCHEMA;
  /** One line for plugin listings. */
  static override description: string =
    "Maximum ratio of each window's mean (or p95) duration to the baseline's.";
  /** It judges the windows hook runs cut. */
  static override judgesWindows = true;

  readonly #verdicts = new Map<number, boolean>();
  #worst: { ratio: number; window: number } | undefined;
  #failed = false;

  /** Iterations alone decide nothing here. */
  addIteration(): boolean {
    return !this.#failed;
  }

  /** Judges each window as it closes. */
  override addResilience(event: ResilienceEvent): boolean {
    if (event.type !== "window_closed") return !this.#failed;
    const { index, degradation } = event.window;
    const ratio = degradation?.[this.config.of === "p95" ? "p95_relative" : "mean_relative"];
    if (ratio === null || ratio === undefined) return !this.#failed;
    if (!this.#worst || ratio > this.#worst.ratio) this.#worst = { ratio, window: index };
    const ok = ratio <= this.config.max_relative;
    this.#verdicts.set(index, ok);
    if (!ok) this.#failed = true;
    return !this.#failed;
  }

  /** Whether every window judged was within the limit. */
  success(): boolean {
    return !this.#failed;
  }

  /** The worst ratio against the limit. */
  detail(): string {
    const head = `Maximum relative degradation of the ${this.config.of}`;
    const verdict = this.#failed ? "Failed" : "Passed";
    if (!this.#worst) return `${head}: no window judged - ${verdict}`;
    const where = this.#failed ? ` (window #${this.#worst.window})` : "";
    return `${head} ${formatFixed(this.#worst.ratio, 2)}${where} <= ` +
      `${formatFixed(this.config.max_relative, 2)} - ${verdict}`;
  }

  /** Windows judged, by number. */
  override windowVerdicts(): ReadonlyMap<number, boolean> {
    return this.#verdicts;
  }
}

/** The `degradation` SLA criterion plugin. */
export const DEGRADATION_SLA: PluginEntry<SlaClass> = slaPlugin("degradation", Degradation);
