/**
 * A client connection with its read buffer, and connecting one.
 *
 * @module
 */
import type { Exchange } from "./exchange.ts";
import { connectionError } from "./http_errors.ts";
import { connectInsecureTls } from "./insecure_tls.ts";

/** What a {@linkcode Connection} reads from and writes to: a Deno.Conn, or a stand-in. */
export type ByteStream = Pick<Deno.Conn, "read" | "write" | "close">;

/**
 * How an https connection checks the server's certificate (requests'
 * `verify`): against the default roots, against the CA certificates given,
 * or not at all.
 */
export interface TlsCheck {
  /** False: accept any certificate, as requests' `verify=False` does. @default true */
  verify?: boolean;
  /** PEM certificates to trust instead of the default roots (requests' `verify="ca.pem"`). */
  caCerts?: string[];
  /** Tells connections made with one check from those made with another, in the pool. */
  key: string;
}

/**
 * A connection with its read buffer: bytes `[start, end)` of `buf` are read
 * and not yet used. The response reader works on these fields directly.
 */
export class Connection {
  /** The read buffer; grows when a response head or line does not fit. */
  buf: Uint8Array = new Uint8Array(16_384);
  /** Where the unused bytes start. */
  start = 0;
  /** Where the unused bytes end. */
  end = 0;
  /** Bytes read on this connection for the current response. */
  received = 0;
  #closed = false;
  readonly #conn: ByteStream;

  /** Wraps an open connection. */
  constructor(conn: ByteStream) {
    this.#conn = conn;
  }

  /** Writes all of `bytes` (a request), starting a new response's count. */
  async writeAll(bytes: Uint8Array): Promise<void> {
    this.received = 0;
    let off = 0;
    while (off < bytes.length) off += await this.#conn.write(bytes.subarray(off));
  }

  /** Reads more bytes into the buffer; false at end of stream. */
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

  /** Closes the connection; closing it again does nothing. */
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

/**
 * Opens a connection to `url`'s origin (TLS for https, checked as `check`
 * says), unless `exchange` is cut off first.
 *
 * @throws the exchange's error when it is cut off while connecting, else
 *   an `HttpConnectionError` saying why connecting failed.
 */
export async function connect(
  url: URL,
  exchange: Exchange,
  check?: TlsCheck,
): Promise<Connection> {
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const tls = url.protocol === "https:";
  const port = Number(url.port || (tls ? 443 : 80));
  const connecting: Promise<ByteStream> = !tls
    ? Deno.connect({ hostname, port })
    : check?.verify === false
    ? connectInsecureTls(hostname, port)
    : Deno.connectTls({ hostname, port, caCerts: check?.caCerts });
  let conn: ByteStream;
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
