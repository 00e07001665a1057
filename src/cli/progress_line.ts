/**
 * Live progress of running workloads: one updating line on a terminal, a
 * plain line every few seconds otherwise, nothing when quiet; and a line of
 * its own for each hook run and each workload as it ends. It runs on real
 * time by design, also when the task's clock is simulated: it is for the
 * person watching the run, and takes no part in it.
 *
 * @module
 */
import type { WorkloadResult } from "../model/results_document.ts";
import type { HookRunNotice, ProgressSink, WorkloadProgress } from "../model/progress.ts";
import { formatSeconds } from "../report/format_seconds.ts";
import { hookName } from "../report/hook_tables.ts";
import { rateText } from "../report/run_summary.ts";

/** Options of {@linkcode ProgressLine}. */
export interface ProgressLineOptions {
  /**
   * Where text goes. Off a terminal, each call is one line (without its
   * line break); on a terminal, text starts with `\r` and carries its own
   * line breaks.
   */
  write: (text: string) => void;
  /** Whether `write` goes to a terminal (then one line is redrawn in place). */
  tty: boolean;
  /**
   * The terminal's width, read at each redraw.
   * @default the width of the terminal stderr writes to, else 100
   */
  columns?: () => number;
  /**
   * Workloads in the task, for "workload i of N".
   * @default the number started so far
   */
  workloads?: number;
  /**
   * Real milliseconds between updates.
   * @default 200 on a terminal, 5000 otherwise
   */
  everyMs?: number;
  /**
   * Real milliseconds over which the rate is measured.
   * @default 3000
   */
  rateWindowMs?: number;
  /** Real time in ms, for rates and ETA. @default performance.now */
  now?: () => number;
}

/** A running workload as the line shows it. */
interface Running {
  p: WorkloadProgress;
  /** Its number in the task, from 1. */
  number: number;
  /** Real ms when it started. */
  t0: number;
  /** `[real ms, iterations done]`, oldest first, spanning the rate window. */
  samples: [number, number][];
}

/** Prints live progress of the running workloads. */
export class ProgressLine implements ProgressSink {
  readonly #o: Required<Omit<ProgressLineOptions, "workloads">> & { workloads?: number };
  readonly #running = new Map<string, Running>();
  #started = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  #drawn = false;

