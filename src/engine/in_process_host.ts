/**
 * InProcessHost: a segment of a split load run in the coordinator's own
 * thread, on its clock: how a split load runs on a simulated clock, the same
 * every time.
 *
 * @module
 */
import { SegmentAgent, type SegmentAgentOptions } from "./segment_agent.ts";
import type { SegmentHost } from "./segment_host.ts";
import type { FromSegment, ToSegment } from "./segment_protocol.ts";

/**
 * A {@linkcode SegmentHost} whose agent runs in this thread. Messages go
 * both ways as microtasks, in order, as they would between threads (but in
 * an order that is the same on every run).
 */
export class InProcessHost implements SegmentHost {
  /** It shares memory: it is this thread. */
  readonly sharesMemory = true;
  /** It is not threaded: its claims come as messages, in a deterministic order. */
  readonly threaded = false;
  /** `segment N`. */
  readonly name: string;
  readonly #agent: SegmentAgent;
  #onMessage: ((message: FromSegment) => void) | undefined;

  /** A host named `name` whose agent runs with `options`. */
  constructor(name: string, options: Omit<SegmentAgentOptions, "send">) {
    this.name = name;
    this.#agent = new SegmentAgent({
      ...options,
      send: (message) => queueMicrotask(() => this.#onMessage?.(message)),
    });
  }

  /** Passes `message` to the agent. */
  send(message: ToSegment): void {
    queueMicrotask(() => this.#agent.receive(message));
  }

  /** Takes the agent's messages (a thread is never lost). */
  listen(onMessage: (message: FromSegment) => void): void {
    this.#onMessage = onMessage;
  }

  /** Stops taking its messages. */
  release(): void {
    this.#onMessage = undefined;
  }
}
