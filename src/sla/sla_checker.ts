/**
 * The per-workload SLA checker: runs every configured criterion over the
 * iterations of one workload and gives the verdicts.
 *
 * @module
 */
import { errorInfo } from "../model/error_info.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { Sla, SlaClass } from "../plugins/sla.ts";
import type { SlaRef } from "../model/task_spec.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { ResilienceEvent, WindowRef, WindowVerdict } from "../model/resilience.ts";
import type { SlaResult } from "../model/sla_result.ts";
import { WindowScoped } from "./window_scoped.ts";

/**
 * Checks one workload's SLA, as Rally's `SLAChecker` does. Built from the
 * workload's `sla` plugin references (validated args); every criterion sees
 * every iteration, in completion order, and, in a workload with hooks, the
 * resilience figures as they are decided. A criterion scoped to windows
 * (`"during"`) is named `name (during kind)`. Besides the criteria, the results
 * can carry Rally's extra failed entries: `aborted_on_sla` when the load was
 * stopped because a criterion failed, `aborted_manually` when it was
 * interrupted, and `something_went_wrong` on an unexpected error.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins } from "@brunt/brunt";
 * import { SlaChecker } from "./sla_checker.ts";
 * const checker = new SlaChecker(
 *   [{ name: "failure_rate", args: { max: 0 }, raw: { max: 0 } }],
 *   defaultPlugins(),
 * );
 * const ok = checker.addIteration({
 *   timestamp: 0, duration: 0.1, idle_duration: 0, error: [],
 *   output: { additive: [], complete: [] }, atomic_actions: [],
 * });
 * assert.equal(ok, true);
 * assert.deepEqual(checker.results(), [{
 *   criterion: "failure_rate", success: true,
 *   detail: "Failure rate criteria 0.00% <= 0.00% <= 0.00% - Passed",
 * }]);
 * ```
 */
export class SlaChecker {
  #names: string[];
  #byDefault: boolean[];
  #criteria: Sla[];
  // Criteria that merge the figures of shares of a split load, and those that must see every record.
  #mergeable: boolean[];
  #abortedOnSla = false;
  #abortedManually = false;
  #unexpectedFailure: string | undefined;

