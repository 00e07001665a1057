/**
 * Schema pieces and bounds shared by the built-in runners: Rally's runner
 * args, with upper bounds that keep out values that can only be mistakes.
 *
 * @module
 */
import type { ArgsProblem } from "../model/plugin_registry.ts";

/** Most iterations a runner counts: beyond 2^53 − 1 counts are no longer exact. */
export const MAX_TIMES = Number.MAX_SAFE_INTEGER;

/**
 * Most iterations in flight at once: each holds its own state (1,000,000 at
 * once take about 4 GB), so more than this cannot run in one process.
 */
export const MAX_CONCURRENCY = 1_000_000;

/** Longest iteration timeout, seconds: the longest timer a host sets (2^31 − 1 ms, 24.8 days). */
export const MAX_TIMEOUT_S = 2_147_483;

/**
 * An iteration's timeout, as in Rally's `constant` and `rps`: 0 means none.
 * brunt's default is 600 s (Rally's is none), so a hung iteration cannot
 * hold its slot, and the run, forever.
 */
export const TIMEOUT_SCHEMA = {
  type: "number",
  minimum: 0,
  maximum: MAX_TIMEOUT_S,
  default: 600,
  description: "Seconds one iteration may take before it fails with TimeoutError; 0: no timeout.",
} as const;

/** How many iterations run at once. */
export const CONCURRENCY_SCHEMA = {
  type: "integer",
  minimum: 1,
  maximum: MAX_CONCURRENCY,
  default: 1,
  description: "How many iterations run at the same time.",
} as const;

/** How many iterations to run. */
export const TIMES_SCHEMA = {
  type: "integer",
  minimum: 1,
  maximum: MAX_TIMES,
  default: 1,
  description: "Total number of iterations.",
} as const;

/**
 * Rally's `max_cpu_count` (how many processes Rally spreads the load over):
 * accepted where Rally accepts it, so Rally's task files run unchanged; the
 * workload's load runs in that many worker threads, up to the cores (unless
 * `run --workers` says otherwise).
 */
export const MAX_CPU_COUNT_SCHEMA = {
  type: "integer",
  minimum: 1,
  description: "Rally's number of load processes: the load runs in that many worker " +
    "threads, up to the cores (run --workers overrides it).",
} as const;

/**
 * The args' numbers that are not finite (YAML's `.nan`, which every bound
 * lets through), each at its place: no runner can count or time with them.
 */
export function nonFiniteNumbers(args: unknown, path: (string | number)[] = []): ArgsProblem[] {
  if (typeof args === "number") {
    return Number.isFinite(args)
      ? []
      : [{ path, message: `must be a finite number; got ${String(args)}` }];
  }
  if (args === null || typeof args !== "object") return [];
  return Object.entries(args).flatMap(([key, value]) =>
    nonFiniteNumbers(value, [...path, Array.isArray(args) ? Number(key) : key])
  );
}
