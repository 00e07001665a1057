/**
 * SegmentedLoad: a workload's load split into execution segments that run
 * elsewhere (worker threads, other machines), as the coordinator sees it.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { SlaChecker } from "../sla/sla_checker.ts";
import type { ResilienceAnalyzer } from "../stats/resilience_analyzer.ts";
import { WorkloadStats } from "../stats/workload_stats.ts";
import { chunkRecords, type StoredChunk } from "../store/record_chunk.ts";
import type { IterationSink } from "../store/result_store.ts";
import type { Load } from "./load.ts";
import type { SegmentHost } from "./segment_host.ts";
import type { FromSegment, SegmentJob, SegmentTally } from "./segment_protocol.ts";
import { SharedCount } from "./shared_count.ts";
import { SharedCountSeam } from "./shared_count_seam.ts";

/** Where a split load's results are merged: the workload's own statistics, SLA and sink. */
export interface MergeTargets {
  /** The workload's statistics: each segment's are merged in. */
  stats: WorkloadStats;
  /**
   * The workload's SLA criteria: those that merge figures get the segments'
   * at the end, the others see every record as it arrives.
   */
  sla: SlaChecker;
  /** A new checker of the same criteria, to judge the segments' merged figures while they run. */
  freshSla: () => SlaChecker;
  /** The workload's raw-iteration sink: it takes each segment's chunks. */
  sink: IterationSink;
  /**
   * The resilience analysis, for a workload with hooks: it hears each
   * record as its segment reports it (every report interval), so figures
   * that follow completion order are exact to within that interval.
   */
  windows?: ResilienceAnalyzer;
  /** Called once when a criterion fails. */
  onSlaFailure: () => void;
}

/** What a {@linkcode SegmentedLoad} runs. */
export interface SegmentedLoadOptions {
  /** One host per segment of the sequence, in order. */
  hosts: SegmentHost[];
  /** The job of each segment (the same but for `index`). */
  job: Omit<SegmentJob, "index">;
  /** Where the results go. */
  targets: MergeTargets;
  /** The coordinator's clock. */
  clock: Clock;
  /**
   * Milliseconds from the moment every segment is ready to the start they
   * are all released at (time for the `go` to reach them all).
   * @default {0}
   */
  releaseMs?: number;
}

/** A host's part, as the coordinator keeps it. */
interface Segment {
  host: SegmentHost;
  tally: SegmentTally;
  /** The figures of its SLA criteria that merge them, as last reported. */
  sla?: unknown[];
  /** Whether it said `done`. */
  ended?: boolean;
  ready: PromiseWithResolvers<void>;
  done: PromiseWithResolvers<void>;
  error?: Error;
}

/**
 * The coordinator's side of a load split over segment hosts: prepares every
 * segment, releases them together, merges what they stream (records into
 * the sink and past the SLA criteria, statistics exactly), and passes the
 * global completed count to the hooks through a {@linkcode SharedCountSeam}.
 * A segment lost on the way leaves what it sent merged and fails the load
 * with a message naming it.
 */
export class SegmentedLoad implements Load {
  /** The hook side's seam of this load. */
  readonly seam: SharedCountSeam;
  /** Called once, when the segments are released (the load's start). */
  onLoadStart: (at: number) => void = () => {};
  readonly #o: SegmentedLoadOptions;
  readonly #segments: Segment[];
  readonly #memory: SharedArrayBuffer;
  #slaFailed = false;
  #stopped: "stop" | Error | undefined;
  #stopListening: (() => void) | undefined;

