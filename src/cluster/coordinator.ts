/**
 * Coordinator: where the processes of a load split over machines meet. The
 * process of a sequence's first segment listens; the processes of the
 * others connect, prove they hold the shared token and say which segment
 * they run; the coordinator runs the task once all have joined, with each
 * workload's load split over them, and fires every hook itself.
 *
 * The conversation, frames of `wire.ts`:
 *
 *     coordinator → segment  {type: "challenge", nonce}
 *     segment → coordinator  {type: "hello", proof, segment, sequence, task}
 *     coordinator → segment  {type: "welcome"} | {type: "refused", reason}
 *     … then the segment protocol (segment_protocol.ts) per workload …
 *     coordinator → segment  {type: "bye"}                 the task is over
 *
 * `proof` is HMAC-SHA-256(token, nonce) (handshake.ts), `task` a digest of
 * the task as rendered, so that every process runs the same task.
 *
 * @module
 */
import type { SegmentHost } from "../engine/segment_host.ts";
import type { FromSegment } from "../engine/segment_protocol.ts";
import type { SegmentSequence } from "../segment/segment_sequence.ts";
import { ExecutionSegment } from "../segment/execution_segment.ts";
import { newNonce, verify } from "./handshake.ts";
import { RemoteHost } from "./remote_host.ts";
import { WireConnection, type WireMessage } from "./wire.ts";

/** What a {@linkcode Coordinator} listens with. */
export interface CoordinatorOptions {
  /** Where to listen. */
  hostname: string;
  /** The port (0: any free one). */
  port: number;
  /** The shared token every segment must prove. */
  token: string;
  /** The sequence the load is split by. */
  sequence: SegmentSequence;
  /** The place of the coordinator's own segment in it. */
  own: number;
  /** Digest of the task: a segment running another task is refused. */
  task: string;
  /** Notes for the user (who joined, who was refused or lost). */
  log: (line: string) => void;
}

/** The coordinator's listener and the segments that joined it. */
export class Coordinator {
  readonly #o: CoordinatorOptions;
  readonly #listener: Deno.Listener;
  readonly #hosts: (RemoteHost | undefined)[];
  #joined = Promise.withResolvers<void>();
  #closed = false;
  readonly #lost = new Set<string>();

  private constructor(options: CoordinatorOptions, listener: Deno.Listener) {
    this.#o = options;
    this.#listener = listener;
    this.#hosts = options.sequence.segments.map(() => undefined);
    this.#accept();
  }

  /** Starts listening. */
  static listen(options: CoordinatorOptions): Coordinator {
    const listener = Deno.listen({ hostname: options.hostname, port: options.port });
    return new Coordinator(options, listener);
  }

  /** The port it listens on. */
  get port(): number {
    return (this.#listener.addr as Deno.NetAddr).port;
  }

  /** Segments (other than its own) that have not joined, as `from:to`. */
  get missing(): string[] {
    return this.#o.sequence.segments
      .filter((_, i) => i !== this.#o.own && !this.#connected(i))
      .map((s) => s.toString());
  }

  /** Segments lost on the way, or not there when a workload started, as `from:to`. */
  get lost(): string[] {
    return this.#o.sequence.segments.map((s) => s.toString()).filter((s) => this.#lost.has(s));
  }

  /** Resolves when every other segment has joined, or after `timeoutMs` (some may be missing then). */
  async joined(timeoutMs: number): Promise<void> {
    if (this.missing.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      this.#joined.promise,
      new Promise<void>((resolve) => timer = setTimeout(resolve, timeoutMs)),
    ]);
    clearTimeout(timer);
  }

  /**
   * The hosts of a workload's segments, in sequence order: `own` for the
   * coordinator's segment, each joined segment's process for the others,
   * and a host that is lost at once for a segment that is not connected.
   */
  hosts(own: SegmentHost): SegmentHost[] {
    return this.#o.sequence.segments.map((segment, i) => {
      if (i === this.#o.own) return own;
      const host = this.#hosts[i];
      if (host && !host.lost) return host;
      this.#lost.add(segment.toString());
      return new RemoteHost(segment.toString(), undefined, "its process is not connected");
    });
  }

  /** Tells every segment the task is over and stops listening. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#listener.close();
    await Promise.all(this.#hosts.map((h) => h?.bye()));
  }

  #connected(i: number): boolean {
    const host = this.#hosts[i];
    return host !== undefined && !host.lost;
  }

  async #accept(): Promise<void> {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await this.#listener.accept();
      } catch {
        return; // closed
      }
      this.#greet(new WireConnection(conn));
    }
  }

  // Authenticates a connection and makes it the host of its segment.
  async #greet(conn: WireConnection): Promise<void> {
    const nonce = newNonce();
    const { sequence, token, log } = this.#o;
    let host: RemoteHost | undefined;
    let hello: Promise<void> | undefined;
    const refuse = (reason: string) => {
      log(`brunt: refused ${conn.peer}: ${reason}`);
      conn.send({ type: "refused", reason });
      conn.flushed().then(() => conn.close());
    };
    conn.send({ type: "challenge", nonce });
    const ended = await conn.read((message: WireMessage) => {
      if (host) {
        host.received(message as unknown as FromSegment);
        return;
      }
      if (hello || message.type !== "hello") return;
      hello = (async () => {
        if (!(await verify(token, nonce, message.proof))) {
          return refuse("wrong token (the segments and the coordinator need the same --token)");
        }
        if (message.task !== this.#o.task) {
          return refuse("it runs another task (or other task args) than the coordinator");
        }
        if (message.sequence !== sequence.toString()) {
          return refuse(`its segment sequence is ${message.sequence}, not ${sequence}`);
        }
        let index: number;
        try {
          index = sequence.indexOf(ExecutionSegment.parse(String(message.segment)));
        } catch (e) {
          return refuse((e as Error).message);
        }
        if (index === this.#o.own || this.#connected(index)) {
          return refuse(`segment ${sequence.segments[index]} is already running`);
        }
        if (this.#closed) return refuse("the task is over");
        host = new RemoteHost(sequence.segments[index].toString(), conn);
        const rejoined = this.#hosts[index] !== undefined;
        this.#hosts[index] = host;
        conn.send({ type: "welcome" });
        log(`brunt: ${host.name} ${rejoined ? "rejoined" : "joined"}`);
        if (this.missing.length === 0) this.#joined.resolve();
      })();
    });
    if (host) {
      if (!this.#closed) {
        log(`brunt: ${host.name} was lost: ${ended}`);
        this.#lost.add(host.segment);
      }
      host.disconnected(ended);
    }
  }
}
