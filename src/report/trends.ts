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
  /** The metrics that moved beyond the tolerance since the previous run. */
  changes: Partial<Record<TrendMetric | "passSla" | "hookFailures", TrendChange>>;
}

/** One workload followed across the runs. */
export interface WorkloadTrend {
  /** What matches it across runs: scenario name and its occurrence in the task (`Dummy.dummy#1`). */
  key: string;
  /** A heading for people: subtask title and scenario. */
  label: string;
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
 * workloads of that scenario in the task are the same. Each run's figures
 * are compared with the previous run that had the workload: a duration up
 * by more than the tolerance (and by at least `minSeconds`), a failure
 * rate up by more than the given points, an SLA that stopped passing or
 * more failed hook runs is `worse`; the opposite moves are `better`.
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
  const byKey = new Map<string, WorkloadTrend>();
  ordered.forEach((task, run) => {
    const seen = new Map<string, number>();
    for (const subtask of task.subtasks) {
      for (const workload of subtask.workloads) {
        const scenario = Object.keys(workload.scenario)[0] ?? "?";
        const n = seen.get(scenario) ?? 0;
        seen.set(scenario, n + 1);
        const key = `${scenario}#${n}`;
        let trend = byKey.get(key);
        if (!trend) {
          trend = { key, label: "", points: ordered.map(() => null) };
          byKey.set(key, trend);
        }
        trend.label = subtask.title && subtask.title !== scenario
          ? `${subtask.title} (${scenario})`
          : n > 0
          ? `${scenario} #${n + 1}`
          : scenario;
        trend.points[run] = pointOf(workload);
      }
    }
  });
  for (const trend of byKey.values()) {
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
    workloads: [...byKey.values()],
    tolerance,
  };
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
    changes: {},
  };
}

function hookOutcome(hook: HookResult, index: number): TrendHook {
  const c = (hook.config ?? {}) as Record<string, unknown>;
  const action = typeof c.name === "string"
    ? c.name
    : Object.keys((c.action ?? {}) as object)[0] ?? "?";
  const description = typeof c.description === "string" ? ` (${c.description})` : "";
  return {
    label: `#${index} ${action}${description}`,
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
  return changes;
}
