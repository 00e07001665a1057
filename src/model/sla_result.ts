/**
 * The verdict of one SLA criterion.
 *
 * @module
 */

/** The verdict of one criterion. */
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
