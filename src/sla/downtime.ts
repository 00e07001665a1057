/**
 * The `downtime` SLA criterion: in each window, the time from the first
 * failed iteration to the last stays within a limit.
 *
 * @module
 */
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import type { ResilienceEvent, WindowRef } from "../model/resilience.ts";
import { Sla, type SlaClass, slaPlugin } from "../plugins/sla.ts";
import { formatFixed } from "./format_fixed.ts";

/** Args of `downtime`. */
export interface DowntimeArgs {
  /** Longest allowed downtime in one window, seconds (0 or more). */
  max: number;
}

/** JSON Schema of {@linkcode DowntimeArgs}. */
const DOWNTIME_SCHEMA = {
  type: "object",
  properties: { max: { type: "number", minimum: 0 } },
  required: ["max"],
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<Equal<DowntimeArgs, ArgsOf<typeof DOWNTIME_SCHEMA>>>;

/**
 * `downtime`: in every window a hook run opened, the seconds from the end
 * of its first failed iteration to the end of its last one must be at most
 * `max` (exactly `max` passes; a window with one failure or none has 0 s).
 * It fails as soon as a window's downtime passes `max`, so
 * `--abort-on-sla-failure` stops the load then. The baseline is not judged.
 *
 * Detail: `Maximum downtime 1.20s <= 2.00s - Passed`, or
 * `Maximum downtime 3.40s (window #1) <= 2.00s - Failed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Downtime } from "./downtime.ts";
 * const sla = new Downtime({ max: 2 });
 * assert.equal(sla.detail(), "Maximum downtime 0.00s <= 2.00s - Passed");
 * ```
 */
export class Downtime extends Sla<DowntimeArgs> {
  /** `{max}`, seconds. */
  static override schema: JsonSchema = DOWNTIME_SCHEMA;
  /** One line for plugin listings. */
  static override description: string =
    "Maximum seconds from the first to the last failed iteration in each window.";
  /** It judges the windows hook runs cut. */
  static override judgesWindows = true;

  readonly #verdicts = new Map<number, boolean>();
  #longest = 0;
  #worstWindow: number | undefined;
  #failed = false;

  /** A failure that makes a window's downtime too long decides at once. */
  addIteration(record: IterationRecord, window?: WindowRef): boolean {
    if (record.error.length === 0 || !window || window.index === 0) return !this.#failed;
    const seconds = window.downtimeSoFar ?? 0;
    if (seconds > this.config.max) this.#judge(window.index, seconds);
    return !this.#failed;
  }

  /** Judges each window as it closes. */
  override addResilience(event: ResilienceEvent): boolean {
    if (event.type === "window_closed") {
      this.#judge(event.window.index, event.window.downtime?.seconds ?? 0);
    }
    return !this.#failed;
  }

  /** Whether every window's downtime was within the limit. */
  success(): boolean {
    return !this.#failed;
  }

  /** The longest downtime against the limit. */
  detail(): string {
    const where = this.#failed ? ` (window #${this.#worstWindow})` : "";
    return `Maximum downtime ${formatFixed(this.#longest, 2)}s${where} <= ` +
      `${formatFixed(this.config.max, 2)}s - ${this.#failed ? "Failed" : "Passed"}`;
  }

  /** Windows judged, by number. */
  override windowVerdicts(): ReadonlyMap<number, boolean> {
    return this.#verdicts;
  }

  #judge(window: number, seconds: number): void {
    if (seconds >= this.#longest) {
      this.#longest = seconds;
      this.#worstWindow = window;
    }
    const ok = seconds <= this.config.max && this.#verdicts.get(window) !== false;
    this.#verdicts.set(window, ok);
    if (!ok) this.#failed = true;
  }
}

/** The `downtime` SLA criterion plugin. */
export const DOWNTIME_SLA: PluginEntry<SlaClass> = slaPlugin("downtime", Downtime);
