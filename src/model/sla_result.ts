/**
 * The verdict of one SLA criterion.
 *
 * @module
 */

/**
 * The verdict of one criterion.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, type SlaResult } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask(`Dummy.dummy:
 *   - args: {sleep: 2}
 *     runner: {type: serial, times: 3}
 *     sla: {max_seconds_per_iteration: 1.5, failure_rate: {max: 0}}`, "task.yaml");
 * const { sla_results } = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0];
 * const verdicts: SlaResult[] = sla_results.sla;
 * assert.deepEqual(verdicts.map((v) => [v.criterion, v.success]), [
 *   ["max_seconds_per_iteration", false],
 *   ["failure_rate", true],
 * ]);
 * assert.match(verdicts[0].detail, /- Failed$/);
 * ```
 */
export interface SlaResult {
  /** The criterion's plugin name. */
  criterion: string;
  /** Whether it passed. */
  success: boolean;
  /** What was measured against what, for people. */
  detail: string;
  /**
   * True for the criterion brunt adds, as Rally does, to a workload whose task
   * entry has no `sla` key: `failure_rate` with `max: 0`.
   */
  default?: true;
}
