/**
 * Where raw iteration records go while the load runs, and come back from.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import type { HookRunResult } from "../model/hook_result.ts";
import type { StoredChunk } from "./record_chunk.ts";

/**
 * Receives one workload's raw iterations as they complete. Its methods
 * never throw into the load: a store that cannot keep what it is given
 * (a full disk) says so its own way, once the run is over.
 */
export interface IterationSink {
  /** Takes one record; must be cheap (it runs for every iteration). */
  write(record: IterationRecord): void;
  /**
   * Takes a chunk of records already in their stored form: a worker's share
   * of the load, written as it arrives.
   */
  writeChunk(chunk: StoredChunk): void;
  /**
   * Takes one finished hook run of the workload, as soon as it ends, so a
   * run killed later still shows it; optional (a store that keeps nothing
   * beyond the final results leaves it out).
   *
   * @param hookIndex The hook's place in the workload's configuration.
   * @param seq The run's firing order within the workload (1, 2, …).
   * @param run The run's result.
   */
  hookRun?(hookIndex: number, seq: number, run: HookRunResult): void;
  /** Makes every record written so far durable. */
  flush(): void;
  /** Flushes and releases the sink. */
  close(): void;
}

/** A place for the raw iterations of a task's workloads. */
export interface ResultStore {
  /** Opens the sink of the workload with id `workloadUuid`. */
  openWorkload(workloadUuid: string): IterationSink;
  /** The recorded iterations of a workload, in completion order, read lazily. */
  iterations(workloadUuid: string): Iterable<IterationRecord>;
}
