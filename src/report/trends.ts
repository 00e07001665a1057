/**
 * Trends: the same workloads across several runs, side by side, with the
 * changes from one run to the next marked as better or worse.
 *
 * @module
 */
import type {
  TaskResult,
  TaskStatus,
  WorkloadResult,
  WorkloadStatus,
} from "../model/results_document.ts";
import type { HookResult } from "../model/hook_result.ts";
import type { ResilienceResult } from "../model/resilience.ts";
import { hookName } from "./hook_tables.ts";

/** One run (task) in the trends, in start order. */
export interface TrendRun {
  /** The task's id. */
  uuid: string;
  /** Its title. */
  title: string;
  /** Start, ISO 8601. */
  createdAt: string;
  /** Its status. */
  status: TaskStatus;
  /** Whether every workload passed its SLA. */
  passSla: boolean;
}

/** Outcomes of one configured hook in one run. */
export interface TrendHook {
  /** `#index action (description)`. */
  label: string;
  /** Runs fired. */
  fired: number;
  /** Runs that succeeded. */
  success: number;
  /** Runs that failed. */
  failed: number;
}

/** The figures compared from run to run; durations in seconds, the failure rate in percent. */
export type TrendMetric = "median" | "p90" | "p95" | "max" | "avg" | "failureRate";

/**
 * What a run's faults did, for a workload with hooks: over its windows, the
 * longest recovery, the longest downtime and the worst degradation.
 */
export interface TrendResilience {
  /** The longest recovery, seconds; null when none was measured. */
  recoveryTime: number | null;
  /** Faults the load did not recover from before it ended. */
  notRecovered: number;
  /** The longest first-to-last failure span of a window, seconds (0 when none failed). */
  downtime: number;
  /** The highest mean duration of a fault window over the baseline's; null when none was measured. */
  degradation: number | null;
}

/** The resilience figures compared from run to run. */
export type ResilienceTrendMetric = "recoveryTime" | "downtime" | "degradation";

/**
 * The resilience metrics, in the order tables show them.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RESILIENCE_TREND_METRICS } from "@brunt/brunt/report";
 * assert.deepEqual(RESILIENCE_TREND_METRICS, ["recoveryTime", "downtime", "degradation"]);
 * ```
 */
export const RESILIENCE_TREND_METRICS: readonly ResilienceTrendMetric[] = [
  "recoveryTime",
  "downtime",
  "degradation",
];

/** How a figure moved since the previous run that had the workload. */
export type TrendChange = "worse" | "better";

/** One workload in one run. */
export interface TrendPoint {
  /** The workload's id. */
  workloadUuid: string;
  /** Its status. */
  status: WorkloadStatus;
  /** Iterations run. */
  iterations: number;
  /** Iterations that failed. */
  failed: number;
  /** Figures per metric; null when nothing was measured. */
  values: Record<TrendMetric, number | null>;
  /** Shortest iteration, seconds. */
  min: number | null;
  /** Whether the workload passed its SLA. */
  passSla: boolean;
  /** Hook outcomes, in configuration order. */
  hooks: TrendHook[];
  /** What its faults did; null for a workload without the analysis (no hooks). */
  resilience: TrendResilience | null;
  /** The metrics that moved beyond the tolerance since the previous run. */
  changes: Partial<
    Record<TrendMetric | ResilienceTrendMetric | "passSla" | "hookFailures", TrendChange>
  >;
}

/** One workload (in one configuration) followed across the runs. */
export interface WorkloadTrend {
  /**
   * What matches it across runs: scenario name and its occurrence in the
   * task (`Dummy.dummy#1`), and, when that workload ran with different
   * configurations, which one (`Dummy.dummy#1@2`).
   */
  key: string;
  /** A heading for people: subtask title and scenario (of the newest run that had it). */
  label: string;
  /**
   * When the same workload ran with other configurations too: what sets
   * this one apart (`runner.constant_for_duration.duration = 30`); empty
   * when it ran with one.
   */
  config: string;
  /** How many configurations the workload ran with in these runs (1 when always the same). */
  variants: number;
  /** One entry per run, null where the run has no such workload. */
  points: (TrendPoint | null)[];
}

/** Trends of several runs. */
export interface Trends {
  /** The runs, in start order. */
  runs: TrendRun[];
  /** The workloads, in the order they first appear. */
  workloads: WorkloadTrend[];
  /** The relative change of a duration counted as a change (0.1 = 10 %). */
  tolerance: number;
}

