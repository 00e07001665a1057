/**
 * Reading an HTTP/1.x response from a connection: the status line and
 * headers, then the body framed by Content-Length, chunked encoding or the
 * end of the connection.
 *
 * @module
 */
import type { Connection } from "./connection.ts";
import { ProtocolError } from "./http_errors.ts";

/** A response read to the end. */
export interface ReadResponse {
  /** The status code. */
  status: number;
  /** The reason phrase, possibly empty. */
  statusText: string;
  /** Header names in lower case; repeated headers joined with ", ". */
  headers: Map<string, string>;
  /** The first `keepBodyBytes` bytes of the body. */
  body: Uint8Array;
  /** The body's full length in bytes. */
  bodyBytes: number;
  /** Whether the connection may carry another request. */
  reusable: boolean;
}

const MAX_HEAD_BYTES = 65_536;
const MAX_LINE_BYTES = 4_096;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/;
const latin1 = new TextDecoder("latin1");
const EMPTY = new Uint8Array(0);

/**
 * Reads the response to a `method` request from `c`, skipping interim (1xx)
 * responses, and keeps the first `keepBodyBytes` bytes of its body.
 *
 * @throws {ProtocolError} when the response is not HTTP/1.x or ends early.
 */
export async function readResponse(
  c: Connection,
  method: string,
  keepBodyBytes: number,
): Promise<ReadResponse> {
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

interface ResponseHead {
  status: number;
  statusText: string;
  headers: Map<string, string>;
  keepAlive: boolean;
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
