/**
 * `run --segment`: which part of a load split over machines this process
 * runs, and how it meets the others.
 *
 * @module
 */
import { ExecutionSegment } from "../segment/execution_segment.ts";
import { SegmentSequence } from "../segment/segment_sequence.ts";
import { UsageError } from "./usage_error.ts";

/** The flags of a segment run, read. */
export interface SegmentFlags {
  /**
   * `coordinator`: the process of the sequence's first segment, which
   * listens for the others, fires the hooks and writes the results;
   * `segment`: another segment's process, which joins the coordinator;
   * `alone`: a segment run on its own (no coordinator: no hooks fire), whose
   * results `brunt merge` joins with the others'.
   */
  role: "coordinator" | "segment" | "alone";
  /** This process's segment. */
  segment: ExecutionSegment;
  /** The sequence. */
  sequence: SegmentSequence;
  /** The segment's place in it. */
  index: number;
  /** The coordinator's address (where the coordinator listens: its port). */
  coordinator?: { hostname: string; port: number };
  /** The shared token. */
  token?: string;
  /** Milliseconds the coordinator waits for the others, and a segment for the coordinator. */
  joinTimeoutMs: number;
  /** Addresses to use for host names, instead of looking them up (`--resolve`). */
  resolve: Map<string, string>;
}

/** Seconds to wait for the processes of the other segments by default. */
export const DEFAULT_JOIN_TIMEOUT_S = 300;

/** What `run`'s flags say about segments; undefined when the run is not split over processes. */
export function parseSegmentFlags(
  values: {
    segment?: string;
    "segment-sequence"?: string;
    "segment-index"?: string;
    coordinator?: string;
    token?: string;
    "join-timeout"?: string;
    resolve?: string;
    workers?: string;
  },
  env: (name: string) => string | undefined = (name) => Deno.env.get(name),
): SegmentFlags | undefined {
  const { coordinator: address } = values;
  const sequenceText = values["segment-sequence"];
  if (values.segment === undefined && sequenceText === undefined) {
    for (const flag of ["segment-index", "coordinator", "join-timeout", "resolve"] as const) {
      if (values[flag] !== undefined) {
        throw new UsageError(
          `--${flag} goes with --segment FROM:TO or --segment-sequence LIST (how the load is split)`,
        );
      }
    }
    return undefined;
  }
  if (values.workers !== undefined) {
    throw new UsageError(
      "--workers and --segment do not go together: a segment's process runs its segment in one " +
        "thread; split the load into more segments (one per core) instead",
    );
  }
  let sequence: SegmentSequence;
  let segment: ExecutionSegment;
  let index: number;
  if (values.segment !== undefined) {
    segment = read("--segment", () => ExecutionSegment.parse(values.segment!));
    sequence = sequenceText === undefined
      ? SegmentSequence.around(segment)
      : read("--segment-sequence", () => SegmentSequence.parse(sequenceText));
    index = read("--segment", () => sequence.indexOf(segment));
  } else {
    sequence = read("--segment-sequence", () => SegmentSequence.parse(sequenceText!));
    const [flag, text] = values["segment-index"] !== undefined
      ? ["--segment-index", values["segment-index"]]
      : ["JOB_COMPLETION_INDEX", env("JOB_COMPLETION_INDEX")];
    if (text === undefined) {
      throw new UsageError(
        "--segment-sequence needs this process's segment: --segment FROM:TO, --segment-index N, " +
          "or the JOB_COMPLETION_INDEX a Kubernetes Indexed Job sets",
      );
    }
    const count = sequence.segments.length;
    if (!/^\d+$/.test(text) || Number(text) >= count) {
      throw new UsageError(
        `${flag} must be a segment's place in the sequence, 0 to ${count - 1}; got "${text}"`,
      );
    }
    index = Number(text);
    segment = sequence.segments[index];
  }
  const joinTimeoutMs = parseSeconds(values["join-timeout"]) ?? DEFAULT_JOIN_TIMEOUT_S * 1000;
  const resolve = parseResolve(values.resolve ?? env("BRUNT_RESOLVE"));
  if (address === undefined) {
    return { role: "alone", segment, sequence, index, joinTimeoutMs, resolve };
  }
  const m = /^(.+):(\d+)$/.exec(address);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) {
    throw new UsageError(
      `--coordinator must be HOST:PORT, like brunt-0.brunt:7400; got "${address}"`,
    );
  }
  const token = values.token ?? env("BRUNT_TOKEN");
  if (!token) {
    throw new UsageError(
      "--coordinator needs a shared token: --token TOKEN or the environment variable " +
        "BRUNT_TOKEN, the same for every segment's process",
    );
  }
  return {
    role: index === 0 ? "coordinator" : "segment",
    segment,
    sequence,
    index,
    coordinator: { hostname: m[1].replace(/^\[(.*)\]$/, "$1"), port: Number(m[2]) },
    token,
    joinTimeoutMs,
    resolve,
  };
}

// HOST=ADDRESS[,HOST=ADDRESS…]
function parseResolve(text: string | undefined): Map<string, string> {
  const map = new Map<string, string>();
  if (!text) return map;
  for (const pair of text.split(",")) {
    const m = /^([^=\s]+)=([^=\s]+)$/.exec(pair.trim());
    if (!m) {
      throw new UsageError(
        `--resolve (or BRUNT_RESOLVE) takes HOST=ADDRESS pairs separated by commas, like ` +
          `brunt-0.brunt=10.0.0.7; got "${pair}"`,
      );
    }
    map.set(m[1], m[2]);
  }
  return map;
}

function read<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message}`);
  }
}

function parseSeconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(text) || Number(text) <= 0) {
    throw new UsageError(`--join-timeout must be a number of seconds above 0; got "${text}"`);
  }
  return Number(text) * 1000;
}
