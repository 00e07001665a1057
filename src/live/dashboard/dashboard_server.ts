/**
 * `run --dashboard`: brunt's own web server for the live page. It serves
 * the page, a Server-Sent Events stream of the run (the whole history on
 * connecting, then each second's changes), `/metrics` for Prometheus to
 * scrape, the stop buttons' endpoint, and the HTML report once the run
 * has ended.
 *
 * @module
 */
import { ensureChartAssets } from "../../report/html/chart_assets.ts";
import type { LiveBatch, LiveOutput } from "../live_batch.ts";
import { PrometheusMetrics } from "../prometheus/prometheus_metrics.ts";
import { type DashboardEnd, DashboardHistory } from "./dashboard_history.ts";
import { renderDashboardPage } from "./dashboard_page.ts";

/** What the stop buttons ask: `soft` as the first Ctrl-C, `hard` as the second. */
export type StopMode = "soft" | "hard";

/** Options of {@linkcode DashboardServer.start}. */
export interface DashboardOptions {
  /**
   * The address to listen on.
   * @default {"127.0.0.1"}
   */
  hostname?: string;
  /**
   * The port; 0 picks a free one.
   * @default {0}
   */
  port?: number;
  /** Called when a page holding the token asks to stop the run. */
  onStop: (mode: StopMode) => void;
  /**
   * The secret the stop buttons must send (it is in the URL printed at start).
   * @default 128 random bits, hex
   */
  token?: string;
  /**
   * Batches a page may fall behind before it is cut off; its browser then
   * reconnects and gets the whole run again.
   * @default {30}
   */
  maxBehind?: number;
}

/**
 * The live dashboard's server, and a live output: each batch goes into the
 * run's history ({@linkcode DashboardHistory}) and the Prometheus metrics,
 * and its changes are queued to every connected page. Sending never waits:
 * a page too slow to keep up is cut off (counted), and its browser
 * reconnects with the whole history.
 */
export class DashboardServer implements LiveOutput {
  /** The page's address. */
  readonly url: string;
  /** The stop buttons' secret. */
  readonly token: string;
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  readonly #history = new DashboardHistory();
  readonly #metrics = new PrometheusMetrics();
  readonly #clients = new Set<ReadableStreamDefaultController<Uint8Array>>();
  readonly #maxBehind: number;
  readonly #onStop: (mode: StopMode) => void;
  readonly #page: string;
  #report: (() => string) | undefined;
  #reportHtml: string | undefined;
  #ended = false;
  #cutOff = 0;
  #batchesLost = 0;

  private constructor(
    server: Deno.HttpServer<Deno.NetAddr>,
    options: DashboardOptions & { token: string },
    page: string,
    handler: { current?: (request: Request) => Response | Promise<Response> },
  ) {
    this.#server = server;
    this.token = options.token;
    this.#maxBehind = options.maxBehind ?? 30;
    this.#onStop = options.onStop;
    this.#page = page;
    const { hostname, port } = server.addr;
    this.url = `http://${hostname.includes(":") ? `[${hostname}]` : hostname}:${port}/`;
    handler.current = (request) => this.#handle(request);
  }

  /**
   * Starts listening; resolves once the port is open.
   * @throws {Deno.errors.AddrInUse} and the like when the address cannot be used.
   */
  static async start(options: DashboardOptions): Promise<DashboardServer> {
    await ensureChartAssets();
    const page = renderDashboardPage();
    const token = options.token ??
      Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0"))
        .join("");
    const handler: { current?: (request: Request) => Response | Promise<Response> } = {};
    const listening = Promise.withResolvers<void>();
    const server = Deno.serve({
      hostname: options.hostname ?? "127.0.0.1",
      port: options.port ?? 0,
      onListen: () => listening.resolve(),
      onError: () => new Response("internal error", { status: 500 }),
    }, (request) => handler.current!(request));
    await listening.promise;
    return new DashboardServer(server, { ...options, token }, page, handler);
  }

  /** The address with the token: the URL to print for the person who started the run. */
  get privateUrl(): string {
    return `${this.url}#token=${this.token}`;
  }

  /** Folds the batch in and queues its changes to every page. */
  take(batch: LiveBatch): void {
    this.#metrics.update(batch);
    const update = this.#history.take(batch);
    if (update.workloads.length) this.#broadcast(message("update", update));
  }

