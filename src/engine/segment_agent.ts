/**
 * SegmentAgent: runs one segment of a workload's load for a coordinator and
 * reports back (see segment_protocol.ts). The same agent runs in a worker
 * thread, in a process of another machine, or in the coordinator's thread.
 *
 * @module
 */
import { type Clock, sleep, type TimerId } from "../clock/clock.ts";
import { errorInfo } from "../model/error_info.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import { SegmentSequence } from "../segment/segment_sequence.ts";
import { SegmentShare } from "../segment/segment_share.ts";
import { WorkloadStats } from "../stats/workload_stats.ts";
import { SlaChecker } from "../sla/sla_checker.ts";
import { ChunkBuffer } from "../store/chunk_buffer.ts";
import { deflateChunk, type StoredChunk } from "../store/record_chunk.ts";
import type { IterationSink } from "../store/result_store.ts";
import type { BreathePolicy } from "./iteration_driver.ts";
import { AbortedError } from "./iteration_executor.ts";
import { LocalLoad } from "./local_load.ts";
import type { FromSegment, SegmentJob, SegmentTally, ToSegment } from "./segment_protocol.ts";
import { SharedCount } from "./shared_count.ts";

/** Records in a chunk a segment sends (fewer when a report is due first). */
export const CHUNK_RECORDS = 1000;

/** What a {@linkcode SegmentAgent} runs with. */
export interface SegmentAgentOptions {
  /** The clock of this thread. */
  clock: Clock;
  /** When its runner yields to the event loop. */
  breathe: BreathePolicy;
  /** The registry of the built-in plugins and those of `modules`. */
  plugins: (modules: string[]) => Promise<PluginRegistry>;
  /** Sends a message to the coordinator; `transfer` lists buffers it may move instead of copy. */
  send: (message: FromSegment, transfer: ArrayBuffer[]) => void;
  /** Milliseconds between progress reports. */
  reportMs: number;
  /** Statistics go with every this many reports (and the last). @default 1 */
  statsEvery?: number;
}

/**
 * Takes the coordinator's messages for one segment job and runs it: builds
 * the load path (a {@linkcode LocalLoad} of the segment's share), starts it
 * when released, adds each completed iteration to the shared count (when
 * the coordinator shares one), and sends the records and statistics back as
 * they come.
 */
export class SegmentAgent {
  readonly #o: SegmentAgentOptions;
  #load: LocalLoad | undefined;
  #count: SharedCount | undefined;
  #stats = new WorkloadStats();
  #sla: SlaChecker | undefined;
  readonly #buffer = new ChunkBuffer();
  #sealed: StoredChunk[] = [];
  #reports = 0;
  #stopped: "stop" | Error | undefined;
  #closed = false;

  /** An agent that sends with `options.send`. */
  constructor(options: SegmentAgentOptions) {
    this.#o = options;
  }

  /** Takes one message from the coordinator. */
  receive(message: ToSegment): void {
    switch (message.type) {
      case "prepare":
        this.#prepare(message.job, message.count).then(
          () => this.#send({ type: "ready" }),
          (e) => this.#send({ type: "failed", message: errorInfo(e)[1] }),
        );
        break;
      case "go":
        this.#go(this.#o.clock.now() + message.inMs);
        break;
      case "stop":
        this.#stopped ??= "stop";
        this.#load?.stopStarting();
        break;
      case "abort": {
        const reason = new AbortedError(message.reason);
        this.#stopped = reason;
        this.#load?.abort(reason);
        break;
      }
    }
  }

  async #prepare(job: SegmentJob, memory: SharedArrayBuffer | undefined): Promise<void> {
    const plugins = await this.#o.plugins(job.plugins);
    const sequence = SegmentSequence.parse(job.sequence);
    this.#count = memory ? new SharedCount(memory) : undefined;
    // The criteria that merge their figures judge this segment's share here;
    // the coordinator merges the segments' figures (and judges the others).
    const sla = job.workload.sla.length ? new SlaChecker(job.workload.sla, plugins) : undefined;
    this.#sla = sla;
    const sink: IterationSink = {
      write: (record) => this.#write(record),
      writeChunk: (chunk) => void this.#sealed.push(chunk),
      flush() {},
      close() {},
    };
    this.#load = new LocalLoad({
      workload: job.workload,
      plugins,
      clock: this.#o.clock,
      seed: job.seed,
      breathe: this.#o.breathe,
      share: new SegmentShare(sequence, job.index),
      stats: { add: (record, iteration) => this.#stats.add(record, iteration) },
      sla: sla && {
        addIteration: (record) => sla.addIteration(record, undefined, "mergeable"),
        addResilience: (event) => sla.addResilience(event),
      },
      sink,
      signals: {
        // The coordinator starts the load's clock at the release, on its own clock.
        loadStarted: () => {},
        completed: () => {
          const point = this.#count?.add(1);
          if (point !== undefined) this.#send({ type: "reached", point });
        },
      },
    });
  }

  async #go(at: number): Promise<void> {
    const load = this.#load!;
    const { clock } = this.#o;
    const wait = at - clock.now();
    if (wait > 0) await sleep(clock, wait);
    if (this.#stopped instanceof Error) load.abort(this.#stopped);
    else if (this.#stopped) load.stopStarting();
    const tick = () => {
      this.#report(false);
      timer = clock.setTimeout(tick, this.#o.reportMs);
    };
    let timer: TimerId = clock.setTimeout(tick, this.#o.reportMs);
    let error: { name: string; message: string } | undefined;
    try {
      await load.run();
    } catch (e) {
      const [name, message] = errorInfo(e);
      error = { name, message };
    }
    clock.clearTimeout(timer);
    load.end();
    this.#report(true, error);
    this.#closed = true;
  }

  #write(record: IterationRecord): void {
    this.#buffer.add(record);
    if (this.#buffer.count >= CHUNK_RECORDS) this.#seal();
  }

  #seal(): void {
    if (this.#buffer.count === 0) return;
    // A copy: a deflated Buffer may share its memory with others, and a
    // transferred buffer is taken from this thread whole.
    const records = new Uint8Array(deflateChunk(this.#buffer.toJson()));
    this.#sealed.push({ count: this.#buffer.count, records });
    this.#buffer.clear();
  }

  #tally(): SegmentTally {
    const load = this.#load!;
    return { started: load.started, completed: load.completed, failed: load.failed };
  }

  #report(last: boolean, error?: { name: string; message: string }): void {
    this.#seal();
    const chunks = this.#sealed;
    this.#sealed = [];
    const transfer = chunks.map((c) => c.records.buffer as ArrayBuffer);
    const withStats = last || ++this.#reports % (this.#o.statsEvery ?? 1) === 0;
    const stats = withStats ? this.#stats.toState() : undefined;
    if (withStats) this.#stats = new WorkloadStats();
    const sla = this.#sla?.states();
    if (last) {
      this.#send(
        { type: "done", tally: this.#tally(), chunks, stats: stats!, sla, error },
        transfer,
      );
    } else {
      this.#send({ type: "progress", tally: this.#tally(), chunks, stats, sla }, transfer);
    }
  }

  #send(message: FromSegment, transfer: ArrayBuffer[] = []): void {
    if (!this.#closed) this.#o.send(message, transfer);
  }
}