  /** A load over `options.hosts`. */
  constructor(options: SegmentedLoadOptions) {
    this.#o = options;
    this.#memory = SharedCount.memory();
    this.seam = new SharedCountSeam(this.#memory);
    const { windows, sla } = options.targets;
    windows?.listen((event) => {
      if (!sla.addResilience(event)) this.#slaFail();
    });
    this.#segments = options.hosts.map((host) => ({
      host,
      tally: { started: 0, completed: 0, failed: 0 },
      ready: Promise.withResolvers<void>(),
      done: Promise.withResolvers<void>(),
    }));
  }

  /** Prepares every segment, releases them at once and waits for all to end. */
  async run(): Promise<void> {
    const { job, clock } = this.#o;
    // Threads post their claims in the shared memory too: heard there, a
    // hook point does not wait behind the reports queued before its message.
    if (this.#o.hosts.some((h) => h.sharesMemory && h.threaded)) {
      this.#stopListening = this.seam.count.claims((point) => this.seam.reached(point));
    }
    this.#segments.forEach((segment, index) => {
      const { host } = segment;
      host.listen(
        (message) => this.#receive(segment, message),
        (reason) => this.#lose(segment, reason),
      );
      host.send({
        type: "prepare",
        job: { ...job, index },
        count: host.sharesMemory ? this.#memory : undefined,
      });
    });
    try {
      await Promise.all(this.#segments.map((s) => s.ready.promise));
    } catch (e) {
      for (const s of this.#segments) {
        s.host.send({ type: "abort", reason: "another segment failed" });
      }
      throw e;
    }
    const inMs = this.#o.releaseMs ?? 0;
    const at = clock.now() + inMs;
    for (const s of this.#segments) s.host.send({ type: "go", inMs });
    if (this.#stopped) this.#tellAll(this.#stopped);
    else {
      // The load starts at the release, on this clock: every segment starts
      // its first iteration then, and no late message (a busy thread, a far
      // machine, a clock that is off) can shift the time points.
      this.seam.loadStarted(at);
      this.onLoadStart(at);
    }
    await Promise.all(this.#segments.map((s) => s.done.promise));
    const { sla } = this.#o.targets;
    for (const s of this.#segments) if (s.sla) sla.mergeStates(s.sla);
    const failed = this.#segments.find((s) => s.error);
    if (failed) throw failed.error;
  }

  /** Soft stop of every segment. */
  stopStarting(): void {
    if (this.#stopped) return;
    this.#stopped = "stop";
    this.#tellAll("stop");
  }

  /** Hard stop of every segment. */
  abort(reason: Error): void {
    this.#stopped = reason;
    this.#tellAll(reason);
  }

  /** Iterations started, all segments together (as last reported). */
  get started(): number {
    return this.#sum("started");
  }
  /** Iterations recorded, all segments together. */
  get completed(): number {
    return Math.max(this.seam.count.completed, this.#sum("completed"));
  }
  /** Iterations recorded with an error, all segments together (as last reported). */
  get failed(): number {
    return this.#sum("failed");
  }

  /** Lets go of the hosts. */
  end(): void {
    this.#stopListening?.();
    for (const s of this.#segments) s.host.release(s.ended === true);
  }

  #tellAll(how: "stop" | Error): void {
    for (const s of this.#segments) {
      s.host.send(how === "stop" ? { type: "stop" } : { type: "abort", reason: how.message });
    }
  }

  #sum(key: keyof SegmentTally): number {
    let n = 0;
    for (const s of this.#segments) n += s.tally[key];
    return n;
  }

  #receive(segment: Segment, message: FromSegment): void {
    switch (message.type) {
      case "ready":
        segment.ready.resolve();
        break;
      case "failed":
        segment.ready.reject(
          new Error(`segment ${segment.host.name} could not start: ${message.message}`),
        );
        break;
      case "reached":
        this.seam.reached(message.point);
        break;
      case "progress":
      case "done":
        this.#merge(segment, message.tally, message.chunks, message.stats);
        if (message.sla) {
          segment.sla = message.sla;
          this.#judgeMerged();
        }
        if (message.type === "done") {
          if (message.error) {
            const error = new Error(message.error.message);
            error.name = message.error.name;
            segment.error = error;
          }
          segment.ended = true;
          segment.done.resolve();
        }
        break;
    }
  }

  #merge(
    segment: Segment,
    tally: SegmentTally,
    chunks: StoredChunk[],
    stats: ReturnType<WorkloadStats["toState"]> | undefined,
  ): void {
    const { sink, sla, windows } = this.#o.targets;
    for (const chunk of chunks) {
      sink.writeChunk(chunk);
      if (sla.needsRecords || windows) this.#judge(chunkRecords(chunk.records));
    }
    if (stats) this.#o.targets.stats.merge(WorkloadStats.fromState(stats));
    if (!segment.host.sharesMemory) this.seam.add(tally.completed - segment.tally.completed);
    segment.tally = tally;
  }

  // The resilience analysis counts each record here, and the criteria that
  // cannot merge figures judge it.
  #judge(records: IterationRecord[]): void {
    const { sla, windows } = this.#o.targets;
    for (const record of records) {
      const window = windows?.add(record);
      if (!sla.addIteration(record, window, "unmergeable")) this.#slaFail();
    }
  }

  // The others judge the segments' figures merged, after each report.
  #judgeMerged(): void {
    if (this.#slaFailed) return;
    const probe = this.#o.targets.freshSla();
    for (const s of this.#segments) if (s.sla) probe.mergeStates(s.sla);
    if (!probe.holds("mergeable")) this.#slaFail();
  }

  #slaFail(): void {
    if (this.#slaFailed) return;
    this.#slaFailed = true;
    this.#o.targets.onSlaFailure();
  }

  #lose(segment: Segment, reason: string): void {
    const error = new Error(
      `segment ${segment.host.name} was lost: ${reason}; the results merge what it sent before`,
    );
    error.name = "SegmentLost";
    segment.error ??= error;
    segment.ready.reject(error);
    segment.done.resolve();
  }
}
