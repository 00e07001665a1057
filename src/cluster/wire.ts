/**
 * The coordinator's wire format: messages over one TCP connection, each a
 * frame of a JSON header and the binary parts it names (chunks of records).
 *
 *     frame  = u32 length of the rest, u32 header length, header (UTF-8 JSON), binary parts
 *
 * Numbers are big-endian. In the header every `Uint8Array` of the message is
 * replaced by `{"$bytes": n}` and its bytes follow, in order.
 *
 * @module
 */

/** Largest frame accepted: a report carries at most a few chunks. */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;

/** A message: JSON-able values and `Uint8Array`s. */
export type WireMessage = Record<string, unknown>;

/** Encodes `message` as one frame. */
export function encodeFrame(message: WireMessage): Uint8Array {
  const parts: Uint8Array[] = [];
  const header = new TextEncoder().encode(JSON.stringify(message, (_key, value) => {
    if (value instanceof Uint8Array) {
      parts.push(value);
      return { $bytes: value.length };
    }
    return value;
  }));
  const rest = 4 + header.length + parts.reduce((n, p) => n + p.length, 0);
  const frame = new Uint8Array(4 + rest);
  const view = new DataView(frame.buffer);
  view.setUint32(0, rest);
  view.setUint32(4, header.length);
  frame.set(header, 8);
  let at = 8 + header.length;
  for (const p of parts) {
    frame.set(p, at);
    at += p.length;
  }
  return frame;
}

/** Decodes the frame body (what follows the length): the message with its bytes back in place. */
export function decodeFrame(body: Uint8Array): WireMessage {
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const headerLength = view.getUint32(0);
  let at = 4 + headerLength;
  const text = new TextDecoder().decode(body.subarray(4, at));
  return JSON.parse(text, (_key, value) => {
    if (value !== null && typeof value === "object" && typeof value.$bytes === "number") {
      const bytes = body.slice(at, at + value.$bytes);
      at += value.$bytes;
      return bytes;
    }
    return value;
  });
}

/**
 * A connection that sends and receives {@linkcode WireMessage}s. Writes are
 * queued so frames never interleave; reading runs until the peer closes.
 */
export class WireConnection {
  readonly #conn: Deno.Conn;
  #writing: Promise<void> = Promise.resolve();
  #closed = false;

  /** Wraps an open connection. */
  constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** The peer's address, as `host:port`. */
  get peer(): string {
    const a = this.#conn.remoteAddr as Deno.NetAddr;
    return `${a.hostname}:${a.port}`;
  }

  /** Sends `message` (after those sent before it). */
  send(message: WireMessage): void {
    if (this.#closed) return;
    const frame = encodeFrame(message);
    this.#writing = this.#writing.then(async () => {
      let off = 0;
      while (off < frame.length) off += await this.#conn.write(frame.subarray(off));
    }).catch(() => this.close());
  }

  /** Resolves once everything sent so far is written. */
  flushed(): Promise<void> {
    return this.#writing;
  }

  /**
   * Reads messages until the peer closes the connection (or it breaks),
   * passing each to `onMessage`; resolves then, with why it ended.
   */
  async read(onMessage: (message: WireMessage) => void): Promise<string> {
    let buf = new Uint8Array(64 * 1024);
    let start = 0;
    let end = 0;
    try {
      for (;;) {
        while (end - start >= 4) {
          const length = new DataView(buf.buffer, start, 4).getUint32(0);
          if (length > MAX_FRAME_BYTES) throw new Error(`a frame of ${length} bytes is too large`);
          if (end - start < 4 + length) break;
          onMessage(decodeFrame(buf.subarray(start + 4, start + 4 + length)));
          start += 4 + length;
        }
        if (start === end) start = end = 0;
        const need = end - start >= 4 ? 4 + new DataView(buf.buffer, start, 4).getUint32(0) : 4;
        if (buf.length - start < need || buf.length === end) {
          const grown = new Uint8Array(Math.max(buf.length, need * 2));
          grown.set(buf.subarray(start, end));
          [buf, end, start] = [grown, end - start, 0];
        }
        const n = await this.#conn.read(buf.subarray(end));
        if (n === null) return "the connection was closed";
        end += n;
      }
    } catch (e) {
      return this.#closed ? "the connection was closed" : (e as Error).message;
    }
  }

  /** Closes the connection. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#conn.close();
    } catch {
      // Closed by the peer already.
    }
  }
}