  /** Builds a progress printer. */
  constructor(options: ProgressLineOptions) {
    this.#o = {
      everyMs: options.tty ? 200 : 5000,
      rateWindowMs: 3000,
      now: () => performance.now(),
      columns: stderrColumns,
      ...options,
    };
  }

  /** Starts showing a workload. */
  workloadStarted(progress: WorkloadProgress): void {
    const t0 = this.#o.now();
    this.#running.set(progress.uuid, {
      p: progress,
      number: ++this.#started,
      t0,
      samples: [[t0, 0]],
    });
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => this.draw(), this.#o.everyMs);
      Deno.unrefTimer(this.#timer as unknown as number);
    }
  }

  /** Writes a line for the hook run that ended. */
  hookRunFinished(notice: HookRunNotice): void {
    const entry = this.#running.get(notice.workloadUuid);
    if (!entry) return;
    const { run, hookIndex } = notice;
    const hook = entry.p.spec.hooks[hookIndex];
    const unit = run.triggered_by.event_type === "time" ? " s" : "";
    const error = run.error ? `: ${run.error.etype}: ${run.error.msg}` : "";
    this.#permanent(
      `${this.#prefix(entry)}hook ${
        hookName(hook?.config, hookIndex)
      } at ${run.triggered_by.event_type} ${run.triggered_by.value}${unit}: ${run.status} in ${
        formatSeconds(run.finished_at - run.started_at, "units")
      }${error}`,
    );
  }

  /** Writes a line for the workload that ended and stops showing it. */
  workloadFinished(result: WorkloadResult): void {
    const entry = this.#running.get(result.uuid);
    this.#running.delete(result.uuid);
    if (entry) {
      const failed = result.failed_iteration_count;
      const sla = !result.sla_results.sla.length && result.pass_sla
        ? ""
        : `, SLA ${result.pass_sla ? "passed" : "FAILED"}`;
      this.#permanent(
        `${
          this.#prefix(entry)
        }${entry.p.spec.scenario.name} ${result.status}: ${result.total_iteration_count} iterations, ${failed} failed in ${
          formatSeconds(result.load_duration, "units")
        }${sla}`,
      );
    }
    if (!this.#running.size) this.stop();
  }

  /** Stops the updates and clears the line. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#clear();
  }

  /**
   * The progress text of each running workload as it would be drawn now;
   * each call is a sample of the rates.
   */
  lines(): string[] {
    return [...this.#running.values()].map((e) => this.#describe(e).join(" · "));
  }

  // The parts of a workload's line, most needed first: what and how far, rate, time
  // left, failures, durations, hooks.
  #describe(entry: Running): string[] {
    const { p } = entry;
    const now = this.#o.now();
    const done = p.completed();
    const samples = entry.samples;
    samples.push([now, done]);
    // Keep the newest sample at least a window old, so the rate spans the whole window.
    while (samples.length > 2 && samples[1][0] <= now - this.#o.rateWindowMs) samples.shift();
    const [t, n] = samples[0];
    const rate = now > t ? ((done - n) * 1000) / (now - t) : 0;
    const elapsed = (now - entry.t0) / 1000;
    const plan = p.plan;
    let fraction: number | undefined;
    let eta: number | undefined;
    let amount = `${done} it`;
    if (plan.iterations) {
      fraction = done / plan.iterations;
      amount = `${done}/${plan.iterations} it`;
      // The mean rate since the start: steadier than the window's for bursty loads.
      if (done > 0) eta = (plan.iterations - done) * elapsed / done;
    }
    if (plan.seconds) {
      const secondsFraction = Math.min(1, elapsed / plan.seconds);
      if (fraction === undefined || secondsFraction > fraction) {
        fraction = secondsFraction;
        eta = Math.max(0, plan.seconds - elapsed);
      }
    }
    const head = `${this.#prefix(entry)}${p.spec.scenario.name} ${
      fraction === undefined
        ? ""
        : `${this.#o.tty ? bar(fraction) + " " : ""}${Math.floor(fraction * 100)}% `
    }${amount}`;
    const parts = [head, rateText(rate)];
    if (eta !== undefined) parts.push(`ETA ${formatSeconds(Math.round(eta), "units")}`);
    parts.push(`${p.failed()} failed`);
    const [p50, p95] = p.durationQuantiles?.([0.5, 0.95]) ?? [null, null];
    if (p50 !== null && p95 !== null) {
      parts.push(`p50 ${formatSeconds(p50, "units")} p95 ${formatSeconds(p95, "units")}`);
    }
    if (p.spec.hooks.length) {
      const hooks = p.hookRuns();
      parts.push(`hooks ${hooks.fired} fired${hooks.failed ? ` (${hooks.failed} failed)` : ""}`);
    }
    return parts;
  }

  #prefix(entry: Running): string {
    const count = Math.max(this.#o.workloads ?? 0, this.#started);
    return count > 1 ? `[${entry.number}/${count}] ` : "";
  }

  /**
   * Draws the progress now, as the timer does every `everyMs`: on a
   * terminal one line, fitted to its width by leaving out the parts that
   * matter least; otherwise a line per running workload.
   */
  draw(): void {
    const described = [...this.#running.values()].map((e) => this.#describe(e));
    if (!described.length) return;
    if (!this.#o.tty) {
      for (const parts of described) this.#o.write(parts.join(" · "));
      return;
    }
    // One line: the parts that matter least go first when it is too wide.
    const width = Math.max(20, this.#o.columns() - 1);
    const each = Math.max(20, Math.floor((width - 3 * (described.length - 1)) / described.length));
    const text = described.map((parts) => {
      while (parts.length > 1 && [...parts.join(" · ")].length > each) parts.pop();
      return parts.join(" · ");
    }).join(" | ");
    this.#o.write(`\r\x1b[2K${[...text].slice(0, width).join("")}`);
    this.#drawn = true;
  }

  // A line that stays: above the redrawn one on a terminal.
  #permanent(text: string): void {
    if (this.#o.tty) {
      this.#o.write(`\r\x1b[2K${text}\n`);
      this.#drawn = false;
    } else this.#o.write(text);
  }

  #clear(): void {
    if (this.#drawn) this.#o.write("\r\x1b[2K");
    this.#drawn = false;
  }
}

const BAR_WIDTH = 20;

/** `fraction` as a bar of {@linkcode BAR_WIDTH} cells. */
function bar(fraction: number): string {
  const full = Math.max(0, Math.min(BAR_WIDTH, Math.round(fraction * BAR_WIDTH)));
  return "█".repeat(full) + "░".repeat(BAR_WIDTH - full);
}

function stderrColumns(): number {
  try {
    return Deno.stderr.isTerminal() ? Deno.consoleSize().columns : 100;
  } catch {
    return 100;
  }
}
