/**
 * `--out prometheus-rw=URL`: sends each live batch to a Prometheus remote
 * write 1.0 endpoint, from a bounded queue, one request at a time.
 *
 * @module
 */
import type { LiveBatch, LiveOutput } from "../live_batch.ts";
import { METRIC_FAMILIES } from "./metric_families.ts";
import { PrometheusMetrics } from "./prometheus_metrics.ts";
import { encodeWriteRequest, REMOTE_WRITE_HEADERS } from "./remote_write_request.ts";

/** Options of {@linkcode RemoteWriteOutput}. */
export interface RemoteWriteOptions {
  /** The endpoint, e.g. `http://127.0.0.1:9090/api/v1/write`. */
  url: string;
  /**
   * Requests waiting at most; past that the oldest is dropped (a later one
   * carries the counters' newer totals anyway).
   * @default {30}
   */
  maxQueued?: number;
  /**
   * Milliseconds one request may take.
   * @default {5000}
   */
  timeoutMs?: number;
  /**
   * Milliseconds {@linkcode RemoteWriteOutput.close} waits for the queue to
   * be sent; what is left then is dropped.
   * @default {5000}
   */
  closeTimeoutMs?: number;
}

/**
 * A live output that turns each batch into remote write samples
 * ({@linkcode PrometheusMetrics}), encodes them at once and queues the
 * request; a loop sends the queue in order, one request at a time, each
 * bounded by a timeout. A slow, refusing or dead endpoint costs the load
 * nothing: requests fail or wait off the load's path, and when the queue is
 * full the oldest is dropped. Every request not delivered is counted by
 * reason and reported by {@linkcode RemoteWriteOutput.close}.
 */
export class RemoteWriteOutput implements LiveOutput {
  readonly #url: string;
  readonly #maxQueued: number;
  readonly #timeoutMs: number;
  readonly #closeTimeoutMs: number;
  readonly #metrics = new PrometheusMetrics();
  readonly #queue: Uint8Array<ArrayBuffer>[] = [];
  readonly #failures = new Map<string, number>();
  #requests = 0;
  #sending: Promise<void> | undefined;
  #inFlight: AbortController | undefined;

  /** An output to `options.url`. */
  constructor(options: RemoteWriteOptions) {
    this.#url = options.url;
    this.#maxQueued = options.maxQueued ?? 30;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#closeTimeoutMs = options.closeTimeoutMs ?? 5000;
  }

  /** Encodes the batch's samples and queues them. */
  take(batch: LiveBatch): void {
    const series = this.#metrics.take(batch);
    if (series.length === 0) return;
    this.#requests++;
    this.#queue.push(encodeWriteRequest(series, Object.values(METRIC_FAMILIES)));
    if (this.#queue.length > this.#maxQueued) {
      this.#queue.shift();
      this.#fail("the queue was full (the endpoint is slower than one request a second)");
    }
    this.#sending ??= this.#send().finally(() => this.#sending = undefined);
  }

  /** Sends what is queued, for at most `closeTimeoutMs`; resolves with what was not delivered. */
  async close(): Promise<string[]> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<void>((resolve) =>
      timer = setTimeout(resolve, this.#closeTimeoutMs)
    );
    await Promise.race([this.#sending, deadline]);
    clearTimeout(timer);
    for (const _ of this.#queue.splice(0)) this.#fail("brunt ended before it could be sent");
    this.#inFlight?.abort(new Error("brunt ended before it was answered"));
    await this.#sending;
    const failed = [...this.#failures.values()].reduce((a, b) => a + b, 0);
    if (failed === 0) return [];
    const reasons = [...this.#failures].map(([reason, n]) => `${n}× ${reason}`).join("; ");
    return [
      `prometheus-rw ${this.#url}: ${failed} of ${this.#requests} batches not delivered: ${reasons}`,
    ];
  }

  async #send(): Promise<void> {
    for (let body = this.#queue.shift(); body; body = this.#queue.shift()) {
      const controller = new AbortController();
      this.#inFlight = controller;
      const timer = setTimeout(
        () => controller.abort(new Error(`no answer within ${this.#timeoutMs} ms`)),
        this.#timeoutMs,
      );
      try {
        const response = await fetch(this.#url, {
          method: "POST",
          headers: REMOTE_WRITE_HEADERS,
          body,
          signal: controller.signal,
        });
        const text = await response.text();
        if (!response.ok) {
          this.#fail(`HTTP ${response.status} ${text.trim().slice(0, 200)}`.trim());
        }
      } catch (e) {
        this.#fail(controller.signal.aborted ? describe(controller.signal.reason) : describe(e));
      } finally {
        clearTimeout(timer);
        this.#inFlight = undefined;
      }
    }
  }

  #fail(reason: string): void {
    this.#failures.set(reason, (this.#failures.get(reason) ?? 0) + 1);
  }
}

// fetch says "fetch failed" and puts what happened (refused, reset, …) in the cause.
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause.message : "";
  const inner = /: ([^:]*\(os error \d+\))$/.exec(cause)?.[1];
  return inner ?? (cause || e.message);
}