/** Options of {@linkcode buildTrends}. */
export interface TrendsOptions {
  /**
   * The relative change of a duration figure that counts as worse or better.
   * @default {0.1}
   */
  tolerance?: number;
  /**
   * The change of the failure rate, in percentage points, that counts.
   * @default {1}
   */
  failureRatePoints?: number;
  /**
   * The smallest change of a duration that counts, in seconds, so that
   * jitter of sub-millisecond iterations is not flagged.
   * @default {0.001}
   */
  minSeconds?: number;
}

/** The metrics, in the order tables show them. */
export const TREND_METRICS: readonly TrendMetric[] = [
  "median",
  "p90",
  "p95",
  "max",
  "avg",
  "failureRate",
];

/**
 * Lines up the workloads of `tasks` (sorted by start time): a workload is
 * the same across runs when its scenario name and its occurrence among
 * workloads of that scenario in the task are the same, and it ran with the
 * same configuration (scenario args, runner and its args, hooks); runs of
 * it with another configuration make a trend of their own, which says
 * what differs. Each run's figures are compared with the previous run
 * that had the workload in that configuration: a duration up
 * by more than the tolerance (and by at least `minSeconds`), a failure
 * rate up by more than the given points, an SLA that stopped passing or
 * more failed hook runs is `worse`; so is a longer recovery or downtime
 * (by the same rule as durations), a recovery that no longer happens, or
 * a degradation up by more than the tolerance. The opposite moves are
 * `better`.
 *
 * @example
 * ```ts ignore
 * const trends = buildTrends(doc.tasks);
 * trends.workloads[0].points[1]?.changes.p95; // "worse" when p95 rose by more than 10 %
 * ```
 */
export function buildTrends(tasks: readonly TaskResult[], options: TrendsOptions = {}): Trends {
  const tolerance = options.tolerance ?? 0.1;
  const limits = {
    tolerance,
    ratePoints: options.failureRatePoints ?? 1,
    minSeconds: options.minSeconds ?? 0.001,
  };
  const ordered = [...tasks].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at));
  // Slot (scenario and occurrence) → configuration (fingerprint) → the trend.
  const slots = new Map<string, Map<string, { trend: WorkloadTrend; settings: Settings }>>();
  ordered.forEach((task, run) => {
    const seen = new Map<string, number>();
    for (const subtask of task.subtasks) {
      for (const workload of subtask.workloads) {
        const scenario = Object.keys(workload.scenario)[0] ?? "?";
        const n = seen.get(scenario) ?? 0;
        seen.set(scenario, n + 1);
        const slot = `${scenario}#${n}`;
        const settings = settingsOf(workload);
        const fingerprint = JSON.stringify([...settings]);
        const variants = slots.get(slot) ?? new Map();
        slots.set(slot, variants);
        let entry = variants.get(fingerprint);
        if (!entry) {
          const trend: WorkloadTrend = {
            key: slot,
            label: "",
            config: "",
            variants: 1,
            points: ordered.map(() => null),
          };
          entry = { trend, settings };
          variants.set(fingerprint, entry);
        }
        entry.trend.label = subtask.title && subtask.title !== scenario
          ? `${subtask.title} (${scenario})`
          : n > 0
          ? `${scenario} #${n + 1}`
          : scenario;
        entry.trend.points[run] = pointOf(workload);
      }
    }
  });
  const workloads: WorkloadTrend[] = [];
  for (const [slot, variants] of slots) {
    const entries = [...variants.values()];
    entries.forEach(({ trend, settings }, i) => {
      if (entries.length > 1) {
        trend.key = `${slot}@${i + 1}`;
        trend.variants = entries.length;
        trend.config = distinctSettings(settings, entries.map((e) => e.settings));
      }
      workloads.push(trend);
    });
  }
  for (const trend of workloads) {
    let previous: TrendPoint | null = null;
    for (const point of trend.points) {
      if (!point) continue;
      if (previous) point.changes = compare(previous, point, limits);
      previous = point;
    }
  }
  return {
    runs: ordered.map((t) => ({
      uuid: t.uuid,
      title: t.title,
      createdAt: t.created_at,
      status: t.status,
      passSla: t.pass_sla,
    })),
    workloads,
    tolerance,
  };
}

/** A workload's configuration as flat `path → JSON value` settings, in a stable order. */
type Settings = Map<string, string>;

function settingsOf(w: WorkloadResult): Settings {
  const settings: Settings = new Map();
  const walk = (path: string, value: unknown) => {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const keys = Object.keys(value).sort();
      if (!keys.length) settings.set(path, "{}");
      for (const k of keys) walk(`${path}.${k}`, (value as Record<string, unknown>)[k]);
    } else settings.set(path, JSON.stringify(value ?? null));
  };
  walk("scenario", w.scenario);
  walk("runner", w.runner);
  w.hooks.forEach((h, i) => walk(`hooks[${i}]`, h.config));
  return settings;
}

