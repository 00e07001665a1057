/**
 * A lean HTTP/1.1 client for load generation: keep-alive connections over
 * `Deno.connect` (`Deno.connectTls` for https), one request at a time per
 * connection, responses read with Content-Length, chunked or close-delimited
 * bodies, redirects followed as Python `requests` follows them, a timeout on
 * the task's clock and cancellation by `AbortSignal`.
 *
 * Why not `fetch`: in brunt's benchmark (bench/http_client/) a loop of
 * `fetch` against a local `Deno.serve` reaches about half of `hey`'s
 * throughput, as do `node:http` and `undici`; this client, doing only what a
 * load test needs, spends a fraction of their CPU per request.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import { RealClock } from "../clock/real_clock.ts";
import { VERSION } from "../model/version.ts";
import { HttpConnectionError, HttpTimeoutError, TooManyRedirectsError } from "./http_errors.ts";

/** What to send: built once with {@linkcode prepareHttpRequest} and sent any number of times. */
export interface PreparedHttpRequest {
  /** The method, in upper case (`GET`, `POST` …). */
  readonly method: string;
  /** Where to. */
  readonly url: URL;
  /** Header name/value pairs as given, checked for characters HTTP does not allow. */
  readonly headers: readonly (readonly [string, string])[];
  /** The request body, if any. */
  readonly body: Uint8Array | undefined;
  /** The request's bytes on the wire (head and body), for the first hop. */
  readonly wire: Uint8Array;
}

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

/** Most redirects followed before `TooManyRedirects` (Python `requests`' limit). */
export const MAX_REDIRECTS = 30;

const MAX_HEAD_BYTES = 65_536;
const MAX_LINE_BYTES = 4_096;
const MAX_IDLE_PER_ORIGIN = 1_024;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAD_VALUE = /[\r\n\0]/;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/;
const BODYLESS_METHODS_WITH_LENGTH = new Set(["POST", "PUT", "PATCH"]);
const encoder = new TextEncoder();
const latin1 = new TextDecoder("latin1");
const EMPTY = new Uint8Array(0);

/**
 * Checks and encodes a request once, so sending it again costs nothing more
 * than writing its bytes.
 *
 * @throws {TypeError} When the URL is not http(s), the method is not an
 * HTTP token, or a header name or value has characters HTTP does not allow.
 *
 * @example
 * ```ts
 * import { prepareHttpRequest } from "./http1_client.ts";
 * const req = prepareHttpRequest("get", "http://127.0.0.1:8080/", { accept: "text/plain" });
 * console.assert(req.method === "GET");
 * ```
 */
