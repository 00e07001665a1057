/**
 * The resilience analysis of a workload: its timeline cut into windows by
 * its hook runs (a baseline before the first, then one window per run), the
 * figures of each window against the baseline, and when the load recovered
 * after each fault. The data every layer shares: task settings, the figures
 * in the results document, and the events the SLA criteria hear.
 *
 * @module
 */
import type { TriggerUnit } from "./hook_result.ts";

/**
 * What a hook does to the service, as its entry's `fault` says: `on` starts
 * a fault that lasts until a run of an `off` hook has finished; `pulse` is a
 * fault that lasts as long as its own run (a restart, a kill).
 */
export type FaultRole = "on" | "off" | "pulse";

/** Every {@linkcode FaultRole}, in the order messages list them. */
export const FAULT_ROLES: readonly FaultRole[] = ["on", "off", "pulse"];

/**
 * What a window is: `fault` when its run starts a fault (`on`, `pulse`) or
 * runs while one is active; `recovery` when its run ends one (`off`);
 * `hook` for a run of a hook that says nothing while no fault is active.
 */
export type WindowKind = "fault" | "recovery" | "hook";

/** The windows an SLA criterion can be scoped to (`"during": {kind: {…}}`). */
export type WindowScope = "baseline" | WindowKind;

/** Every {@linkcode WindowScope}, in the order messages list them. */
export const WINDOW_SCOPES: readonly WindowScope[] = ["baseline", "fault", "recovery", "hook"];

/** A workload's `resilience` settings as the task file may give them (seconds, ratios). */
export interface ResilienceConfig {
  /**
   * Seconds at the load's start left out of the baseline.
   * @default {1} (10 % of the runner's planned seconds when that is shorter)
   */
  warmup?: number;
  /**
   * Length in seconds of the sliding window that tells when the load has recovered.
   * @default {1}
   */
  window?: number;
  /**
   * Seconds the sliding window must stay within the margins for the load to count as recovered.
   * @default {1}
   */
  hold?: number;
  /**
   * How much slower than the baseline's p95 (relative) a window's p95 may be and still count as recovered.
   * @default {0.5}
   */
  latency_margin?: number;
  /**
   * How many percentage points above the baseline's failure rate a window's may be and still count as recovered.
   * @default {1}
   */
  failure_margin?: number;
  /**
   * An iteration slower than the baseline's p99 times this is an impact.
   * @default {2}
   */
  impact_factor?: number;
}

/** The settings an analysis ran with, every one resolved (as the results report them). */
export interface ResilienceSettings {
  /** Seconds at the load's start left out of the baseline. */
  warmup: number;
  /** Length of the sliding window, seconds. */
  window: number;
  /** How far the sliding window moves at a time: a tenth of its length, seconds. */
  step: number;
  /** Seconds the sliding window must stay within the margins. */
  hold: number;
  /** Relative margin over the baseline's p95. */
  latency_margin: number;
  /** Percentage points over the baseline's failure rate. */
  failure_margin: number;
  /** Factor over the baseline's p99 that makes an iteration an impact. */
  impact_factor: number;
}

/** Figures of the iterations that completed in one stretch of the load. */
export interface SpanFigures {
  /** Start, seconds since the load's start. */
  from: number;
  /** End (exclusive), seconds since the load's start. */
  to: number;
  /** Iterations that completed in it. */
  iterations: number;
  /** Of those, how many failed. */
  failures: number;
  /** Failed share in percent; null when no iteration completed in it. */
  failure_rate: number | null;
  /** Iterations per second: `iterations / (to − from)`; null when it has no length. */
  throughput: number | null;
  /** Mean duration, seconds; null when none. */
  mean: number | null;
  /** Median duration, seconds; null when none. */
  p50: number | null;
  /** 95th percentile duration, seconds; null when none. */
  p95: number | null;
  /** 99th percentile duration, seconds; null when none. */
  p99: number | null;
}

/** The baseline: the load before the first hook run, warm-up left out. */
export interface BaselineFigures extends SpanFigures {
  /** Standard deviation of the durations (population), seconds; null when none. */
  stddev: number | null;
  /**
   * False when the first hook run started before the warm-up ended: the
   * baseline is then every iteration before that run, warm-up included.
   */
  complete: boolean;
}

/** When the first iteration after a window's start showed the fault. */
export interface ImpactFigures {
  /** Seconds from the window's start to the end of that iteration. */
  seconds: number;
  /** `failure`: it failed; `latency`: it took longer than the baseline's p99 × the impact factor. */
  by: "failure" | "latency";
}

