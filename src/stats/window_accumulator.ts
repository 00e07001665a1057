/**
 * The streaming figures of one stretch of a load (its warm-up, its baseline
 * or one window cut by a hook run), in bounded memory.
 *
 * @module
 */
import type { FaultRole, RecoveryStatus, WindowKind, WindowRef } from "../model/resilience.ts";
import { DurationHistogram } from "./duration_histogram.ts";

/** What a {@linkcode WindowAccumulator} is for. */
export interface WindowIdentity {
  /** 1-based window number; 0 for the warm-up and the baseline. */
  index: number;
  /** The window's kind, or `warmup` / `baseline`. */
  kind: WindowKind | "baseline" | "warmup";
  /** Start, epoch microseconds. */
  fromUs: number;
  /** The hook whose run opened it (windows only). */
  hook?: number;
  /** That run's index among the hook's runs. */
  run?: number;
  /** What fired that run. */
  trigger?: { event_type: "iteration" | "time"; value: number };
  /** What the hook does, when its entry says. */
  fault?: FaultRole;
  /** Whether the first failed (or slow) iteration is looked for. */
  watchImpact?: boolean;
}

/** Where the recovery after a window's fault stands. */
export interface RecoveryMark {
  /** The fault's end, epoch µs; null when it had not ended by the load's end. */
  fromUs: number | null;
  /** Where it stands. */
  status: RecoveryStatus;
  /** Microseconds from the fault's end to the recovery, once recovered. */
  afterUs?: number;
}

/**
 * Count, failures, durations (a {@linkcode DurationHistogram}: exact
 * quantiles up to 1,024 values, within 0.05 % past that), the spread, the
 * first and last failure and the failing time of the iterations that
 * completed in one stretch. Times are epoch microseconds (integers), so
 * window edges compare exactly.
 */
export class WindowAccumulator implements WindowRef {
  /** 1-based window number; 0 for the warm-up and the baseline. */
  readonly index: number;
  /** The window's kind, or `warmup` / `baseline`. */
  readonly kind: WindowKind | "baseline" | "warmup";
  /** Start, epoch µs. */
  readonly fromUs: number;
  /** End (exclusive), epoch µs, once closed. */
  toUs: number | undefined;
  /** The identity it was opened with. */
  readonly identity: WindowIdentity;
  /** Durations, seconds. */
  readonly durations: DurationHistogram = new DurationHistogram();
  /** Iterations that failed. */
  failures = 0;
  /** End of the first failed iteration, epoch µs. */
  firstFailureUs: number | undefined;
  /** End of the last failed iteration, epoch µs. */
  lastFailureUs: number | undefined;
  /** From the last success before the first failure to it, µs. */
  gapBeforeUs: number | undefined;
  /** From the last failure to the next success, µs. */
  gapAfterUs: number | undefined;
  /** Time during which the iteration completed last had failed, µs (spans closed so far). */
  failingUs = 0;
  /** Start of the failing span still open, epoch µs. */
  failingSinceUs: number | undefined;
  /** Whether the first failed or slow iteration is still looked for. */
  watchImpact: boolean;
  /** End of the first failed or slow iteration, epoch µs. */
  impactUs: number | undefined;
  /** Whether that iteration failed (else it was slow). */
  impactByFailure = false;
  /** When the run that opened it finished, epoch µs. */
  runFinishedUs: number | undefined;
  /** The recovery after the fault its run ended, when it ended one. */
  recovery: RecoveryMark | undefined;
  // Durations shifted by the first one: a variance without cancellation.
  #shift: number | undefined;
  #shiftedSum = 0;
  #shiftedSquares = 0;

  /** An empty accumulator. */
  constructor(identity: WindowIdentity) {
    this.identity = identity;
    this.index = identity.index;
    this.kind = identity.kind;
    this.fromUs = identity.fromUs;
    this.watchImpact = identity.watchImpact ?? false;
  }

  /** Iterations counted. */
  get count(): number {
    return this.durations.count;
  }

  /** Seconds from the first to the last failure so far; null when none. */
  get downtimeSoFar(): number | null {
    return this.firstFailureUs === undefined
      ? null
      : (this.lastFailureUs! - this.firstFailureUs) / 1e6;
  }

  /** Counts one iteration of `duration` seconds. */
  add(duration: number): void {
    this.durations.add(duration);
    const shift = this.#shift ??= duration;
    const d = duration - shift;
    this.#shiftedSum += d;
    this.#shiftedSquares += d * d;
  }

  /** Population standard deviation of the durations, seconds; null when none. */
  stddev(): number | null {
    const n = this.durations.count;
    if (n === 0) return null;
    const mean = this.#shiftedSum / n;
    return Math.sqrt(Math.max(0, this.#shiftedSquares / n - mean * mean));
  }

  /** Failing time up to `untilUs` (an open span counted up to there), µs. */
  failingTimeUs(untilUs: number): number {
    return this.failingUs +
      (this.failingSinceUs === undefined ? 0 : Math.max(0, untilUs - this.failingSinceUs));
  }
}
