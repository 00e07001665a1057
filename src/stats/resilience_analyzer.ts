/**
 * The resilience analysis of one workload, streaming: iterations as they
 * complete and hook runs as they start and end cut the load into a
 * baseline and windows, each with its figures, and measure the recovery
 * after each fault.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import type {
  BaselineFigures,
  FaultRole,
  ResilienceEvent,
  ResilienceResult,
  ResilienceSettings,
  SpanFigures,
  WindowFigures,
  WindowKind,
  WindowRef,
} from "../model/resilience.ts";
import type { TriggerUnit } from "../model/hook_result.ts";
import { RecoveryTracker } from "./recovery_tracker.ts";
import { WINDOW_STEPS } from "./resilience_settings.ts";
import { WindowAccumulator } from "./window_accumulator.ts";

/** Windows given figures at most; later hook runs cut none (they are counted). */
export const MAX_WINDOWS = 500;

/** What a {@linkcode ResilienceAnalyzer} needs. */
export interface ResilienceAnalyzerOptions {
  /** The resolved settings. */
  settings: ResilienceSettings;
  /** What each configured hook does (by hook index); undefined: it does not say. */
  faults: readonly (FaultRole | undefined)[];
  /**
   * Windows given figures at most.
   * @default {500}
   */
  maxWindows?: number;
}

interface RunMark {
  role: FaultRole | undefined;
  startUs: number;
  acc: WindowAccumulator | undefined;
}

interface Tracking {
  tracker: RecoveryTracker;
  acc: WindowAccumulator;
}

// Before the load starts, every iteration takes the slow path, which starts it.
const NOT_STARTED = new WindowAccumulator({ index: 0, kind: "warmup", fromUs: Infinity });

/**
 * Cuts a workload's timeline into a baseline and windows and gives each its
 * figures, as iterations and hook runs stream in, in bounded memory (no
 * iteration is kept).
 *
 * - Every time is an iteration's **end** (`timestamp + duration`): what
 *   the service's users saw when. Iterations complete in that order, so
 *   each figure is final once the load has moved past it. Times are kept
 *   in integer microseconds, so edges compare exactly.
 * - The **warm-up** is the load's first `warmup` seconds; the **baseline**
 *   runs from its end to the first hook run's start. When that run starts
 *   earlier, the baseline is every iteration before it and is marked
 *   incomplete.
 * - Each hook run's start opens a **window** that lasts until the next
 *   run's start or the load's end. Its kind: `fault` for an `on` or
 *   `pulse` hook, or for a hook that says nothing while a fault is active;
 *   `recovery` for an `off` hook; `hook` otherwise.
 * - A fault is active from an `on` run's start until an `off` run that
 *   started after it has finished, and while a `pulse` run runs. When the
 *   finish of an `off` or `pulse` run leaves no fault active, recovery is
 *   measured from that finish (see {@linkcode RecoveryTracker}); a fault
 *   starting before it is decided interrupts it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ResilienceAnalyzer } from "./resilience_analyzer.ts";
 * import { resolveResilienceSettings } from "./resilience_settings.ts";
 * const analyzer = new ResilienceAnalyzer({
 *   settings: resolveResilienceSettings({ warmup: 0 }),
 *   faults: ["pulse"],
 * });
 * analyzer.loadStarted(0);
 * const record = (start: number, duration: number, failed = false) => ({
 *   timestamp: start, duration, idle_duration: 0, output: { additive: [], complete: [] },
 *   atomic_actions: [], error: failed ? ["E", "down", ""] as [string, string, string] : [] as [],
 * });
 * for (let t = 0; t < 10; t += 0.5) analyzer.add(record(t, 0.5));
 * analyzer.runStarted(0, 1, { event_type: "time", value: 10 }, 10_000);
 * analyzer.add(record(10, 0.5, true));
 * analyzer.runEnded(1, 10.5);
 * analyzer.finish();
 * const [window] = analyzer.result()!.windows;
 * assert.equal(window.kind, "fault");
 * assert.deepEqual(window.impact, { seconds: 0.5, by: "failure" });
 * assert.equal(window.recovery?.status, "not_recovered");
 * ```
 */
