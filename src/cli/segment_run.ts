/**
 * The processes of `run --segment`: the coordinator (the first segment's),
 * the others joining it, and a segment run alone.
 *
 * @module
 */
import { PreciseClock } from "../clock/precise_clock.ts";
import { Coordinator } from "../cluster/coordinator.ts";
import { REMOTE_REPORT_MS, SegmentClientError, serveSegment } from "../cluster/segment_client.ts";
import type { ClusterSplit } from "../engine/run_task.ts";
import type { SegmentsHeld } from "../model/results_document.ts";
import type { TaskSpec } from "../model/task_spec.ts";
import { SegmentShare } from "../segment/segment_share.ts";
import type { CliIo } from "./cli_io.ts";
import { EXIT } from "./exit_codes.ts";
import type { SegmentFlags } from "./segment_flags.ts";

/** A digest of the task as rendered: every process of a split load must run the same. */
export async function taskDigest(spec: TaskSpec): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(spec.input));
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Runs this process as one segment joining the coordinator, until the task
 * is over; returns the exit code (0, or 1 when the coordinator could not be
 * reached, refused it or went away).
 */
export async function runAsSegment(
  spec: TaskSpec,
  flags: SegmentFlags,
  io: CliIo,
  quiet: boolean,
): Promise<number> {
  const { hostname, port } = flags.coordinator!;
  if (!quiet) {
    io.err(`brunt: segment ${flags.segment} of ${flags.sequence}: joining ${hostname}:${port}`);
  }
  try {
    await serveSegment({
      hostname,
      address: flags.resolve.get(hostname),
      port,
      token: flags.token!,
      segment: flags.segment,
      sequence: flags.sequence,
      task: await taskDigest(spec),
      plugins: spec.plugins,
      clock: new PreciseClock(),
      connectTimeoutMs: flags.joinTimeoutMs,
      log: (line) => quiet || io.err(line),
    });
  } catch (e) {
    if (!(e instanceof SegmentClientError)) throw e;
    io.err(`brunt: ${e.message}`);
    return EXIT.slaFailed;
  }
  if (!quiet) io.err(`brunt: segment ${flags.segment}: the task is over`);
  return EXIT.ok;
}

/** The coordinator of a split load, once the others joined (or the wait is over). */
export interface StartedCoordinator {
  /** How each workload is split over the processes. */
  split: ClusterSplit;
  /** Which segments the results hold, once the task is over. */
  held(): SegmentsHeld;
  /** Tells the others the task is over. */
  close(): Promise<void>;
}

/** Listens for the other segments' processes and waits until all joined (or the timeout). */
export async function startCoordinator(
  spec: TaskSpec,
  flags: SegmentFlags,
  io: CliIo,
  quiet: boolean,
): Promise<StartedCoordinator> {
  const log = (line: string) => quiet || io.err(line);
  const coordinator = Coordinator.listen({
    hostname: "0.0.0.0",
    port: flags.coordinator!.port,
    token: flags.token!,
    sequence: flags.sequence,
    own: flags.index,
    task: await taskDigest(spec),
    log,
  });
  log(
    `brunt: coordinating ${flags.sequence.segments.length} segments of ${flags.sequence} on port ${coordinator.port}; waiting for ${
      coordinator.missing.join(", ")
    }`,
  );
  await coordinator.joined(flags.joinTimeoutMs);
  const missing = coordinator.missing;
  if (missing.length) {
    io.err(
      `brunt: segments ${missing.join(", ")} did not join within ${
        flags.joinTimeoutMs / 1000
      } s: the results will lack their share`,
    );
  }
  return {
    split: {
      sequence: flags.sequence,
      hosts: (own) => coordinator.hosts(own),
      // Time for the go to reach every machine before the load starts.
      releaseMs: 5 * REMOTE_REPORT_MS,
    },
    held: () => segmentsHeld(flags, coordinator.lost),
    close: () => coordinator.close(),
  };
}

// The segments a run holds: every one of the sequence but the lost ones.
function segmentsHeld(flags: SegmentFlags, lost: string[]): SegmentsHeld {
  const all = flags.sequence.segments.map((s) => s.toString());
  return {
    sequence: flags.sequence.toString(),
    included: all.filter((s) => !lost.includes(s)),
    lost: all.filter((s) => lost.includes(s)),
  };
}

/**
 * The task as a segment run alone runs it: its hooks removed (a hook point
 * is a moment of the whole load, which only a coordinator sees), and the
 * share of the load it runs.
 */
export function aloneTask(
  spec: TaskSpec,
  flags: SegmentFlags,
): { spec: TaskSpec; share: SegmentShare } {
  return {
    spec: {
      ...spec,
      subtasks: spec.subtasks.map((s) => ({
        ...s,
        workloads: s.workloads.map((w) => ({ ...w, hooks: [] })),
      })),
    },
    share: new SegmentShare(flags.sequence, flags.index),
  };
}
