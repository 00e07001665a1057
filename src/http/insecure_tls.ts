/**
 * A TLS connection that accepts any server certificate, for requests'
 * `verify=False` against a test service with a self-signed certificate.
 * Deno's own TLS cannot skip the check per connection, so this goes through
 * `node:tls` (loaded only when such a connection is made).
 *
 * @module
 */
import type { TLSSocket } from "node:tls";

/** The part of a Deno.Conn a connection uses. */
type ByteStream = Pick<Deno.Conn, "read" | "write" | "close">;

/**
 * Connects to `hostname:port` over TLS without checking the server's
 * certificate; resolves once the handshake is done.
 *
 * @throws the socket's error when connecting or the handshake fails.
 */
export async function connectInsecureTls(hostname: string, port: number): Promise<ByteStream> {
  const tls = await import("node:tls");
  const isIp = /^[\d.]+$/.test(hostname) || hostname.includes(":");
  const socket = tls.connect({
    host: hostname,
    port,
    rejectUnauthorized: false,
    // SNI takes host names only.
    ...(isIp ? {} : { servername: hostname }),
  });
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once("secureConnect", () => {
      socket.off("error", reject);
      resolve();
    });
    socket.once("error", reject);
  });
  return new SocketStream(socket);
}

/** A node socket read and written the way a Deno.Conn is. */
class SocketStream implements ByteStream {
  readonly #socket: TLSSocket;
  readonly #chunks: Uint8Array[] = [];
  #ended = false;
  #error: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(socket: TLSSocket) {
    this.#socket = socket;
    const wake = () => {
      const w = this.#wake;
      this.#wake = undefined;
      w?.();
    };
    socket.on("data", (chunk: Uint8Array) => {
      this.#chunks.push(chunk);
      wake();
    });
    socket.on("end", () => {
      this.#ended = true;
      wake();
    });
    socket.on("close", () => {
      this.#ended = true;
      wake();
    });
    socket.on("error", (e: Error) => {
      this.#error = e;
      wake();
    });
  }

  /** Reads into `buf`; null at the end of the stream. */
  async read(buf: Uint8Array): Promise<number | null> {
    while (this.#chunks.length === 0 && !this.#ended && !this.#error) {
      await new Promise<void>((resolve) => this.#wake = resolve);
    }
    if (this.#chunks.length === 0) {
      if (this.#error) throw this.#error;
      return null;
    }
    const chunk = this.#chunks[0];
    const n = Math.min(buf.length, chunk.length);
    buf.set(chunk.subarray(0, n));
    if (n === chunk.length) this.#chunks.shift();
    else this.#chunks[0] = chunk.subarray(n);
    return n;
  }

  /** Writes all of `bytes`. */
  write(bytes: Uint8Array): Promise<number> {
    if (this.#error) return Promise.reject(this.#error);
    return new Promise((resolve, reject) => {
      this.#socket.write(bytes, (e?: Error | null) => e ? reject(e) : resolve(bytes.length));
    });
  }

  /** Closes the socket. */
  close(): void {
    this.#socket.destroy();
  }
}
