/**
 * The defaults of a workload's `resilience` settings, and resolving them.
 *
 * @module
 */
import type { ResilienceConfig, ResilienceSettings } from "../model/resilience.ts";

/** Warm-up left out of the baseline at most, seconds. */
export const DEFAULT_WARMUP_SECONDS = 1;
/** The warm-up's share of a planned load duration, when that is shorter. */
export const DEFAULT_WARMUP_SHARE = 0.1;
/** Length of the sliding window that tells recovery, seconds. */
export const DEFAULT_WINDOW_SECONDS = 1;
/** Steps the sliding window moves per length. */
export const WINDOW_STEPS = 10;
/** Seconds the sliding window must stay within the margins. */
export const DEFAULT_HOLD_SECONDS = 1;
/** Relative margin over the baseline's p95. */
export const DEFAULT_LATENCY_MARGIN = 0.5;
/** Percentage points over the baseline's failure rate. */
export const DEFAULT_FAILURE_MARGIN = 1;
/** An iteration slower than the baseline's p99 times this is an impact. */
export const DEFAULT_IMPACT_FACTOR = 2;

/**
 * The settings an analysis runs with: those `config` gives, the defaults for
 * the rest. The warm-up defaults to 1 s, or to 10 % of `plannedSeconds`
 * (what the runner plans, when it plans a duration) when that is shorter.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { resolveResilienceSettings } from "./resilience_settings.ts";
 * const settings = resolveResilienceSettings({ hold: 2 }, 6);
 * assert.equal(settings.warmup, 0.6);
 * assert.equal(settings.hold, 2);
 * assert.equal(settings.step, 0.1);
 * ```
 */
export function resolveResilienceSettings(
  config: ResilienceConfig | undefined,
  plannedSeconds?: number,
): ResilienceSettings {
  const c = config ?? {};
  const planned = plannedSeconds !== undefined && plannedSeconds > 0
    ? Math.round(plannedSeconds * DEFAULT_WARMUP_SHARE * 1e6) / 1e6 // to the µs, as every time
    : Infinity;
  const window = c.window ?? DEFAULT_WINDOW_SECONDS;
  return {
    warmup: c.warmup ?? Math.min(DEFAULT_WARMUP_SECONDS, planned),
    window,
    step: window / WINDOW_STEPS,
    hold: c.hold ?? DEFAULT_HOLD_SECONDS,
    latency_margin: c.latency_margin ?? DEFAULT_LATENCY_MARGIN,
    failure_margin: c.failure_margin ?? DEFAULT_FAILURE_MARGIN,
    impact_factor: c.impact_factor ?? DEFAULT_IMPACT_FACTOR,
  };
}