/** Failed iterations in a window. */
export interface DowntimeFigures {
  /** Seconds from the end of the window's first failed iteration to the end of its last one. */
  seconds: number;
  /** End of the first failed iteration, seconds since the load's start. */
  first: number;
  /** End of the last failed iteration, seconds since the load's start. */
  last: number;
  /**
   * Share of the window's time (0…1) during which the iteration completed
   * last had failed.
   */
  share: number;
  /**
   * How exactly the edges are known: the mean of the gap from the last
   * success before the first failure to it, and from the last failure to
   * the next success; null when neither exists.
   */
  precision: number | null;
}

/** Durations in a window against the baseline's. */
export interface DegradationFigures {
  /** Mean duration minus the baseline's, seconds. */
  mean_absolute: number;
  /** Mean duration divided by the baseline's; null when the baseline's is 0. */
  mean_relative: number | null;
  /** p95 duration minus the baseline's, seconds. */
  p95_absolute: number;
  /** p95 duration divided by the baseline's; null when the baseline's is 0. */
  p95_relative: number | null;
}

/** How a recovery measurement ended. */
export type RecoveryStatus = "pending" | "recovered" | "not_recovered" | "interrupted";

/** The recovery after the fault a window's run ended. */
export interface RecoveryFigures {
  /** The fault's end (the run's finish), seconds since the load's start; null when it had not ended by the load's end. */
  from: number | null;
  /**
   * `recovered`; `not_recovered`: the load ended first; `interrupted`: another
   * fault started first; `pending` only while the load runs.
   */
  status: RecoveryStatus;
  /** Seconds from the fault's end to the recovery; null unless recovered. */
  seconds: number | null;
  /** The recovery, seconds since the load's start; null unless recovered. */
  at: number | null;
}

/** A window's verdict by one SLA criterion that judged it. */
export interface WindowVerdict {
  /** The criterion, as in the SLA results. */
  criterion: string;
  /** Whether the window passed it. */
  success: boolean;
}

/** One window: from a hook run's start to the next one's (or the load's end). */
export interface WindowFigures extends SpanFigures {
  /** 1-based number of the window in the workload. */
  index: number;
  /** What the window is. */
  kind: WindowKind;
  /** Index of the hook whose run opened it, in the workload's `hooks`. */
  hook: number;
  /** Index of that run in the hook's `results`. */
  run: number;
  /** What fired that run. */
  trigger: { event_type: TriggerUnit; value: number };
  /** What the hook does, when its entry says. */
  fault: FaultRole | null;
  /** When that run finished, seconds since the load's start; null when it had not by the load's end. */
  run_finished: number | null;
  /** Time to impact; null when no iteration showed one (or for a `recovery` window). */
  impact: ImpactFigures | null;
  /** Failures; null when none failed. */
  downtime: DowntimeFigures | null;
  /** Against the baseline; null without baseline or iterations. */
  degradation: DegradationFigures | null;
  /** For the window of a run that ended a fault (`off`, `pulse`). */
  recovery: RecoveryFigures | null;
  /** Verdicts of the SLA criteria that judged this window. */
  sla: WindowVerdict[];
}

/** The resilience analysis in a workload's results. */
export interface ResilienceResult {
  /** The settings it ran with. */
  settings: ResilienceSettings;
  /** The baseline. */
  baseline: BaselineFigures;
  /** The windows, in time order. */
  windows: WindowFigures[];
  /** Hook runs that cut no window because there were already too many (500). */
  windows_dropped: number;
}

/** The window an iteration was counted in, as an SLA criterion sees it. */
export interface WindowRef {
  /** 1-based window number; 0 for the baseline and the warm-up. */
  readonly index: number;
  /** The window's kind, or `baseline` / `warmup`. */
  readonly kind: WindowKind | "baseline" | "warmup";
  /** Seconds from the first to the last failed iteration so far; null when none. */
  readonly downtimeSoFar: number | null;
}

/**
 * What the analysis tells the SLA criteria as figures are decided: the
 * baseline's figures once the first hook run starts (or the load ends); a
 * window's once the next window starts (or the load ends); a recovery when
 * it is decided; while it is not, how long it has taken at least.
 */
export type ResilienceEvent =
  | { type: "baseline_closed"; baseline: BaselineFigures }
  | { type: "window_closed"; window: WindowFigures }
  | { type: "recovery_decided"; window: WindowFigures }
  | { type: "recovery_pending"; window: number; kind: WindowKind; atLeast: number };
