/**
 * What the dashboard shows, kept for the whole run: each workload's
 * per-second points, hook runs and totals. A page that connects (or
 * reloads) gets all of it at once; then each batch's changes.
 *
 * @module
 */
import { DurationHistogram } from "../../stats/duration_histogram.ts";
import type { LiveBatch, LiveTask, LiveWindow, LiveWorkloadInfo } from "../live_batch.ts";

/** Most hook runs kept (and drawn) per workload. */
export const MAX_RUNS_DRAWN = 1000;

/** One second of one workload, as the charts draw it. */
export interface DashboardPoint {
  /** Seconds since the load started (the end of the window). */
  t: number;
  /** Iterations recorded per second. */
  rate: number;
  /** Of them, failed per second. */
  failedRate: number;
  /** Median duration of the window's iterations, seconds; null when none. */
  p50: number | null;
  /** 95th percentile, seconds; null when none. */
  p95: number | null;
  /** 99th percentile, seconds; null when none. */
  p99: number | null;
  /** Iterations in flight at the end of the window. */
  inFlight: number;
  /** Failed iterations per second by error type (only types seen in the window). */
  failures: Record<string, number>;
}

/** A hook run as the dashboard draws it. */
export interface DashboardHookRun {
  /** Firing order within the workload. */
  seq: number;
  /** The hook's place in the configuration. */
  hookIndex: number;
  /** The trigger point: `time 10`, `iteration 500`. */
  trigger: string;
  /** Start, seconds since the load started. */
  from: number;
  /** End, seconds since the load started; null while it runs. */
  to: number | null;
  /** `running`, `success` or `failed`. */
  status: "running" | "success" | "failed";
  /** The error of a failed run: `etype: msg`. */
  error?: string;
}

/** One workload on the dashboard. */
export interface DashboardWorkload {
  /** Its names and plan. */
  info: LiveWorkloadInfo;
  /** When its load started, epoch seconds; null before. */
  loadStart: number | null;
  /** Every second so far. */
  points: DashboardPoint[];
  /** Its hook runs, by firing order (the first {@linkcode MAX_RUNS_DRAWN}). */
  runs: DashboardHookRun[];
  /** Runs left out past {@linkcode MAX_RUNS_DRAWN}. */
  runsNotDrawn: number;
  /** Totals so far. */
  totals: { completed: number; failed: number; failures: Record<string, number> };
  /** How it ended, once it has. */
  end: { status: string; pass_sla: boolean } | null;
}

/** How the run ended, for the page's closing banner. */
export interface DashboardEnd {
  /** The task's status. */
  status: string;
  /** Whether every SLA criterion passed. */
  pass_sla: boolean;
  /** Whether `/report` serves the HTML report. */
  report: boolean;
  /** The HTML report file written, if `--html` was given. */
  htmlFile?: string;
}

/** Everything a page needs on connecting. */
export interface DashboardSnapshot {
  /** The task. */
  task: LiveTask;
  /** Its workloads, in start order. */
  workloads: DashboardWorkload[];
  /** How the run ended; null while it runs. */
  end: DashboardEnd | null;
}

/** What one batch changed, by workload: new workloads, new points, changed runs, new ends. */
export interface DashboardUpdate {
  /** The task (its id is known from the first batch on). */
  task: LiveTask;
  /** Per workload that changed. */
  workloads: {
    uuid: string;
    info?: LiveWorkloadInfo;
    loadStart?: number | null;
    points: DashboardPoint[];
    /** Runs that started or ended. */
    runs: DashboardHookRun[];
    runsNotDrawn?: number;
    totals?: DashboardWorkload["totals"];
    end?: DashboardWorkload["end"];
  }[];
}

/**
 * The dashboard's state: {@linkcode DashboardHistory.take} folds a live
 * batch in and returns what it changed (to send to connected pages);
 * {@linkcode DashboardHistory.snapshot} is everything so far (for a page
 * that connects). Memory grows by one point a second per running
 * workload.
 */
