/**
 * Where raw iteration records go while the load runs, and come back from.
 *
 * @module
 */
import type { IterationRecord } from "../engine/iteration_record.ts";

/** Receives one workload's raw iterations as they complete. */
export interface IterationSink {
  /** Takes one record; must be cheap (it runs for every iteration). */
  write(record: IterationRecord): void;
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
