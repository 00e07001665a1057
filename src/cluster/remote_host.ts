/**
 * RemoteHost: a segment of a split load that runs in another process
 * (another machine), connected to the coordinator over TCP.
 *
 * @module
 */
import type { SegmentHost } from "../engine/segment_host.ts";
import type { FromSegment, ToSegment } from "../engine/segment_protocol.ts";
import type { WireConnection, WireMessage } from "./wire.ts";

/**
 * A {@linkcode SegmentHost} at the other end of a connection. It shares no
 * memory: its completed count comes with its reports. Once its connection
 * is gone it is lost for good (a re-run of its segment joins as a new host).
 */
export class RemoteHost implements SegmentHost {
  /** Another process: no shared memory. */
  readonly sharesMemory = false;
  /** Not a thread of this process. */
  readonly threaded = false;
  /** `segment 1/4:1/2 (10.0.0.7:41234)`. */
  readonly name: string;
  /** Its segment, `from:to`. */
  readonly segment: string;
  readonly #conn: WireConnection | undefined;
  #onMessage: ((message: FromSegment) => void) | undefined;
  #onLost: ((reason: string) => void) | undefined;
  #lost: string | undefined;

  /**
   * The host of `segment` behind `conn`; without a connection, a segment
   * that never joined (lost from the start, for `reason`).
   */
  constructor(segment: string, conn: WireConnection | undefined, reason = "") {
    this.name = conn ? `segment ${segment} (${conn.peer})` : `segment ${segment}`;
    this.segment = segment;
    this.#conn = conn;
    if (!conn) this.#lost = reason;
  }

  /** Whether its connection is gone. */
  get lost(): boolean {
    return this.#lost !== undefined;
  }

  /** Sends `message` to the segment's process. */
  send(message: ToSegment): void {
    this.#conn?.send(message as unknown as WireMessage);
  }

  /** Takes the segment's messages; hears at once when it is already lost. */
  listen(onMessage: (message: FromSegment) => void, onLost: (reason: string) => void): void {
    this.#onMessage = onMessage;
    this.#onLost = onLost;
    if (this.#lost !== undefined) queueMicrotask(() => onLost(this.#lost!));
  }

  /** Stops taking its messages. */
  release(): void {
    this.#onMessage = undefined;
    this.#onLost = undefined;
  }

  /** A message from the segment's process. */
  received(message: FromSegment): void {
    this.#onMessage?.(message);
  }

  /** The connection ended. */
  disconnected(reason: string): void {
    this.#lost ??= reason;
    this.#onLost?.(reason);
  }

  /** Tells the segment's process the task is over, and closes the connection once that is sent. */
  async bye(): Promise<void> {
    if (!this.#conn || this.lost) return;
    this.#conn.send({ type: "bye" });
    await this.#conn.flushed();
    this.#conn.close();
  }
}