// The settings of `mine` whose values are not the same in every configuration.
function distinctSettings(mine: Settings, all: Settings[]): string {
  const paths = new Set(all.flatMap((s) => [...s.keys()]));
  const differ = [...paths].filter((p) => new Set(all.map((s) => s.get(p) ?? "—")).size > 1);
  const shown = differ.slice(0, 6).map((p) => `${p} = ${mine.get(p) ?? "(none)"}`);
  return shown.join(", ") + (differ.length > shown.length ? ", …" : "");
}

function pointOf(workload: WorkloadResult): TrendPoint {
  const data = workload.statistics.durations.total.data;
  const total = workload.total_iteration_count;
  return {
    workloadUuid: workload.uuid,
    status: workload.status,
    iterations: total,
    failed: workload.failed_iteration_count,
    values: {
      median: data.median,
      p90: data["90%ile"],
      p95: data["95%ile"],
      max: data.max,
      avg: data.avg,
      failureRate: total > 0 ? (100 * workload.failed_iteration_count) / total : null,
    },
    min: data.min,
    passSla: workload.pass_sla,
    hooks: workload.hooks.map(hookOutcome),
    resilience: workload.resilience ? resilienceOf(workload.resilience) : null,
    changes: {},
  };
}

function resilienceOf(analysis: ResilienceResult): TrendResilience {
  let recoveryTime: number | null = null;
  let notRecovered = 0;
  let downtime = 0;
  let degradation: number | null = null;
  for (const w of analysis.windows) {
    if (w.recovery?.status === "recovered") {
      recoveryTime = Math.max(recoveryTime ?? 0, w.recovery.seconds!);
    } else if (w.recovery?.status === "not_recovered") notRecovered++;
    downtime = Math.max(downtime, w.downtime?.seconds ?? 0);
    const relative = w.kind === "fault" ? w.degradation?.mean_relative : null;
    if (relative !== null && relative !== undefined) {
      degradation = Math.max(degradation ?? 0, relative);
    }
  }
  return { recoveryTime, notRecovered, downtime, degradation };
}

function hookOutcome(hook: HookResult, index: number): TrendHook {
  return {
    label: hookName(hook.config, index),
    fired: hook.results.length,
    success: hook.summary.success ?? 0,
    failed: hook.summary.failed ?? 0,
  };
}

function compare(
  before: TrendPoint,
  after: TrendPoint,
  limits: { tolerance: number; ratePoints: number; minSeconds: number },
): TrendPoint["changes"] {
  const changes: TrendPoint["changes"] = {};
  for (const metric of TREND_METRICS) {
    const [a, b] = [before.values[metric], after.values[metric]];
    if (a === null || b === null) continue;
    const threshold = metric === "failureRate"
      ? limits.ratePoints
      : Math.max(limits.minSeconds, a * limits.tolerance);
    if (b - a > threshold) changes[metric] = "worse";
    else if (a - b > threshold) changes[metric] = "better";
  }
  if (before.passSla && !after.passSla) changes.passSla = "worse";
  if (!before.passSla && after.passSla) changes.passSla = "better";
  const failures = (p: TrendPoint) => p.hooks.reduce((n, h) => n + h.failed, 0);
  if (failures(after) > failures(before)) changes.hookFailures = "worse";
  if (failures(after) < failures(before)) changes.hookFailures = "better";
  if (before.resilience && after.resilience) {
    Object.assign(changes, compareResilience(before.resilience, after.resilience, limits));
  }
  return changes;
}

function compareResilience(
  a: TrendResilience,
  b: TrendResilience,
  limits: { tolerance: number; minSeconds: number },
): TrendPoint["changes"] {
  const changes: TrendPoint["changes"] = {};
  const seconds = (x: number) => Math.max(limits.minSeconds, x * limits.tolerance);
  const move = (metric: ResilienceTrendMetric, x: number | null, y: number | null, by: number) => {
    if (x === null || y === null) return;
    if (y - x > by) changes[metric] = "worse";
    else if (x - y > by) changes[metric] = "better";
  };
  // A fault the load no longer recovers from is worse than any recovery time.
  if (b.notRecovered > a.notRecovered) changes.recoveryTime = "worse";
  else if (b.notRecovered < a.notRecovered) changes.recoveryTime = "better";
  else {
    move("recoveryTime", a.recoveryTime, b.recoveryTime, seconds(a.recoveryTime ?? 0));
  }
  move("downtime", a.downtime, b.downtime, seconds(a.downtime));
  move("degradation", a.degradation, b.degradation, (a.degradation ?? 0) * limits.tolerance);
  return changes;
}