export function prepareHttpRequest(
  method: string,
  url: string | URL,
  headers: Record<string, string> | readonly (readonly [string, string])[] = [],
  body?: Uint8Array,
): PreparedHttpRequest {
  const parsed = httpUrl(url);
  const upper = method.toUpperCase();
  if (!TOKEN.test(upper)) {
    throw new TypeError(
      `Invalid HTTP method ${JSON.stringify(method)}: use a word like GET or POST`,
    );
  }
  const pairs = Array.isArray(headers)
    ? headers as readonly (readonly [string, string])[]
    : Object.entries(headers);
  for (const [name, value] of pairs) {
    if (!TOKEN.test(name)) {
      throw new TypeError(
        `Invalid HTTP header name ${
          JSON.stringify(name)
        }: use letters, digits and -, like "Content-Type"`,
      );
    }
    if (typeof value !== "string" || BAD_VALUE.test(value)) {
      throw new TypeError(
        `Invalid value of HTTP header ${JSON.stringify(name)}: ${
          JSON.stringify(value)
        } (a string without line breaks or NUL is needed)`,
      );
    }
  }
  return {
    method: upper,
    url: parsed,
    headers: pairs,
    body,
    wire: encodeRequest(upper, parsed, pairs, body),
  };
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
 * import { Http1Client, prepareHttpRequest } from "./http1_client.ts";
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("hi"));
 * const client = new Http1Client();
 * const res = await client.request(
 *   prepareHttpRequest("GET", `http://127.0.0.1:${server.addr.port}/`),
 *   { keepBodyBytes: 100, timeoutS: 5 },
 * );
 * console.assert(res.status === 200 && new TextDecoder().decode(res.body) === "hi");
 * client.closeIdle();
 * await server.shutdown();
 * ```
 */
export class Http1Client {
  readonly #idle = new Map<string, Connection[]>();

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
        const response = await this.#send(hop, exchange, options.keepBodyBytes ?? 0);
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
    for (const list of this.#idle.values()) for (const c of list) c.close();
    this.#idle.clear();
  }

  async #send(
    req: PreparedHttpRequest,
    exchange: Exchange,
    keepBodyBytes: number,
  ): Promise<Omit<HttpResult, "url" | "redirects">> {
    // Cut off between two hops of a redirect, with no connection in use to close.
    if (exchange.error) throw exchange.error;
    const origin = req.url.origin;
    let conn = this.#idle.get(origin)?.pop();
    for (;;) {
      const reused = conn !== undefined;
      conn ??= await connect(req.url, exchange);
      exchange.use(conn);
      try {
        await conn.writeAll(req.wire);
        const response = await readResponse(conn, req.method, keepBodyBytes);
        exchange.use(undefined);
        if (response.reusable) this.#release(origin, conn);
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

  #release(origin: string, conn: Connection): void {
    let list = this.#idle.get(origin);
    if (!list) this.#idle.set(origin, list = []);
    if (list.length < MAX_IDLE_PER_ORIGIN) list.push(conn);
    else conn.close();
  }
}

// The state of one request() call: what it is using, and whether its timeout
// or signal has cut it off (then the connection in use is closed, which makes
// its pending read or write fail, and the call throws `error`).
class Exchange {
  error: Error | undefined;
  readonly #url: string;
  readonly #signal: AbortSignal | undefined;
  readonly #clock: Clock | undefined;
  #timer: unknown;
  #conn: Connection | undefined;
  #tripped: Promise<never> | undefined;
  #rejectTripped: ((e: Error) => void) | undefined;

  constructor(url: string, options: HttpSendOptions) {
    this.#url = url;
    this.#signal = options.signal;
    if (this.#signal) {
      if (this.#signal.aborted) throw this.#signal.reason;
      this.#signal.addEventListener("abort", this.#onAbort, { once: true });
    }
    if (options.timeoutS !== undefined) {
      const timeoutS = options.timeoutS;
      this.#clock = options.clock ?? new RealClock();
      this.#timer = this.#clock.setTimeout(
        () => this.#trip(new HttpTimeoutError(url, timeoutS)),
        timeoutS * 1000,
      );
    }
  }

  get url(): string {
    return this.#url;
  }

  // Whether anything can cut this exchange off (so connecting must race it).
  get cancellable(): boolean {
    return this.#signal !== undefined || this.#timer !== undefined;
  }

  use(conn: Connection | undefined): void {
    this.#conn = conn;
  }

  // Rejects once the exchange is cut off; created only when connecting needs it.
  tripped(): Promise<never> {
    if (!this.#tripped) {
      this.#tripped = new Promise<never>((_, reject) => this.#rejectTripped = reject);
      this.#tripped.catch(() => {});
      if (this.error) this.#rejectTripped!(this.error);
    }
    return this.#tripped;
  }

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

// A connection with its read buffer: bytes [start, end) are read and not yet used.
class Connection {
  buf = new Uint8Array(16_384);
  start = 0;
  end = 0;
  // Bytes read on this connection for the current response.
  received = 0;
  #closed = false;
  readonly #conn: Deno.Conn;

  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  async writeAll(bytes: Uint8Array): Promise<void> {
    this.received = 0;
    let off = 0;
    while (off < bytes.length) off += await this.#conn.write(bytes.subarray(off));
  }

  // Reads more bytes into the buffer; false at end of stream.
  async fill(): Promise<boolean> {
    if (this.start === this.end) this.start = this.end = 0;
    if (this.end === this.buf.length) {
      if (this.start > 0) {
        this.buf.copyWithin(0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      } else {
        const bigger = new Uint8Array(this.buf.length * 2);
        bigger.set(this.buf);
        this.buf = bigger;
      }
    }
    const n = await this.#conn.read(this.buf.subarray(this.end));
    if (n === null) return false;
    this.end += n;
    this.received += n;
    return true;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // Already closed by the other side's reset; nothing to release.
    }
  }
}

async function connect(url: URL, exchange: Exchange): Promise<Connection> {
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const tls = url.protocol === "https:";
  const port = Number(url.port || (tls ? 443 : 80));
  const connecting = tls ? Deno.connectTls({ hostname, port }) : Deno.connect({ hostname, port });
  let conn: Deno.Conn;
  try {
    conn = exchange.cancellable
      ? await Promise.race([connecting, exchange.tripped()])
      : await connecting;
  } catch (e) {
    // A connection that arrives after the exchange gave up is closed at once.
    connecting.then((c) => c.close(), () => {});
    if (exchange.error) throw exchange.error;
    throw connectionError(e, exchange.url);
  }
  if ("setNoDelay" in conn) (conn as Deno.TcpConn).setNoDelay(true);
  return new Connection(conn);
}

interface ResponseHead {
  status: number;
  statusText: string;
  headers: Map<string, string>;
  keepAlive: boolean;
}

async function readResponse(
  c: Connection,
  method: string,
  keepBodyBytes: number,
): Promise<Omit<HttpResult, "url" | "redirects"> & { reusable: boolean }> {
  let head = await readHead(c);
  // Interim responses (100 Continue, 103 Early Hints) precede the real one.
  while (head.status >= 100 && head.status < 200) {
    if (head.status === 101) throw new ProtocolError("the server switched protocols (101)");
    head = await readHead(c);
  }
  const sink = new BodySink(keepBodyBytes);
  let delimited = true;
  if (method !== "HEAD" && head.status !== 204 && head.status !== 304) {
    const te = head.headers.get("transfer-encoding");
    const cl = head.headers.get("content-length");
    if (te !== undefined && /(?:^|,)\s*chunked\s*$/i.test(te)) await readChunked(c, sink);
    else if (te === undefined && cl !== undefined) await readLength(c, contentLength(cl), sink);
    else {
      await readToEnd(c, sink);
      delimited = false;
    }
  }
  return {
    status: head.status,
    statusText: head.statusText,
    headers: head.headers,
    body: sink.bytes(),
    bodyBytes: sink.total,
    // Left-over bytes mean the server sent more than one response: do not trust the connection.
    reusable: delimited && head.keepAlive && c.start === c.end,
  };
}

async function readHead(c: Connection): Promise<ResponseHead> {
  let scanned = 0; // bytes after c.start known to hold no CRLFCRLF end
  for (;;) {
    const at = findHeadEnd(c.buf, c.start + scanned, c.end);
    if (at >= 0) {
      const text = latin1.decode(c.buf.subarray(c.start, at));
      c.start = at + 4;
      return parseHead(text);
    }
    scanned = Math.max(0, c.end - c.start - 3);
    if (c.end - c.start >= MAX_HEAD_BYTES) {
      throw new ProtocolError(`the response head is longer than ${MAX_HEAD_BYTES} bytes`);
    }
    if (!(await c.fill())) {
      throw new ProtocolError(
        c.received === 0
          ? "the server closed the connection without answering"
          : "the server closed the connection in the middle of the response head",
        true,
      );
    }
  }
}

// Where the CRLFCRLF that ends a response head starts in buf[from, end), or -1.
// A plain loop: TypedArray#indexOf cannot stop at `end` and would scan the
// whole (mostly stale) buffer.
function findHeadEnd(buf: Uint8Array, from: number, end: number): number {
  for (let i = from; i + 3 < end; i++) {
    if (buf[i] === 13 && buf[i + 1] === 10 && buf[i + 2] === 13 && buf[i + 3] === 10) return i;
  }
  return -1;
}

function parseHead(text: string): ResponseHead {
  const lines = text.split("\r\n");
  const m = STATUS_LINE.exec(lines[0]);
  if (!m) {
    throw new ProtocolError(
      `the response does not start with an HTTP/1.x status line: ${
        JSON.stringify(lines[0].slice(0, 80))
      }`,
    );
  }
  const headers = new Map<string, string>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const colon = line.indexOf(":");
    if (colon <= 0) {
      throw new ProtocolError(`malformed response header ${JSON.stringify(line.slice(0, 80))}`);
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const had = headers.get(name);
    headers.set(name, had === undefined ? value : `${had}, ${value}`);
  }
  const connection = headers.get("connection")?.toLowerCase() ?? "";
  const keepAlive = m[1] === "1"
    ? !/\bclose\b/.test(connection)
    : /\bkeep-alive\b/.test(connection);
  return { status: Number(m[2]), statusText: m[3] ?? "", headers, keepAlive };
}

function contentLength(value: string): number {
  // Repeated identical lengths ("5, 5") are allowed; anything else is an error.
  const parts = value.split(",").map((s) => s.trim());
  if (!parts.every((p) => /^\d{1,15}$/.test(p) && p === parts[0])) {
    throw new ProtocolError(`invalid Content-Length ${JSON.stringify(value)}`);
  }
  return Number(parts[0]);
}

async function readLength(c: Connection, length: number, sink: BodySink): Promise<void> {
  let left = length;
  while (left > 0) {
    if (c.start === c.end && !(await c.fill())) {
      throw new ProtocolError(
        `the server closed the connection ${length - left} bytes into a ${length}-byte body`,
      );
    }
    const take = Math.min(left, c.end - c.start);
    sink.add(c.buf, c.start, take);
    c.start += take;
    left -= take;
  }
}

async function readChunked(c: Connection, sink: BodySink): Promise<void> {
  for (;;) {
    const line = await readLine(c);
    const hex = line.split(";")[0].trim(); // chunk extensions after ";" are ignored
    const size = /^[0-9a-fA-F]{1,13}$/.test(hex) ? parseInt(hex, 16) : NaN;
    if (Number.isNaN(size)) {
      throw new ProtocolError(`invalid chunk size line ${JSON.stringify(line.slice(0, 80))}`);
    }
    if (size === 0) {
      // Trailer fields, up to the empty line, are not needed.
      while ((await readLine(c)) !== "");
      return;
    }
    await readLength(c, size, sink);
    if ((await readLine(c)) !== "") throw new ProtocolError("a chunk is longer than its size says");
  }
}

async function readLine(c: Connection): Promise<string> {
  let scanned = 0;
  for (;;) {
    let lf = c.start + scanned;
    while (lf < c.end && c.buf[lf] !== 10) lf++;
    if (lf < c.end) {
      const stop = lf > c.start && c.buf[lf - 1] === 13 ? lf - 1 : lf;
      const line = latin1.decode(c.buf.subarray(c.start, stop));
      c.start = lf + 1;
      return line;
    }
    scanned = c.end - c.start;
    if (scanned > MAX_LINE_BYTES) throw new ProtocolError("a chunk size line is too long");
    if (!(await c.fill())) {
      throw new ProtocolError("the server closed the connection in the middle of a chunked body");
    }
  }
}

async function readToEnd(c: Connection, sink: BodySink): Promise<void> {
  for (;;) {
    if (c.end > c.start) {
      sink.add(c.buf, c.start, c.end - c.start);
      c.start = c.end;
    }
    if (!(await c.fill())) return;
  }
}

// Counts body bytes and keeps the first `keep` of them.
class BodySink {
  total = 0;
  readonly #keep: number;
  #chunks: Uint8Array[] | undefined;
  #kept = 0;

  constructor(keep: number) {
    this.#keep = keep;
  }

  add(buf: Uint8Array, start: number, length: number): void {
    this.total += length;
    const room = this.#keep - this.#kept;
    if (room <= 0) return;
    const take = Math.min(room, length);
    (this.#chunks ??= []).push(buf.slice(start, start + take));
    this.#kept += take;
  }

  bytes(): Uint8Array {
    if (!this.#chunks) return EMPTY;
    if (this.#chunks.length === 1) return this.#chunks[0];
    const out = new Uint8Array(this.#kept);
    let off = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, off);
      off += chunk.length;
    }
    return out;
  }
}

// A response that is not HTTP/1.x, or ends early. `gone`: nothing usable came back.
class ProtocolError extends Error {
  readonly gone: boolean;
  constructor(message: string, gone = false) {
    super(message);
    this.name = "ProtocolError";
    this.gone = gone;
  }
}

function isConnectionGone(e: unknown): boolean {
  return (e instanceof ProtocolError && e.gone) || e instanceof Deno.errors.ConnectionReset ||
    e instanceof Deno.errors.BrokenPipe || e instanceof Deno.errors.ConnectionAborted;
}

function connectionError(e: unknown, url: string): Error {
  if (e instanceof HttpConnectionError || e instanceof HttpTimeoutError) return e;
  const options = { cause: e };
  if (e instanceof Deno.errors.ConnectionRefused) {
    return new HttpConnectionError(
      url,
      `Connection to ${url} refused: nothing is listening there`,
      options,
    );
  }
  if (e instanceof Deno.errors.ConnectionReset || e instanceof Deno.errors.BrokenPipe) {
    return new HttpConnectionError(url, `Connection to ${url} was reset by the server`, options);
  }
  if (e instanceof ProtocolError) {
    return new HttpConnectionError(url, `Request to ${url} failed: ${e.message}`, options);
  }
  const why = e instanceof Error ? e.message : String(e);
  return new HttpConnectionError(url, `Request to ${url} failed: ${why}`, options);
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

// The next hop of a redirect, changed as Python `requests` changes it: 303
// (and 302, and 301 after a POST) turn the request into a bodyless GET, and
// credentials are not sent to another host.
function redirected(
  req: PreparedHttpRequest,
  status: number,
  location: string,
): PreparedHttpRequest {
  let url: URL;
  try {
    url = httpUrl(new URL(location, req.url));
  } catch {
    throw new HttpConnectionError(
      req.url.href,
      `${req.url.href} redirected (${status}) to ${
        JSON.stringify(location)
      }, which is not an http(s) URL`,
    );
  }
  const toGet = req.method !== "HEAD" &&
    (status === 303 || status === 302 || (status === 301 && req.method === "POST"));
  const method = toGet ? "GET" : req.method;
  const body = toGet ? undefined : req.body;
  const sameHost = url.hostname === req.url.hostname;
  const headers = req.headers.filter(([name]) => {
    const n = name.toLowerCase();
    if (toGet && (n === "content-type" || n === "content-length")) return false;
    if (!sameHost && (n === "authorization" || n === "cookie" || n === "host")) return false;
    return true;
  });
  return { method, url, headers, body, wire: encodeRequest(method, url, headers, body) };
}

function httpUrl(url: string | URL): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(
      `Invalid URL ${
        JSON.stringify(String(url))
      }: give an absolute http(s) URL like "http://127.0.0.1:8080/"`,
    );
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new TypeError(
      `Unsupported URL scheme ${
        JSON.stringify(parsed.protocol)
      } in ${parsed.href}: use http: or https:`,
    );
  }
  return parsed;
}

function encodeRequest(
  method: string,
  url: URL,
  headers: readonly (readonly [string, string])[],
  body: Uint8Array | undefined,
): Uint8Array {
  const given = new Set(headers.map(([n]) => n.toLowerCase()));
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
  if (!given.has("host")) head += `host: ${url.host}\r\n`;
  for (const [name, value] of headers) {
    const n = name.toLowerCase();
    // The body's framing is the client's to say.
    if (n !== "content-length" && n !== "transfer-encoding") head += `${name}: ${value}\r\n`;
  }
  if (!given.has("user-agent")) head += `user-agent: brunt/${VERSION}\r\n`;
  if (!given.has("accept")) head += "accept: */*\r\n";
  if (url.username && !given.has("authorization")) {
    const user = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    head += `authorization: Basic ${btoa(String.fromCharCode(...encoder.encode(user)))}\r\n`;
  }
  if (body) head += `content-length: ${body.length}\r\n`;
  else if (BODYLESS_METHODS_WITH_LENGTH.has(method)) head += "content-length: 0\r\n";
  head += "\r\n";
  const headBytes = encoder.encode(head);
  if (!body?.length) return headBytes;
  const wire = new Uint8Array(headBytes.length + body.length);
  wire.set(headBytes);
  wire.set(body, headBytes.length);
  return wire;
}