  /**
   * The run has ended: pages show how, and link the HTML report, which
   * `/report` then serves (made by `report` on the first request).
   */
  finish(end: DashboardEnd, report?: () => string): void {
    this.#ended = true;
    this.#report = report;
    const full: DashboardEnd = { ...end, report: report !== undefined };
    this.#history.finish(full);
    this.#broadcast(message("end", full));
  }

  /** Closes every page's stream and the server; resolves with what pages missed. */
  async close(): Promise<string[]> {
    for (const client of this.#clients) {
      try {
        client.close();
      } catch {
        // Its page went away meanwhile.
      }
    }
    this.#clients.clear();
    await this.#server.shutdown();
    if (this.#cutOff === 0) return [];
    return [
      `dashboard: ${this.#cutOff} page connection(s) fell behind and were cut off ` +
      `(${this.#batchesLost} batches not sent to them; they reconnected with the whole run)`,
    ];
  }

  #broadcast(bytes: Uint8Array): void {
    for (const client of this.#clients) {
      try {
        client.enqueue(bytes);
      } catch {
        // Its page went away between two batches.
        this.#clients.delete(client);
        continue;
      }
      const room = client.desiredSize ?? 0;
      if (room <= 0) {
        // Everything still queued for it is lost with it.
        this.#cutOff++;
        this.#batchesLost += this.#maxBehind + 2 - room;
        this.#clients.delete(client);
        client.error(new Error("the page fell behind"));
      }
    }
  }

  async #handle(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (request.method === "GET" && pathname === "/") {
      return new Response(this.#page, { headers: { "content-type": "text/html; charset=utf-8" } });
    }
    if (request.method === "GET" && pathname === "/events") return this.#events();
    if (request.method === "GET" && pathname === "/metrics") {
      return new Response(this.#metrics.exposition(), {
        headers: { "content-type": "text/plain; version=0.0.4; charset=utf-8" },
      });
    }
    if (request.method === "GET" && pathname === "/report") return this.#reportResponse();
    if (request.method === "POST" && pathname === "/stop") return await this.#stop(request);
    return json({ error: `no such page: ${request.method} ${pathname}` }, 404);
  }

  #events(): Response {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
        // The browser reconnects after a second if the stream breaks.
        c.enqueue(new TextEncoder().encode("retry: 1000\n\n"));
        c.enqueue(message("snapshot", this.#history.snapshot()));
      },
      cancel: () => void this.#clients.delete(controller),
    }, new CountQueuingStrategy({ highWaterMark: this.#maxBehind + 2 }));
    this.#clients.add(controller);
    return new Response(stream, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-store",
        "x-accel-buffering": "no",
      },
    });
  }

  #reportResponse(): Response {
    if (!this.#report) {
      return new Response(
        this.#ended
          ? "This run has no HTML report."
          : "The HTML report is made when the run ends; this page links it then.",
        { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } },
      );
    }
    try {
      this.#reportHtml ??= this.#report();
    } catch (e) {
      return new Response(
        `The HTML report could not be made: ${e instanceof Error ? e.message : String(e)}`,
        { status: 500, headers: { "content-type": "text/plain; charset=utf-8" } },
      );
    }
    return new Response(this.#reportHtml, {
      headers: { "content-type": "text/html; charset=utf-8" },
    });
  }

  async #stop(request: Request): Promise<Response> {
    let body: { token?: unknown; mode?: unknown };
    try {
      body = await request.json();
    } catch {
      return json({ error: 'send JSON: {"token": "…", "mode": "soft" | "hard"}' }, 400);
    }
    if (typeof body.token !== "string" || !sameSecret(body.token, this.token)) {
      return json({
        error: "wrong or missing token: open the URL brunt printed at start (it ends in #token=…)",
      }, 403);
    }
    if (body.mode !== "soft" && body.mode !== "hard") {
      return json(
        { error: `mode must be "soft" or "hard"; got ${JSON.stringify(body.mode)}` },
        400,
      );
    }
    if (this.#ended) return json({ error: "the run has already ended" }, 409);
    this.#onStop(body.mode);
    return json({ stopping: body.mode }, 202);
  }
}

const encoder = new TextEncoder();

function message(event: string, data: unknown): Uint8Array {
  return encoder.encode(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

function json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}

// Compares without stopping at the first difference, so the time taken tells nothing.
function sameSecret(given: string, token: string): boolean {
  let diff = given.length ^ token.length;
  for (let i = 0; i < token.length; i++) diff |= given.charCodeAt(i) ^ token.charCodeAt(i);
  return diff === 0;
}
