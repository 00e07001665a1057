/**
 * What a coordinator and the segments of a split load tell each other: the
 * same messages whether a segment runs in a worker thread, in another
 * process or machine, or in the coordinator's own thread.
 *
 * A segment is prepared (`prepare`: it loads the plugins and builds its
 * load path), says `ready`, and starts its share of the load when released
 * (`go`: at one instant for all segments, a paused start). While it runs it
 * reports any hook point it reached on the
 * shared count (`reached`), and every so often `progress`: its counts, the
 * records completed since (in chunks, in their stored form) and its
 * statistics since (to merge). It ends with `done` (or `failed`, when it
 * could not be prepared). `stop` and `abort` are the soft and hard stops.
 *
 * @module
 */
import type { PluginRef } from "../model/task_spec.ts";
import type { WorkloadStatsState } from "../stats/workload_stats.ts";
import type { StoredChunk } from "../store/record_chunk.ts";

/** What a segment runs: its share of one workload's load. */
export interface SegmentJob {
  /** The workload's scenario and runner, with validated args, and its place in the task file. */
  workload: { scenario: PluginRef; runner: PluginRef; sla: PluginRef[]; path: string };
  /** The task's seed. */
  seed: number;
  /** The segment sequence, as `0,1/2,1`. */
  sequence: string;
  /** The segment's place in it. */
  index: number;
  /** Plugin modules to load first (`file:` URLs or specifiers), as `--plugin` loaded them. */
  plugins: string[];
}

/** A message from the coordinator to a segment. */
export type ToSegment =
  | {
    type: "prepare";
    job: SegmentJob;
    /** The shared completed-iteration count (see `SharedCount`), where memory can be shared. */
    count?: SharedArrayBuffer;
  }
  | {
    type: "go";
    /** Milliseconds after this message arrives that the load starts (the same instant for all). */
    inMs: number;
  }
  | { type: "stop" }
  | { type: "abort"; reason: string };

/** A segment's counts so far. */
export interface SegmentTally {
  /** Iterations started. */
  started: number;
  /** Iterations recorded. */
  completed: number;
  /** Iterations recorded with an error. */
  failed: number;
}

/** A message from a segment to the coordinator. */
export type FromSegment =
  | { type: "ready" }
  | { type: "reached"; point: number }
  | {
    type: "progress";
    tally: SegmentTally;
    chunks: StoredChunk[];
    stats?: WorkloadStatsState;
    /** The figures of the SLA criteria that merge them, over the segment's iterations so far. */
    sla?: unknown[];
  }
  | {
    type: "done";
    tally: SegmentTally;
    chunks: StoredChunk[];
    stats: WorkloadStatsState;
    /** The figures of the SLA criteria that merge them, over all the segment's iterations. */
    sla?: unknown[];
    /** The runner's error, when it failed. */
    error?: { name: string; message: string };
  }
  | { type: "failed"; message: string };
