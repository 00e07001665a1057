/**
 * Keeping plugin code's stray errors from ending a run: a promise rejected
 * with nobody awaiting it, or an exception thrown from a timer callback.
 *
 * @module
 */

/** Options of {@linkcode StrayErrorGuard}. */
export interface StrayErrorGuardOptions {
  /** Where warnings go (stderr). */
  warn: (text: string) => void;
  /**
   * Stray errors described one by one; the rest are only counted.
   * @default 3
   */
  shown?: number;
}

/**
 * While installed, catches unhandled promise rejections and uncaught
 * exceptions (the `unhandledrejection` and `error` events), which would
 * otherwise end the process and lose the run's results, and warns about
 * them instead. A scenario that starts a promise and never awaits it, or a
 * hook whose timer callback throws, is a plugin bug, not a reason to lose a
 * load test.
 *
 * @example
 * ```ts
 * import { StrayErrorGuard } from "./stray_errors.ts";
 * const guard = new StrayErrorGuard({ warn: (t) => console.error(t) });
 * guard.install();
 * try {
 *   // … run the task …
 * } finally {
 *   guard.uninstall();
 * }
 * ```
 */
export class StrayErrorGuard {
  readonly #warn: (text: string) => void;
  readonly #shown: number;
  #count = 0;

  /** Builds a guard; it does nothing until installed. */
  constructor(options: StrayErrorGuardOptions) {
    this.#warn = options.warn;
    this.#shown = options.shown ?? 3;
  }

  /** How many stray errors were caught. */
  get count(): number {
    return this.#count;
  }

  /** Starts catching. */
  install(): void {
    globalThis.addEventListener("unhandledrejection", this.#onRejection);
    globalThis.addEventListener("error", this.#onError);
  }

  /** Stops catching; warns how many stray errors were not described one by one. */
  uninstall(): void {
    globalThis.removeEventListener("unhandledrejection", this.#onRejection);
    globalThis.removeEventListener("error", this.#onError);
    const more = this.#count - this.#shown;
    if (more > 0) {
      this.#warn(`brunt: warning: ${more} more stray error${more === 1 ? "" : "s"} ignored`);
    }
  }

  #onRejection = (e: PromiseRejectionEvent): void => {
    e.preventDefault();
    this.#caught("a promise rejected with nobody awaiting it", e.reason);
  };

  #onError = (e: ErrorEvent): void => {
    e.preventDefault();
    this.#caught("an uncaught exception", e.error ?? e.message);
  };

  #caught(what: string, reason: unknown): void {
    if (++this.#count > this.#shown) return;
    this.#warn(
      `brunt: warning: ignored ${what} (a plugin bug; the run goes on): ${describe(reason)}`,
    );
  }
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return typeof reason === "string" ? reason : JSON.stringify(reason) ?? String(reason);
  } catch {
    return String(reason);
  }
}
