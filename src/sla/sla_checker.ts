/**
 * The per-workload SLA checker: runs every configured criterion over the
 * iterations of one workload and gives the verdicts.
 *
 * @module
 */
import { errorInfo } from "../model/error_info.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { Sla, SlaClass } from "../plugins/sla.ts";
import type { PluginRef } from "../model/task_spec.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { SlaResult } from "../model/sla_result.ts";

/**
 * Checks one workload's SLA, as Rally's `SLAChecker` does. Built from the
 * workload's `sla` plugin references (validated args); every criterion sees
 * every iteration, in completion order. Besides the criteria, the results
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
  constructor(refs: readonly PluginRef[], plugins: PluginRegistry) {
    this.#names = refs.map((ref) => ref.name);
    this.#byDefault = refs.map((ref) => ref.byDefault === true);
    this.#criteria = refs.map((ref) => {
      const Criterion = plugins.get<SlaClass>("sla", ref.name).impl;
      return new Criterion(ref.args);
    });
  }

  /**
   * Feeds one iteration to every criterion.
   *
   * @returns false when any criterion fails with this iteration taken into account
   * (the engine stops the load on that with `--abort-on-sla-failure`).
   */
  addIteration(record: IterationRecord): boolean {
    const criteria = this.#criteria;
    let ok = true;
    // No short-circuit: every criterion must see every iteration, also after
    // one of them threw (a plugin bug, which fails the SLA, not the load).
    for (let i = 0; i < criteria.length; i++) {
      try {
        if (!criteria[i].addIteration(record)) ok = false;
      } catch (e) {
        ok = false;
        if (this.#unexpectedFailure === undefined) {
          this.setUnexpectedFailure(`SLA criterion "${this.#names[i]}" threw: ${errorInfo(e)[1]}`);
        }
      }
    }
    return ok && this.#unexpectedFailure === undefined;
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
