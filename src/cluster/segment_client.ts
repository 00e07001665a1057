/**
 * The process of one segment of a load split over machines: it connects to
 * the coordinator, proves the shared token, and runs its segment of each
 * workload the coordinator sends, until the coordinator says the task is
 * over.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import { breathePolicyFor } from "../engine/iteration_driver.ts";
import { SegmentAgent } from "../engine/segment_agent.ts";
import type { ToSegment } from "../engine/segment_protocol.ts";
import type { ExecutionSegment } from "../segment/execution_segment.ts";
import type { SegmentSequence } from "../segment/segment_sequence.ts";
import { proof } from "./handshake.ts";
import { WireConnection, type WireMessage } from "./wire.ts";

/** Milliseconds between a remote segment's reports: its completed count reaches the hooks this often. */
export const REMOTE_REPORT_MS = 20;
/** Statistics go with every this many reports (every quarter of a second). */
const REMOTE_STATS_EVERY = 12;
/** Milliseconds between attempts to reach a coordinator that is not up yet. */
const RETRY_MS = 500;

/** What a segment's process runs with. */
export interface SegmentClientOptions {
  /** The coordinator's host name. */
  hostname: string;
  /** The address to connect to for it, when not looked up by name. */
  address?: string;
  /** Its port. */
  port: number;
  /** The shared token. */
  token: string;
  /** This process's segment. */
  segment: ExecutionSegment;
  /** The sequence it belongs to. */
  sequence: SegmentSequence;
  /** Digest of the task, as the coordinator computes it. */
  task: string;
  /** The plugins (built-in and `--plugin`'s). */
  plugins: PluginRegistry;
  /** The real clock. */
  clock: Clock;
  /** Milliseconds to keep trying to reach the coordinator. */
  connectTimeoutMs: number;
  /** Notes for the user. */
  log: (line: string) => void;
}

/** Why a segment's process ended early. */
export class SegmentClientError extends Error {
  /** Names itself `SegmentClientError`. */
  constructor(message: string) {
    super(message);
    this.name = "SegmentClientError";
  }
}

/**
 * Joins the coordinator and serves it until the task is over.
 * @throws {SegmentClientError} when the coordinator cannot be reached within
 *   the timeout, refuses the segment, or goes away before the task is over.
 */
export async function serveSegment(o: SegmentClientOptions): Promise<void> {
  const conn = await connect(o);
  let agent: SegmentAgent | undefined;
  let outcome: "over" | string | undefined;
  let welcomed = false;
  const ended = await conn.read((message: WireMessage) => {
    switch (message.type) {
      case "challenge":
        proof(o.token, String(message.nonce)).then((answer) =>
          conn.send({
            type: "hello",
            proof: answer,
            segment: o.segment.toString(),
            sequence: o.sequence.toString(),
            task: o.task,
          })
        );
        return;
      case "welcome":
        welcomed = true;
        o.log(`brunt: segment ${o.segment} joined the coordinator ${o.hostname}:${o.port}`);
        return;
      case "refused":
        outcome = `the coordinator refused segment ${o.segment}: ${message.reason}`;
        conn.close();
        return;
      case "bye":
        outcome = "over";
        conn.close();
        return;
    }
    if (!welcomed) return;
    const command = message as unknown as ToSegment;
    if (command.type === "prepare") {
      agent = new SegmentAgent({
        clock: o.clock,
        breathe: breathePolicyFor(o.clock),
        // This process's own plugins (--plugin), not the coordinator's paths.
        plugins: () => Promise.resolve(o.plugins),
        send: (reply) => conn.send(reply as unknown as WireMessage),
        reportMs: REMOTE_REPORT_MS,
        statsEvery: REMOTE_STATS_EVERY,
      });
    }
    agent?.receive(command);
  });
  if (outcome === "over") return;
  throw new SegmentClientError(
    outcome ?? `lost the coordinator ${o.hostname}:${o.port} before the task was over: ${ended}`,
  );
}

// Connects, retrying while the coordinator is not up yet (pods start in any order).
async function connect(o: SegmentClientOptions): Promise<WireConnection> {
  const deadline = Date.now() + o.connectTimeoutMs;
  let last = "";
  for (;;) {
    try {
      const hostname = o.address ?? o.hostname;
      return new WireConnection(await Deno.connect({ hostname, port: o.port }));
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() >= deadline) {
      throw new SegmentClientError(
        `cannot reach the coordinator ${o.hostname}:${o.port} within ${
          o.connectTimeoutMs / 1000
        } s: ${last}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
