/**
 * Schema pieces shared by the built-in runners.
 *
 * @module
 */

/** Seconds one iteration may take before it fails with TimeoutError (Rally's default: 600). */
export const TIMEOUT_SCHEMA = {
  type: "number",
  exclusiveMinimum: 0,
  default: 600,
  description: "Seconds one iteration may take before it fails with TimeoutError.",
} as const;

/** How many iterations run at once. */
export const CONCURRENCY_SCHEMA = {
  type: "integer",
  minimum: 1,
  default: 1,
  description: "How many iterations run at the same time.",
} as const;

/** How many iterations to run. */
export const TIMES_SCHEMA = {
  type: "integer",
  minimum: 1,
  default: 1,
  description: "Total number of iterations.",
} as const;
