/**
 * Live progress of running workloads: one updating line on a terminal, a
 * plain line every few seconds otherwise, nothing when quiet.
 *
 * @module
 */
import type { WorkloadResult } from "../model/results_document.ts";
import type { ProgressSink, WorkloadProgress } from "../model/progress.ts";

/** Options of {@linkcode ProgressLine}. */
export interface ProgressLineOptions {
  /** Where lines go. */
  write: (text: string) => void;
  /** Whether `write` goes to a terminal (then one line is redrawn in place). */
  tty: boolean;
  /**
   * Real milliseconds between updates.
   * @default 200 on a terminal, 5000 otherwise
   */
  everyMs?: number;
  /** Real time in ms, for rates and ETA. @default performance.now */
  now?: () => number;
}

/** Prints live progress of the running workloads. */
export class ProgressLine implements ProgressSink {
  readonly #o: Required<ProgressLineOptions>;
  readonly #running = new Map<
    string,
    { p: WorkloadProgress; t0: number; last: [number, number] }
  >();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #drawn = false;

  /** Builds a progress printer. */
  constructor(options: ProgressLineOptions) {
    this.#o = {
      everyMs: options.tty ? 200 : 5000,
      now: () => performance.now(),
      ...options,
    };
  }

  /** Starts showing a workload. */
  workloadStarted(progress: WorkloadProgress): void {
    const t0 = this.#o.now();
    this.#running.set(progress.uuid, { p: progress, t0, last: [t0, 0] });
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.#draw(), this.#o.everyMs);
      Deno.unrefTimer(this.#timer as unknown as number);
    }
  }

  /** Stops showing a workload. */
  workloadFinished(result: WorkloadResult): void {
    this.#running.delete(result.uuid);
    this.#clear();
    if (!this.#running.size) this.stop();
  }

  /** Stops the updates and clears the line. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#clear();
  }

  /** The progress text of one workload, as drawn. */
  describe(entry: { p: WorkloadProgress; t0: number; last: [number, number] }): string {
    const { p } = entry;
    const now = this.#o.now();
    const done = p.completed();
    const [lastT, lastDone] = entry.last;
    const rate = now > lastT ? ((done - lastDone) * 1000) / (now - lastT) : 0;
    entry.last = [now, done];
    const elapsed = (now - entry.t0) / 1000;
    const plan = p.plan;
    let amount = `${done}`;
    let eta = "";
    if (plan.iterations) {
      amount += `/${plan.iterations} it`;
      if (rate > 0) eta = `, ETA ${fmtSeconds((plan.iterations - done) / rate)}`;
    } else if (plan.seconds) {
      amount += ` it, ${fmtSeconds(elapsed)}/${fmtSeconds(plan.seconds)}`;
      eta = `, ETA ${fmtSeconds(Math.max(0, plan.seconds - elapsed))}`;
    } else amount += " it";
    const hooks = p.hookRuns();
    const hookText = p.spec.hooks.length
      ? `, hooks ${hooks.fired} fired${hooks.failed ? ` (${hooks.failed} failed)` : ""}`
      : "";
    return `${p.spec.scenario.name}: ${amount}, ${
      rate.toFixed(0)
    }/s, ${p.failed()} failed${hookText}${eta}`;
  }

  #draw(): void {
    const lines = [...this.#running.values()].map((e) => this.describe(e));
    if (!lines.length) return;
    const text = lines.join(" | ");
    if (this.#o.tty) {
      const width = Deno.stderr.isTerminal() ? Deno.consoleSize().columns - 1 : 200;
      this.#o.write(`\r\x1b[2K${text.slice(0, width)}`);
      this.#drawn = true;
    } else this.#o.write(text + "\n");
  }

  #clear(): void {
    if (this.#drawn) this.#o.write("\r\x1b[2K");
    this.#drawn = false;
  }
}

function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(0)}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}m${Math.round(s % 60)}s` : `${Math.floor(m / 60)}h${m % 60}m`;
}
