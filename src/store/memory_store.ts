import type { IterationRecord } from "../model/iteration_record.ts";
import type { IterationSink, ResultStore } from "./result_store.ts";
import { chunkRecords } from "./record_chunk.ts";

/**
 * Keeps raw iterations in memory: for tests and library use on small loads.
 * The CLI streams to files instead.
 */
export class MemoryStore implements ResultStore {
  readonly #records = new Map<string, IterationRecord[]>();

  /** Opens an in-memory sink. */
  openWorkload(workloadUuid: string): IterationSink {
    const list: IterationRecord[] = [];
    this.#records.set(workloadUuid, list);
    return {
      write: (r) => void list.push(r),
      writeChunk: (chunk) => void list.push(...chunkRecords(chunk.records)),
      flush() {},
      close() {},
    };
  }

  /** The workload's records. */
  iterations(workloadUuid: string): IterationRecord[] {
    return this.#records.get(workloadUuid) ?? [];
  }
}
