/**
 * How a `brunt run` is stopped before its end: by Ctrl-C (SIGINT, SIGTERM)
 * in its own shell, by `brunt abort` from another, which writes a request
 * into the task's row of the history that the run polls, or by the live
 * dashboard's stop buttons.
 *
 * @module
 */
import type { AbortLevel } from "../store/abort_requests.ts";
import type { CliIo } from "./cli_io.ts";
import { removeUnfinishedFiles } from "../report/atomic_file.ts";
import { EXIT } from "./exit_codes.ts";

/** Options of {@linkcode RunStops}. */
export interface RunStopsOptions {
  /** Reads the abort request recorded for the running task, if any. */
  pollRequest?: () => AbortLevel | undefined;
  /**
   * Milliseconds between two reads of the request.
   * @default 200
   */
  pollEveryMs?: number;
}

/**
 * The three ways a run stops early, as abort signals for `runTask`:
 * `finish` (the running workloads run to their end, no other starts: `brunt
 * abort --soft`), `stop` (no new iterations; running ones and hook runs
 * finish: the first Ctrl-C, `brunt abort`), `cancel` (running ones are
 * cancelled too: the second Ctrl-C, a second `brunt abort`). While the
 * result files are written, a Ctrl-C waits for them; a second one quits.
 */
export class RunStops {
  /** Aborted to let the running workloads finish and start no other. */
  readonly finish: AbortController = new AbortController();
  /** Aborted to start no more iterations. */
  readonly stop: AbortController = new AbortController();
  /** Aborted to cancel running iterations and hook runs. */
  readonly cancel: AbortController = new AbortController();
  readonly #io: CliIo;
  readonly #options: RunStopsOptions;
  #cause: "signal" | "request" | undefined;
  #writing = false;
  #quitRequested = false;
  #poller: ReturnType<typeof setInterval> | undefined;
  static readonly #signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];

  /** Stops that report to `io`. */
  constructor(io: CliIo, options: RunStopsOptions = {}) {
    this.#io = io;
    this.#options = options;
  }

  /** What stopped the run early: a signal, a `brunt abort` request, or nothing. */
  get cause(): "signal" | "request" | undefined {
    return this.#cause;
  }

  /** Whether the run was only asked to finish its running workloads (`brunt abort --soft`). */
  get onlyFinished(): boolean {
    return this.finish.signal.aborted && !this.stop.signal.aborted;
  }

  /** Starts listening for signals and polling for abort requests. */
  install(): void {
    for (const s of RunStops.#signals) Deno.addSignalListener(s, this.#onSignal);
    const poll = this.#options.pollRequest;
    if (poll) {
      const poller = setInterval(() => {
        try {
          const level = poll();
          if (level) this.#apply(level);
        } catch {
          // A busy or locked history: the next read tries again.
        }
      }, this.#options.pollEveryMs ?? 200);
      // The poll must not keep the process alive on its own.
      Deno.unrefTimer(poller);
      this.#poller = poller;
    }
  }

  /** From now on the result files are being written: a Ctrl-C waits for them. */
  writing(): void {
    this.#writing = true;
    this.#stopPolling();
  }

  /** Stops listening and polling. */
  uninstall(): void {
    for (const s of RunStops.#signals) Deno.removeSignalListener(s, this.#onSignal);
    this.#stopPolling();
  }

  #stopPolling(): void {
    if (this.#poller !== undefined) clearInterval(this.#poller);
    this.#poller = undefined;
  }

  #onSignal = (): void => {
    if (this.#writing) {
      if (this.#quitRequested) {
        this.#io.err("\nbrunt: quitting without finishing the result files");
        removeUnfinishedFiles();
        Deno.exit(EXIT.interrupted);
      }
      this.#quitRequested = true;
      this.#io.err("\nbrunt: writing the result files (again to quit without them)");
      return;
    }
    this.#cause ??= "signal";
    if (!this.stop.signal.aborted) {
      this.#io.err(
        "\nbrunt: stopping: no new iterations; running ones and hook runs finish (again to cancel them)",
      );
      this.stop.abort();
    } else if (!this.cancel.signal.aborted) {
      this.#io.err("\nbrunt: cancelling running iterations and hook runs");
      this.cancel.abort();
    }
  };

  /**
   * The live dashboard's stop buttons: `soft` as the first Ctrl-C, `hard` as
   * the second (both at once when it comes first).
   */
  ask(mode: "soft" | "hard"): void {
    if (this.#writing) return;
    this.#cause ??= "signal";
    if (!this.stop.signal.aborted) {
      this.#io.err(
        "\nbrunt: stopping (asked on the dashboard): no new iterations; running ones and hook runs finish",
      );
      this.stop.abort();
    }
    if (mode === "hard" && !this.cancel.signal.aborted) {
      this.#io.err("\nbrunt: cancelling running iterations and hook runs (asked on the dashboard)");
      this.cancel.abort();
    }
  }

  #apply(level: AbortLevel): void {
    if (this.#writing) return;
    if (level === "soft" && !this.finish.signal.aborted) {
      this.#cause ??= "request";
      this.#io.err(
        "\nbrunt: brunt abort --soft: the running workload runs to its end; no other starts",
      );
      this.finish.abort();
    } else if (level !== "soft" && !this.stop.signal.aborted) {
      this.#cause ??= "request";
      this.#io.err("\nbrunt: brunt abort: no new iterations; running ones and hook runs finish");
      this.stop.abort();
    }
    if (level === "cancel" && !this.cancel.signal.aborted) {
      this.#io.err("\nbrunt: brunt abort again: cancelling running iterations and hook runs");
      this.cancel.abort();
    }
  }
}
