/**
 * The limits of one request: its timeout and its abort signal.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import { RealClock } from "../clock/real_clock.ts";
import { HttpTimeoutError } from "./http_errors.ts";

/** What an {@linkcode Exchange} is bounded by. */
export interface ExchangeLimits {
  /** Cuts the exchange off with the signal's reason. */
  signal?: AbortSignal;
  /** Seconds the whole exchange may take; undefined for no limit. */
  timeoutS?: number;
  /**
   * The clock the timeout runs on.
   * @default {new RealClock()}
   */
  clock?: Clock;
}

/**
 * The state of one request, across its redirects: the connection it is
 * using, and whether its timeout or signal has cut it off. Cutting off
 * closes the connection in use, which makes its pending read or write fail;
 * the request then throws {@linkcode Exchange.error}.
 */
export class Exchange {
  /** Why the exchange was cut off; undefined while it was not. */
  error: Error | undefined;
  readonly #url: string;
  readonly #signal: AbortSignal | undefined;
  readonly #clock: Clock | undefined;
  #timer: unknown;
  #conn: { close(): void } | undefined;
  #tripped: Promise<never> | undefined;
  #rejectTripped: ((e: Error) => void) | undefined;

  /**
   * Starts the timeout of a request to `url`.
   * @throws the signal's reason when it is already aborted.
   */
  constructor(url: string, limits: ExchangeLimits) {
    this.#url = url;
    this.#signal = limits.signal;
    if (this.#signal) {
      if (this.#signal.aborted) throw this.#signal.reason;
      this.#signal.addEventListener("abort", this.#onAbort, { once: true });
    }
    if (limits.timeoutS !== undefined) {
      const timeoutS = limits.timeoutS;
      this.#clock = limits.clock ?? new RealClock();
      this.#timer = this.#clock.setTimeout(
        () => this.#trip(new HttpTimeoutError(url, timeoutS)),
        timeoutS * 1000,
      );
    }
  }

  /** The URL the request first went to. */
  get url(): string {
    return this.#url;
  }

  /** Whether anything can cut this exchange off (so connecting must race it). */
  get cancellable(): boolean {
    return this.#signal !== undefined || this.#timer !== undefined;
  }

  /** Sets the connection to close when the exchange is cut off (undefined: none). */
  use(conn: { close(): void } | undefined): void {
    this.#conn = conn;
  }

  /** Rejects once the exchange is cut off; created only when connecting needs it. */
  tripped(): Promise<never> {
    if (!this.#tripped) {
      this.#tripped = new Promise<never>((_, reject) => this.#rejectTripped = reject);
      this.#tripped.catch(() => {});
      if (this.error) this.#rejectTripped!(this.error);
    }
    return this.#tripped;
  }

  /** Stops the timeout and stops listening to the signal. */
  dispose(): void {
    this.#signal?.removeEventListener("abort", this.#onAbort);
    if (this.#timer !== undefined) this.#clock!.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #onAbort = (): void => {
    const reason = this.#signal!.reason;
    this.#trip(reason instanceof Error ? reason : new Error(String(reason)));
  };

  #trip(error: Error): void {
    if (this.error) return;
    this.error = error;
    this.#conn?.close();
    this.#rejectTripped?.(error);
  }
}