export class ResilienceAnalyzer {
  readonly #settings: ResilienceSettings;
  readonly #faults: readonly (FaultRole | undefined)[];
  readonly #maxWindows: number;
  readonly #runCounts: number[];
  #loadStartUs: number | undefined;
  #current: WindowAccumulator = NOT_STARTED;
  // Once the baseline is entered (or cut short), nothing compares against it.
  #warmupEndUs = Infinity;
  #warmup: WindowAccumulator | undefined;
  #baseline: WindowAccumulator | undefined;
  #baselineComplete = true;
  #baselineClosed = false;
  /** The warm-up, the baseline and the windows, in time order. */
  readonly #spans: WindowAccumulator[] = [];
  readonly #windows: WindowAccumulator[] = [];
  #dropped = 0;
  #lastEndUs = -Infinity;
  #lastFailed = false;
  #lastSuccessUs: number | undefined;
  #lastFailureUs = 0;
  #lastFailureAcc: WindowAccumulator | undefined;
  // An iteration longer than this is an impact; a recovery's slow limit and failure limit.
  #impactSeconds = Infinity;
  #recoverySeconds = Infinity;
  #recoveryFailurePercent = 0;
  readonly #runs = new Map<number, RunMark>();
  #switchedOn = false;
  #onSinceUs = -Infinity;
  #pulses = 0;
  #tracking: Tracking[] = [];
  #finished = false;
  #listener: ((event: ResilienceEvent) => void) | undefined;

  /** An analyzer for one workload. */
  constructor(options: ResilienceAnalyzerOptions) {
    this.#settings = options.settings;
    this.#faults = options.faults;
    this.#maxWindows = options.maxWindows ?? MAX_WINDOWS;
    this.#runCounts = options.faults.map(() => 0);
  }

  /** Hears figures as they are decided (one listener; the SLA criteria's). */
  listen(listener: (event: ResilienceEvent) => void): void {
    this.#listener = listener;
  }

