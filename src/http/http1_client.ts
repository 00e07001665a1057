/**
 * A lean HTTP/1.1 client for load generation: keep-alive connections over
 * `Deno.connect` (`Deno.connectTls` for https, see connection.ts), one
 * request at a time per connection, idle connections reused per origin
 * (connection_pool.ts), requests encoded once (prepared_request.ts),
 * responses read with Content-Length, chunked or close-delimited bodies
 * (response_reader.ts), redirects followed as Python `requests` follows them
 * (redirect.ts), a timeout on the task's clock and cancellation by
 * `AbortSignal` (exchange.ts).
 *
 * Why not `fetch`: in brunt's benchmark (bench/http_client/) a loop of
 * `fetch` against a local `Deno.serve` reaches about half of `hey`'s
 * throughput, as do `node:http` and `undici`; this client, doing only what a
 * load test needs, spends a fraction of their CPU per request.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import { connect, type Connection, type TlsCheck } from "./connection.ts";
import { ConnectionPool } from "./connection_pool.ts";
import { Exchange } from "./exchange.ts";
import { connectionError, isConnectionGone, TooManyRedirectsError } from "./http_errors.ts";
import type { PreparedHttpRequest } from "./prepared_request.ts";
import { isRedirect, MAX_REDIRECTS, redirected } from "./redirect.ts";
import { type ReadResponse, readResponse } from "./response_reader.ts";

/** Options of one {@linkcode Http1Client.request}. */
export interface HttpSendOptions {
  /** Cancels the request: the connection is closed and the request rejects with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Seconds the whole exchange (connecting, redirects, reading the body) may
   * take before it fails with a `TimeoutError`; undefined for no limit.
   */
  timeoutS?: number;
  /**
   * The clock the timeout runs on.
   * @default {new RealClock()}
   */
  clock?: Clock;
  /**
   * Follow 301, 302, 303, 307 and 308 responses that have a Location.
   * @default true
   */
  followRedirects?: boolean;
  /**
   * How https servers' certificates are checked (requests' `verify`).
   * @default against the default root certificates
   */
  tls?: TlsCheck;
  /**
   * Bytes of the body kept in {@linkcode HttpResult.body}; the rest is read and dropped.
   * @default 0
   */
  keepBodyBytes?: number;
}

/** A response, its body read to the end. */
export interface HttpResult {
  /** The status code. */
  status: number;
  /** The reason phrase (`OK`, `Not Found`), possibly empty. */
  statusText: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Map<string, string>;
  /** The first `keepBodyBytes` bytes of the body. */
  body: Uint8Array;
  /** The body's full length in bytes. */
  bodyBytes: number;
  /** The URL that gave this response (after redirects). */
  url: URL;
  /** Redirects followed to get here. */
  redirects: number;
}

/**
 * A keep-alive HTTP/1.1 client. Idle connections are kept per origin and
 * reused, newest first; {@linkcode Http1Client.closeIdle} closes them.
 * A request that fails on a reused connection before any response byte
 * arrived (the server had closed it while idle) is sent once more on a new
 * connection.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Http1Client, prepareHttpRequest } from "@brunt/brunt/http";
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("hi"));
 * const client = new Http1Client();
 * const res = await client.request(
 *   prepareHttpRequest("GET", `http://127.0.0.1:${server.addr.port}/`),
 *   { keepBodyBytes: 100, timeoutS: 5 },
 * );
 * assert.equal(res.status, 200);
 * assert.equal(new TextDecoder().decode(res.body), "hi");
 * client.closeIdle();
 * await server.shutdown();
 * ```
 */
export class Http1Client {
  readonly #pool = new ConnectionPool();

  /**
   * Sends `request` and reads its response to the end.
   *
   * @throws {HttpConnectionError} (`ConnectionError`) when connecting fails,
   * the connection breaks, or the response is not HTTP/1.x.
   * @throws {HttpTimeoutError} (`TimeoutError`) when `timeoutS` runs out.
   * @throws {TooManyRedirectsError} past {@linkcode MAX_REDIRECTS} redirects.
   * @throws the signal's reason when `signal` aborts.
   */
  async request(request: PreparedHttpRequest, options: HttpSendOptions = {}): Promise<HttpResult> {
    const exchange = new Exchange(request.url.href, options);
    try {
      let hop: PreparedHttpRequest = request;
      for (let redirects = 0;; redirects++) {
        const response = await this.#send(hop, exchange, options.keepBodyBytes ?? 0, options.tls);
        const location = response.headers.get("location");
        if (
          options.followRedirects === false || location === undefined ||
          !isRedirect(response.status)
        ) {
          return { ...response, url: hop.url, redirects };
        }
        if (redirects === MAX_REDIRECTS) {
          throw new TooManyRedirectsError(request.url.href, MAX_REDIRECTS);
        }
        hop = redirected(hop, response.status, location);
      }
    } finally {
      exchange.dispose();
    }
  }

  /** Closes every idle connection. Connections in use are closed when their request ends. */
  closeIdle(): void {
    this.#pool.closeIdle();
  }

  async #send(
    req: PreparedHttpRequest,
    exchange: Exchange,
    keepBodyBytes: number,
    tls: TlsCheck | undefined,
  ): Promise<ReadResponse> {
    // Cut off between two hops of a redirect, with no connection in use to close.
    if (exchange.error) throw exchange.error;
    // Connections checked one way are not reused for requests that ask for another.
    const origin = tls && req.url.protocol === "https:"
      ? `${req.url.origin} ${tls.key}`
      : req.url.origin;
    let conn: Connection | undefined = this.#pool.take(origin);
    for (;;) {
      const reused = conn !== undefined;
      conn ??= await connect(req.url, exchange, tls);
      exchange.use(conn);
      try {
        await conn.writeAll(req.wire);
        const response = await readResponse(conn, req.method, keepBodyBytes);
        exchange.use(undefined);
        if (response.reusable) this.#pool.release(origin, conn);
        else conn.close();
        return response;
      } catch (e) {
        exchange.use(undefined);
        conn.close();
        if (exchange.error) throw exchange.error;
        // The server closed the idle connection before it saw this request: try a new one.
        if (reused && conn.received === 0 && isConnectionGone(e)) {
          conn = undefined;
          continue;
        }
        throw connectionError(e, req.url.href);
      }
    }
  }
}
