/**
 * SegmentHost: where one segment of a split load runs, as the coordinator
 * talks to it — a worker thread, another process, or this thread.
 *
 * @module
 */
import type { FromSegment, ToSegment } from "./segment_protocol.ts";

/** A place that runs one segment's {@linkcode SegmentAgent}, and the line to it. */
export interface SegmentHost {
  /** Whether the segment runs in this process and can share the completed count's memory. */
  readonly sharesMemory: boolean;
  /** Whether it runs in a thread of its own (its claims can be waited for in shared memory). */
  readonly threaded: boolean;
  /** What the host is, for messages: `worker 2`, `10.0.0.7:41234`. */
  readonly name: string;
  /** Sends a message to the segment. */
  send(message: ToSegment): void;
  /**
   * Starts taking the segment's messages, and hears when the segment is
   * lost (its thread died, its connection dropped) with what happened.
   */
  listen(onMessage: (message: FromSegment) => void, onLost: (reason: string) => void): void;
  /**
   * The coordinator is done with the segment: its messages are no longer
   * listened to. `ended` says whether the segment ended its job (its thread
   * can take another) or may still be running (its thread must go).
   */
  release(ended: boolean): void;
}