  /** The load started at `atMs` (its first iteration's start, epoch ms). */
  loadStarted(atMs: number): void {
    if (this.#loadStartUs !== undefined) return;
    const at = Math.round(atMs * 1000);
    this.#loadStartUs = at;
    this.#warmup = new WindowAccumulator({ index: 0, kind: "warmup", fromUs: at });
    this.#spans.push(this.#warmup);
    this.#current = this.#warmup;
    this.#warmupEndUs = at + Math.round(this.#settings.warmup * 1e6);
  }

  /**
   * Counts one completed iteration (the load's hot path: a few comparisons
   * and one histogram update) and returns the window it was counted in.
   */
  add(record: IterationRecord): WindowRef {
    const duration = record.duration;
    const endUs = Math.round((record.timestamp + duration) * 1e6);
    let acc = this.#current;
    if (endUs < acc.fromUs) return this.#addLate(record, endUs);
    if (endUs >= this.#warmupEndUs) acc = this.#enterBaseline();
    acc.add(duration);
    if (endUs > this.#lastEndUs) this.#lastEndUs = endUs;
    const failed = record.error.length !== 0;
    if (failed) this.#failure(acc, endUs);
    else {
      if (this.#lastFailed) this.#endFailing(acc, endUs);
      this.#lastSuccessUs = endUs;
    }
    if (acc.watchImpact && (failed || duration > this.#impactSeconds)) {
      acc.impactUs = endUs;
      acc.impactByFailure = failed;
      acc.watchImpact = false;
    }
    if (this.#tracking.length) this.#track(endUs, duration, failed);
    return acc;
  }

  /**
   * A hook run started at `atMs` (epoch ms, the run's own `started_at`):
   * it opens a window, and changes the fault's state as its hook says.
   */
  runStarted(
    hookIndex: number,
    seq: number,
    triggeredBy: { event_type: TriggerUnit; value: number },
    atMs: number,
  ): void {
    if (this.#finished) return;
    if (this.#loadStartUs === undefined) this.loadStarted(atMs);
    const at = Math.round(atMs * 1000);
    const role = this.#faults[hookIndex];
    const run = this.#runCounts[hookIndex]++;
    if (role === "on") {
      this.#switchedOn = true;
      this.#onSinceUs = at;
    } else if (role === "pulse") this.#pulses++;
    if (role === "on" || role === "pulse") this.#interruptRecoveries();
    const kind: WindowKind = role === "off"
      ? "recovery"
      : role || this.#faultActive
      ? "fault"
      : "hook";
    if (this.#windows.length >= this.#maxWindows) {
      this.#dropped++;
      this.#runs.set(seq, { role, startUs: at, acc: undefined });
      return;
    }
    this.#closeBaseline(at);
    const acc = new WindowAccumulator({
      index: this.#windows.length + 1,
      kind,
      fromUs: at,
      hook: hookIndex,
      run,
      trigger: triggeredBy,
      fault: role,
      watchImpact: kind !== "recovery",
    });
    const previous = this.#current;
    if (this.#lastFailed && previous.failingSinceUs !== undefined) {
      previous.failingUs += Math.max(0, at - previous.failingSinceUs);
      previous.failingSinceUs = undefined;
      acc.failingSinceUs = at;
    }
    this.#spans.push(acc);
    this.#windows.push(acc);
    this.#current = acc;
    this.#runs.set(seq, { role, startUs: at, acc });
    if (previous.index > 0) {
      previous.toUs = at;
      this.#emit(() => ({ type: "window_closed", window: this.#windowFigures(previous) }));
    }
  }

  /**
   * A hook run ended at `finishedAt` (epoch seconds, its own
   * `finished_at`). The end of an `off` or `pulse` run that leaves no fault
   * active starts measuring the recovery.
   */
  runEnded(seq: number, finishedAt: number): void {
    const run = this.#runs.get(seq);
    if (!run) return;
    this.#runs.delete(seq);
    const at = Math.round(finishedAt * 1e6);
    if (run.acc) run.acc.runFinishedUs = at;
    if (this.#finished) return;
    if (run.role === "off") {
      // An `on` run that started after this `off` run keeps the fault on.
      if (!(this.#switchedOn && this.#onSinceUs > run.startUs)) this.#switchedOn = false;
    } else if (run.role === "pulse") this.#pulses--;
    else return;
    if (!this.#faultActive && run.acc) this.#startRecovery(run.acc, at);
  }

  /**
   * The load ended: closes the baseline and the last window at the last
   * iteration's end, and decides every recovery still pending as not
   * recovered (and those of runs still going as well).
   */
  finish(): void {
    if (this.#finished || this.#loadStartUs === undefined) {
      this.#finished = true;
      return;
    }
    this.#finished = true;
    const end = Math.max(this.#lastEndUs, this.#current.fromUs);
    this.#closeBaseline(end);
    const last = this.#current;
    if (last.index > 0) {
      last.toUs = end;
      this.#emit(() => ({ type: "window_closed", window: this.#windowFigures(last) }));
    }
    for (const { acc } of this.#tracking) {
      acc.recovery = { ...acc.recovery!, status: "not_recovered" };
      this.#emit(() => ({ type: "recovery_decided", window: this.#windowFigures(acc) }));
    }
    this.#tracking = [];
    for (const run of this.#runs.values()) {
      if (!run.acc || (run.role !== "off" && run.role !== "pulse")) continue;
      const acc = run.acc;
      acc.recovery = { fromUs: null, status: "not_recovered" };
      this.#emit(() => ({ type: "recovery_decided", window: this.#windowFigures(acc) }));
    }
  }

  /** The figures so far (final after {@linkcode finish}); undefined before the load started. */
  result(): ResilienceResult | undefined {
    if (this.#loadStartUs === undefined) return undefined;
    return {
      settings: this.#settings,
      baseline: this.#baselineFigures(),
      windows: this.#windows.map((w) => this.#windowFigures(w)),
      windows_dropped: this.#dropped,
    };
  }

  get #faultActive(): boolean {
    return this.#switchedOn || this.#pulses > 0;
  }

  #enterBaseline(): WindowAccumulator {
    this.#warmupEndUs = Infinity;
    const baseline = new WindowAccumulator({
      index: 0,
      kind: "baseline",
      fromUs: this.#current.fromUs + Math.round(this.#settings.warmup * 1e6),
    });
    this.#baseline = baseline;
    this.#spans.push(baseline);
    // A failing span open at the warm-up's end goes on in the baseline.
    const warmup = this.#current;
    if (warmup.failingSinceUs !== undefined) {
      warmup.failingUs += Math.max(0, baseline.fromUs - warmup.failingSinceUs);
      warmup.failingSinceUs = undefined;
      baseline.failingSinceUs = baseline.fromUs;
    }
    this.#current = baseline;
    return baseline;
  }

  #closeBaseline(atUs: number): void {
    if (this.#baselineClosed) return;
    this.#baselineClosed = true;
    if (!this.#baseline) {
      if (atUs >= this.#warmupEndUs) this.#enterBaseline();
      else {
        // The first run came before the warm-up ended: the baseline is what there is.
        this.#baseline = this.#warmup!;
        this.#baselineComplete = false;
      }
    }
    this.#warmupEndUs = Infinity;
    const baseline = this.#baseline!;
    baseline.toUs = atUs;
    const [p95, p99] = baseline.durations.quantiles([0.95, 0.99]);
    const n = baseline.count;
    const s = this.#settings;
    this.#impactSeconds = p99 === null ? Infinity : p99 * s.impact_factor;
    this.#recoverySeconds = p95 === null ? Infinity : p95 * (1 + s.latency_margin);
    this.#recoveryFailurePercent = (n ? baseline.failures * 100 / n : 0) + s.failure_margin;
    this.#emit(() => ({ type: "baseline_closed", baseline: this.#baselineFigures() }));
  }

  // Records arrive in completion order from one load; from the segments of a
  // split load, in the order they report (a report interval apart at most),
  // so edges take the earliest and latest, and spans never go negative.
  #failure(acc: WindowAccumulator, endUs: number): void {
    acc.failures++;
    if (acc.firstFailureUs === undefined || endUs < acc.firstFailureUs) {
      const first = acc.firstFailureUs === undefined;
      acc.firstFailureUs = endUs;
      if (first && this.#lastSuccessUs !== undefined) {
        acc.gapBeforeUs = Math.max(0, endUs - this.#lastSuccessUs);
      }
    }
    if (acc.lastFailureUs === undefined || endUs > acc.lastFailureUs) acc.lastFailureUs = endUs;
    if (!this.#lastFailed) {
      this.#lastFailed = true;
      acc.failingSinceUs = endUs;
    }
    this.#lastFailureUs = endUs;
    this.#lastFailureAcc = acc;
  }

  #endFailing(acc: WindowAccumulator, endUs: number): void {
    this.#lastFailed = false;
    if (acc.failingSinceUs !== undefined) {
      acc.failingUs += Math.max(0, endUs - acc.failingSinceUs);
      acc.failingSinceUs = undefined;
    }
    this.#lastFailureAcc!.gapAfterUs = Math.max(0, endUs - this.#lastFailureUs);
  }

  // An iteration that ended before the current window's start (it completed
  // as a hook run started): counted where its end falls, without moving the
  // failing span or the impact, which follow completion order.
  #addLate(record: IterationRecord, endUs: number): WindowRef {
    if (this.#loadStartUs === undefined) {
      this.loadStarted(record.timestamp * 1000);
      return this.add(record);
    }
    const spans = this.#spans;
    let lo = 0;
    let hi = spans.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (spans[mid].fromUs <= endUs) lo = mid + 1;
      else hi = mid;
    }
    const acc = spans[Math.max(0, lo - 1)];
    acc.add(record.duration);
    if (record.error.length !== 0) {
      acc.failures++;
      if (acc.firstFailureUs === undefined || endUs < acc.firstFailureUs) {
        acc.firstFailureUs = endUs;
      }
      if (acc.lastFailureUs === undefined || endUs > acc.lastFailureUs) acc.lastFailureUs = endUs;
    }
    if (this.#tracking.length) this.#track(endUs, record.duration, record.error.length !== 0);
    return acc;
  }

  #startRecovery(acc: WindowAccumulator, fromUs: number): void {
    const s = this.#settings;
    const stepUs = Math.max(1, Math.round(s.step * 1e6));
    const tracker = new RecoveryTracker({
      fromUs,
      stepUs,
      steps: WINDOW_STEPS,
      holdSteps: Math.round((s.hold * 1e6) / stepUs),
      slowSeconds: this.#recoverySeconds,
      maxFailurePercent: this.#recoveryFailurePercent,
    });
    acc.recovery = { fromUs, status: "pending" };
    if (this.#listener) {
      tracker.onPending = (atLeastUs) =>
        this.#listener?.({
          type: "recovery_pending",
          window: acc.index,
          kind: acc.kind as WindowKind,
          atLeast: atLeastUs / 1e6,
        });
    }
    this.#tracking.push({ tracker, acc });
  }

  #track(endUs: number, duration: number, failed: boolean): void {
    let settled = false;
    for (const t of this.#tracking) {
      t.tracker.add(endUs, duration, failed);
      const state = t.tracker.state;
      if (state.status === "recovered") {
        t.acc.recovery = { ...t.acc.recovery!, status: "recovered", afterUs: state.afterUs };
        settled = true;
        this.#emit(() => ({ type: "recovery_decided", window: this.#windowFigures(t.acc) }));
      }
    }
    if (settled) {
      this.#tracking = this.#tracking.filter((t) => t.acc.recovery!.status === "pending");
    }
  }

  #interruptRecoveries(): void {
    for (const { acc } of this.#tracking) {
      acc.recovery = { ...acc.recovery!, status: "interrupted" };
      this.#emit(() => ({ type: "recovery_decided", window: this.#windowFigures(acc) }));
    }
    this.#tracking = [];
  }

  #emit(event: () => ResilienceEvent): void {
    if (this.#listener) this.#listener(event());
  }

  #seconds(us: number): number {
    return (us - this.#loadStartUs!) / 1e6;
  }

  #endOf(acc: WindowAccumulator): number {
    return acc.toUs ?? Math.max(acc.fromUs, this.#lastEndUs);
  }

  #spanFigures(acc: WindowAccumulator, toUs: number): SpanFigures {
    const n = acc.count;
    const [p50, p95, p99] = acc.durations.quantiles([0.5, 0.95, 0.99]);
    const length = (toUs - acc.fromUs) / 1e6;
    return {
      from: this.#seconds(acc.fromUs),
      to: this.#seconds(toUs),
      iterations: n,
      failures: acc.failures,
      failure_rate: n ? (acc.failures * 100) / n : null,
      throughput: length > 0 ? n / length : null,
      mean: acc.durations.mean,
      p50,
      p95,
      p99,
    };
  }

  #baselineFigures(): BaselineFigures {
    const acc = this.#baseline ??
      new WindowAccumulator({ index: 0, kind: "baseline", fromUs: this.#warmupEndUsOrStart() });
    const to = acc.toUs ?? Math.max(acc.fromUs, this.#lastEndUs);
    return {
      ...this.#spanFigures(acc, to),
      stddev: acc.stddev(),
      complete: this.#baselineComplete,
    };
  }

  // The baseline's start while it has not begun (still in the warm-up).
  #warmupEndUsOrStart(): number {
    return this.#warmup!.fromUs + Math.round(this.#settings.warmup * 1e6);
  }

  #windowFigures(acc: WindowAccumulator): WindowFigures {
    const to = this.#endOf(acc);
    const span = this.#spanFigures(acc, to);
    const base = this.#baseline;
    const baseMean = base?.durations.mean ?? null;
    const baseP95 = base && base.count ? base.durations.quantile(0.95) : null;
    const id = acc.identity;
    const length = to - acc.fromUs;
    const gaps = [acc.gapBeforeUs, acc.gapAfterUs].filter((g): g is number => g !== undefined);
    const recovery = acc.recovery;
    return {
      index: acc.index,
      kind: acc.kind as WindowKind,
      hook: id.hook!,
      run: id.run!,
      trigger: id.trigger!,
      fault: id.fault ?? null,
      ...span,
      run_finished: acc.runFinishedUs === undefined ? null : this.#seconds(acc.runFinishedUs),
      impact: acc.impactUs === undefined ? null : {
        seconds: (acc.impactUs - acc.fromUs) / 1e6,
        by: acc.impactByFailure ? "failure" : "latency",
      },
      downtime: acc.firstFailureUs === undefined ? null : {
        seconds: (acc.lastFailureUs! - acc.firstFailureUs) / 1e6,
        first: this.#seconds(acc.firstFailureUs),
        last: this.#seconds(acc.lastFailureUs!),
        share: length > 0 ? Math.min(1, Math.max(0, acc.failingTimeUs(to) / length)) : 0,
        precision: gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length / 1e6 : null,
      },
      degradation: span.mean === null || span.p95 === null || baseMean === null ||
          baseP95 === null
        ? null
        : {
          mean_absolute: span.mean - baseMean,
          mean_relative: baseMean > 0 ? span.mean / baseMean : null,
          p95_absolute: span.p95 - baseP95,
          p95_relative: baseP95 > 0 ? span.p95 / baseP95 : null,
        },
      recovery: recovery === undefined ? null : {
        from: recovery.fromUs === null ? null : this.#seconds(recovery.fromUs),
        status: recovery.status,
        seconds: recovery.afterUs === undefined ? null : recovery.afterUs / 1e6,
        at: recovery.afterUs === undefined || recovery.fromUs === null
          ? null
          : this.#seconds(recovery.fromUs + recovery.afterUs),
      },
      sla: [],
    };
  }
}
