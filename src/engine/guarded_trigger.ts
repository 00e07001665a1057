/**
 * GuardedTrigger: a trigger plugin instance whose own code cannot throw into
 * the engine's actors.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { Trigger, TriggerClass } from "../plugins/trigger.ts";
import type { HookSpec } from "../model/task_spec.ts";
import { errorInfo } from "../model/error_info.ts";
import type { HookError, HookRunResult, TriggerUnit } from "../model/hook_result.ts";

/** How a trigger's own code failed. */
export interface TriggerFailure {
  /** The point after which it failed, with its unit; `{time, 0}` (the load's start) when it failed before any point. */
  triggeredBy: { event_type: TriggerUnit; value: number };
  /** When it failed, epoch ms. */
  at: number;
  /** The error, with a message that names the trigger. */
  error: HookError;
}

/**
 * Wraps the trigger plugin of one hook. An exception from its constructor,
 * `getListeningEvent`, `nextPoint` or `isBounded` would otherwise escape
 * from an XState action and take the workload and the task down; here the
 * first one is kept as {@linkcode GuardedTrigger.failure} and the trigger
 * then has no point left. The hook executor reports it as a failed run.
 * `onEvent` is passed through: the trigger actor already turns its
 * exceptions into failed runs at the point concerned.
 */
export class GuardedTrigger implements Trigger {
  /** The trigger's args. */
  readonly config: unknown;
  /** The first failure of the trigger's code, if any. */
  failure: TriggerFailure | undefined;
  readonly #name: string;
  readonly #clock: Clock;
  readonly #inner: Trigger | undefined;
  readonly #unit: TriggerUnit = "time";

  /** Builds the trigger of `spec`; a constructor that throws leaves a failed trigger with no point. */
  constructor(spec: HookSpec, clock: Clock, plugins: PluginRegistry) {
    this.config = spec.trigger.args;
    this.#name = spec.trigger.name;
    this.#clock = clock;
    try {
      const cls = plugins.get<TriggerClass>("trigger", spec.trigger.name).impl;
      const inner = new cls(spec.trigger.args);
      const unit = inner.getListeningEvent();
      if (unit !== "iteration" && unit !== "time") {
        throw new TypeError(
          `getListeningEvent() must return "iteration" or "time"; got ${JSON.stringify(unit)}`,
        );
      }
      this.#inner = inner;
      this.#unit = unit;
    } catch (e) {
      this.#fail(e, undefined);
    }
  }

  /** The unit the trigger listens to (`time` when it could not say). */
  getListeningEvent(): TriggerUnit {
    return this.#unit;
  }

  /** The trigger's next point, or undefined once its code has failed. */
  nextPoint(after?: number): number | undefined {
    if (!this.#inner || this.failure) return undefined;
    try {
      return this.#inner.nextPoint(after);
    } catch (e) {
      this.#fail(e, after);
      return undefined;
    }
  }

  /** The trigger's decision; may throw (the trigger actor handles that). */
  onEvent(eventType: TriggerUnit, value: number): boolean {
    return this.#inner ? this.#inner.onEvent(eventType, value) : false;
  }

  /** Whether the trigger has finitely many points; false once its code has failed. */
  isBounded(): boolean {
    if (!this.#inner || this.failure) return false;
    try {
      return this.#inner.isBounded();
    } catch (e) {
      this.#fail(e, undefined);
      return false;
    }
  }

  /** The failure as a failed hook run, or undefined when the trigger never failed. */
  failedRun(): HookRunResult | undefined {
    const f = this.failure;
    if (!f) return undefined;
    return {
      triggered_by: f.triggeredBy,
      started_at: f.at / 1000,
      finished_at: f.at / 1000,
      status: "failed",
      error: f.error,
    };
  }

  #fail(e: unknown, after: number | undefined): void {
    if (this.failure) return;
    const [etype, msg, details] = errorInfo(e);
    this.failure = {
      // Before any point the failure happened at the load's start: time 0.
      triggeredBy: after === undefined
        ? { event_type: "time", value: 0 }
        : { event_type: this.#unit, value: after },
      at: this.#clock.now(),
      error: { etype, msg: `The trigger "${this.#name}" failed: ${msg}`, details },
    };
  }
}
