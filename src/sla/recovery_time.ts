/**
 * The `recovery_time` SLA criterion: after each fault ends, the load is back
 * to its baseline within a limit.
 *
 * @module
 */
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import type { ResilienceEvent } from "../model/resilience.ts";
import { Sla, type SlaClass, slaPlugin } from "../plugins/sla.ts";
import { formatFixed } from "./format_fixed.ts";

/** Args of `recovery_time`. */
export interface RecoveryTimeArgs {
  /** Longest allowed recovery, seconds (0 or more). */
  max: number;
}

/** JSON Schema of {@linkcode RecoveryTimeArgs}. */
const RECOVERY_TIME_SCHEMA = {
  type: "object",
  properties: { max: { type: "number", minimum: 0 } },
  required: ["max"],
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<Equal<RecoveryTimeArgs, ArgsOf<typeof RECOVERY_TIME_SCHEMA>>>;

/**
 * `recovery_time`: every fault's end (an `off` hook run, or a `pulse` hook
 * run, finishing) must be followed by a recovery within `max` seconds
 * (exactly `max` passes). A load that ends before recovering fails it; a
 * recovery cut short by the next fault is not judged, unless it had already
 * taken longer than `max`. It fails as soon as `max` has passed without a
 * recovery, so `--abort-on-sla-failure` stops the load then. With no fault
 * ended it passes.
 *
 * Detail: `Recovery time 2.30s <= 5.00s - Passed` (the longest), or
 * `Recovery time: window #2 not recovered <= 5.00s - Failed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RecoveryTime } from "./recovery_time.ts";
 * const sla = new RecoveryTime({ max: 5 });
 * assert.equal(sla.addResilience({ type: "recovery_pending", window: 2, kind: "recovery", atLeast: 5.1 }), false);
 * assert.equal(sla.detail(), "Recovery time: window #2 still recovering after 5.10s <= 5.00s - Failed");
 * ```
 */
export class RecoveryTime extends Sla<RecoveryTimeArgs> {
  /** `{max}`, seconds. */
  static override schema: JsonSchema = RECOVERY_TIME_SCHEMA;
  /** One line for plugin listings. */
  static override description: string =
    "Maximum seconds from each fault's end until the load is back to its baseline.";
  /** It judges the windows hook runs cut. */
  static override judgesWindows = true;
  /** It judges recoveries, so a hook must end a fault. */
  static override judgesRecoveries = true;

  readonly #verdicts = new Map<number, boolean>();
  #longest: number | undefined;
  #failure: string | undefined;
  #interrupted = 0;

  /** Iterations alone decide nothing here. */
  addIteration(): boolean {
    return true;
  }

  /** Judges each recovery as it is decided, and one that takes too long already. */
  override addResilience(event: ResilienceEvent): boolean {
    const max = this.config.max;
    if (event.type === "recovery_pending") {
      if (event.atLeast > max && this.#verdicts.get(event.window) !== false) {
        this.#fail(
          event.window,
          `window #${event.window} still recovering after ${fmt(event.atLeast)}`,
        );
      }
    } else if (event.type === "recovery_decided") {
      const { index, recovery } = event.window;
      if (this.#verdicts.get(index) === false || !recovery) return this.success();
      if (recovery.status === "recovered") {
        const seconds = recovery.seconds!;
        this.#longest = Math.max(this.#longest ?? 0, seconds);
        if (seconds <= max) this.#verdicts.set(index, true);
        else this.#fail(index, `${fmt(seconds)} (window #${index})`);
      } else if (recovery.status === "not_recovered") {
        this.#fail(index, `window #${index} not recovered`);
      } else if (recovery.status === "interrupted") this.#interrupted++;
    }
    return this.success();
  }

  /** Whether every recovery judged was within the limit. */
  success(): boolean {
    return this.#failure === undefined;
  }

  /** The longest recovery (or the first that failed) against the limit. */
  detail(): string {
    const limit = fmt(this.config.max);
    const note = this.#interrupted
      ? ` (${this.#interrupted} cut short by the next fault, not judged)`
      : "";
    if (this.#failure !== undefined) {
      const sep = this.#failure.startsWith("window") ? ": " : " ";
      return `Recovery time${sep}${this.#failure} <= ${limit}${note} - Failed`;
    }
    if (this.#longest === undefined) return `Recovery time: no fault ended${note} - Passed`;
    return `Recovery time ${fmt(this.#longest)} <= ${limit}${note} - Passed`;
  }

  /** Recoveries judged, by window number. */
  override windowVerdicts(): ReadonlyMap<number, boolean> {
    return this.#verdicts;
  }

  #fail(window: number, text: string): void {
    this.#verdicts.set(window, false);
    this.#failure ??= text;
  }
}

function fmt(seconds: number): string {
  return `${formatFixed(seconds, 2)}s`;
}

/** The `recovery_time` SLA criterion plugin. */
export const RECOVERY_TIME_SLA: PluginEntry<SlaClass> = slaPlugin("recovery_time", RecoveryTime);