  /**
   * Builds one criterion per reference, in configuration order.
   *
   * @param refs The workload's `sla` entries; each name must be an SLA plugin of `plugins`.
   * @param plugins The registry the criteria come from.
   * @throws Error naming the unknown criterion when one is not registered.
   */
  constructor(refs: readonly SlaRef[], plugins: PluginRegistry) {
    this.#names = refs.map((ref) => criterionName(ref));
    this.#byDefault = refs.map((ref) => ref.byDefault === true);
    this.#criteria = refs.map((ref) => {
      const Criterion = plugins.get<SlaClass>("sla", ref.name).impl;
      return ref.window === undefined
        ? new Criterion(ref.args)
        : new WindowScoped(ref.window, Criterion, ref.args);
    });
    this.#mergeable = this.#criteria.map((c) => !!c.state && !!c.mergeState);
  }

  /**
   * Feeds one iteration to every criterion (or, for a load split over
   * workers, only to those that merge their figures, as a worker does, or
   * only to those that do not, as the coordinator does).
   *
   * @param record The iteration.
   * @param window Where the resilience analysis counted it (workloads with hooks).
   * @returns false when any criterion fails with this iteration taken into account
   * (the engine stops the load on that with `--abort-on-sla-failure`).
   */
  addIteration(
    record: IterationRecord,
    window?: WindowRef,
    which: "all" | "mergeable" | "unmergeable" = "all",
  ): boolean {
    const criteria = this.#criteria;
    let ok = true;
    // No short-circuit: every criterion must see every iteration, also after
    // one of them threw (a plugin bug, which fails the SLA, not the load).
    for (let i = 0; i < criteria.length; i++) {
      if (which !== "all" && this.#mergeable[i] !== (which === "mergeable")) continue;
      try {
        if (!criteria[i].addIteration(record, window)) ok = false;
      } catch (e) {
        ok = false;
        this.#threw(i, e);
      }
    }
    return ok && this.#unexpectedFailure === undefined;
  }

  /**
   * Passes figures of the resilience analysis, as they are decided, to every
   * criterion.
   *
   * @returns false when any criterion fails with them taken into account.
   */
  addResilience(event: ResilienceEvent): boolean {
    const criteria = this.#criteria;
    let ok = true;
    for (let i = 0; i < criteria.length; i++) {
      try {
        if (!criteria[i].addResilience(event)) ok = false;
      } catch (e) {
        ok = false;
        this.#threw(i, e);
      }
    }
    return ok && this.#unexpectedFailure === undefined;
  }

  /** The verdicts on each window (by number; 0 is the baseline), criterion by criterion. */
  windowVerdicts(): Map<number, WindowVerdict[]> {
    const byWindow = new Map<number, WindowVerdict[]>();
    this.#criteria.forEach((sla, i) => {
      for (const [index, success] of sla.windowVerdicts()) {
        const list = byWindow.get(index) ?? [];
        list.push({ criterion: this.#names[i], success });
        byWindow.set(index, list);
      }
    });
    return byWindow;
  }

  #threw(i: number, e: unknown): void {
    if (this.#unexpectedFailure === undefined) {
      this.setUnexpectedFailure(`SLA criterion "${this.#names[i]}" threw: ${errorInfo(e)[1]}`);
    }
  }

  /**
   * Whether some criterion must see every record where the verdict is given
   * (it does not merge the figures of shares of a split load).
   */
  get needsRecords(): boolean {
    return this.#mergeable.includes(false);
  }

  /**
   * The figures of the criteria that merge them (see `Sla.state`), in
   * configuration order; null for the others.
   */
  states(): unknown[] {
    return this.#criteria.map((c, i) => (this.#mergeable[i] ? c.state!() : null));
  }

  /** Adds the figures of another checker of the same criteria (its {@linkcode states}). */
  mergeStates(states: readonly unknown[]): void {
    this.#criteria.forEach((c, i) => {
      if (!this.#mergeable[i]) return;
      try {
        c.mergeState!(states[i]);
      } catch (e) {
        this.#threw(i, e);
      }
    });
  }

  /**
   * Whether every criterion (or every one that merges figures, or every one
   * that does not) holds over what it has seen and merged.
   */
  holds(which: "all" | "mergeable" | "unmergeable" = "all"): boolean {
    return this.#criteria.every((c, i) =>
      which !== "all" && this.#mergeable[i] !== (which === "mergeable") || c.success()
    ) && this.#unexpectedFailure === undefined;
  }

  /** Records that the load was stopped because a criterion failed. */
  setAbortedOnSla(): void {
    this.#abortedOnSla = true;
  }

  /** Records that the load was interrupted (a signal or an abort request). */
  setAbortedManually(): void {
    this.#abortedManually = true;
  }

  /** Records an unexpected error that ended the workload. */
  setUnexpectedFailure(error: unknown): void {
    this.#unexpectedFailure = typeof error === "string" ? error : errorInfo(error)[1];
  }

  /** Whether {@linkcode SlaChecker.setAbortedOnSla} was called. */
  get abortedOnSla(): boolean {
    return this.#abortedOnSla;
  }

  /**
   * The verdicts: one per criterion in configuration order (Rally's default
   * criterion marked `default: true`), then
   * `aborted_on_sla`, `aborted_manually` and `something_went_wrong` (each
   * failed) when they apply.
   */
  results(): SlaResult[] {
    const results: SlaResult[] = this.#criteria.map((sla, i) => ({
      criterion: this.#names[i],
      success: sla.success(),
      detail: sla.detail(),
      ...(this.#byDefault[i] ? { default: true as const } : {}),
    }));
    if (this.#abortedOnSla) {
      results.push({
        criterion: "aborted_on_sla",
        success: false,
        detail: "Task was aborted due to SLA failure(s).",
      });
    }
    if (this.#abortedManually) {
      results.push({
        criterion: "aborted_manually",
        success: false,
        detail: "Task was aborted due to abort signal.",
      });
    }
    if (this.#unexpectedFailure !== undefined) {
      results.push({
        criterion: "something_went_wrong",
        success: false,
        detail: `Unexpected error: ${this.#unexpectedFailure}`,
      });
    }
    return results;
  }

  /** Whether every entry of {@linkcode SlaChecker.results} passed (the workload's `pass_sla`). */
  passed(): boolean {
    if (this.#abortedOnSla || this.#abortedManually || this.#unexpectedFailure !== undefined) {
      return false;
    }
    return this.#criteria.every((sla) => sla.success());
  }
}

/** The name a criterion's verdict carries: its plugin name, and the windows it is scoped to. */
export function criterionName(ref: SlaRef): string {
  return ref.window === undefined ? ref.name : `${ref.name} (during ${ref.window})`;
}