export class DashboardHistory {
  #task: LiveTask = { title: "", uuid: "" };
  readonly #workloads = new Map<string, DashboardWorkload>();
  #end: DashboardEnd | null = null;

  /** Folds `batch` in; returns the changes. */
  take(batch: LiveBatch): DashboardUpdate {
    this.#task = batch.task;
    const changes = new Map<string, DashboardUpdate["workloads"][0]>();
    const changed = (uuid: string) => {
      let c = changes.get(uuid);
      if (!c) changes.set(uuid, c = { uuid, points: [], runs: [] });
      return c;
    };
    const runChanged = (uuid: string, run: DashboardHookRun) => {
      const c = changed(uuid);
      if (!c.runs.includes(run)) c.runs.push(run);
    };
    for (const info of batch.started) {
      this.#workloads.set(info.uuid, {
        info,
        loadStart: null,
        points: [],
        runs: [],
        runsNotDrawn: 0,
        totals: { completed: 0, failed: 0, failures: {} },
        end: null,
      });
      changed(info.uuid).info = info;
    }
    for (const window of batch.windows) {
      const w = this.#workloads.get(window.uuid);
      if (!w) continue;
      const c = changed(window.uuid);
      if (w.loadStart === null && window.loadStart !== undefined) {
        w.loadStart = c.loadStart = window.loadStart;
      }
      w.totals = c.totals = {
        completed: window.total.completed,
        failed: window.total.failed,
        failures: window.total.failures,
      };
      if (w.loadStart === null) continue;
      const point = pointOf(window, w.loadStart);
      w.points.push(point);
      c.points.push(point);
    }
    for (const event of batch.hookRuns) {
      const w = this.#workloads.get(event.workloadUuid);
      if (!w) continue;
      const start = w.loadStart ?? event.run.started_at;
      if (event.type === "started") {
        const { run } = event;
        if (w.runs.length >= MAX_RUNS_DRAWN) {
          w.runsNotDrawn = changed(event.workloadUuid).runsNotDrawn = w.runsNotDrawn + 1;
          continue;
        }
        const drawn: DashboardHookRun = {
          seq: event.seq,
          hookIndex: event.hookIndex,
          trigger: `${run.triggered_by.event_type} ${run.triggered_by.value}`,
          from: run.started_at - start,
          to: null,
          status: "running",
        };
        w.runs.push(drawn);
        runChanged(event.workloadUuid, drawn);
      } else {
        // Runs end mostly in start order: look from the end.
        const run = w.runs.findLast((r) => r.seq === event.seq);
        if (!run) continue;
        run.to = Math.max(run.from, event.run.finished_at - start);
        run.status = event.run.status;
        if (event.run.error) run.error = `${event.run.error.etype}: ${event.run.error.msg}`;
        runChanged(event.workloadUuid, run);
      }
    }
    for (const end of batch.finished) {
      const w = this.#workloads.get(end.uuid);
      if (!w) continue;
      w.end = changed(end.uuid).end = { status: end.status, pass_sla: end.pass_sla };
    }
    return { task: this.#task, workloads: [...changes.values()] };
  }

  /** Notes how the run ended. */
  finish(end: DashboardEnd): void {
    this.#end = end;
  }

  /** Everything so far. */
  snapshot(): DashboardSnapshot {
    return { task: this.#task, workloads: [...this.#workloads.values()], end: this.#end };
  }
}

function pointOf(window: LiveWindow, loadStart: number): DashboardPoint {
  const seconds = Math.max(1e-3, window.to - window.from);
  const [p50, p95, p99] = DurationHistogram.fromCounts(window.window.durations)
    .quantiles([0.5, 0.95, 0.99]);
  const failures: Record<string, number> = {};
  for (const [etype, n] of Object.entries(window.window.failures)) failures[etype] = n / seconds;
  return {
    t: window.to - loadStart,
    rate: window.window.completed / seconds,
    failedRate: window.window.failed / seconds,
    p50,
    p95,
    p99,
    inFlight: Math.max(0, window.started - window.total.completed),
    failures,
  };
}
