/**
 * A workload's iterations waiting to be committed, in chunks of a fixed
 * number of records.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import { ChunkBuffer } from "./chunk_buffer.ts";

/**
 * Records in chunks of `chunkRecords`, oldest first; only the newest chunk
 * takes new records. Each chunk is committed as one row. The buffers of
 * dropped chunks are reused, so a steady load allocates none.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ChunkQueue } from "./chunk_queue.ts";
 * const queue = new ChunkQueue(2);
 * const record = {
 *   timestamp: 1, duration: 0.5, idle_duration: 0, error: [] as [],
 *   output: { additive: [], complete: [] }, atomic_actions: [],
 * };
 * for (let i = 0; i < 3; i++) queue.add(record);
 * assert.ok(queue.headFull);
 * assert.equal(queue.oldest(Infinity).length, 2);
 * assert.equal(queue.drop(1), 1);
 * assert.ok(!queue.headFull && !queue.empty);
 * ```
 */
export class ChunkQueue {
  readonly #size: number;
  // Pending chunks, oldest first; never empty (the last one takes new records).
  readonly #chunks: ChunkBuffer[] = [new ChunkBuffer()];
  readonly #spare: ChunkBuffer[] = [];

  /** An empty queue of chunks of `chunkRecords` records. */
  constructor(chunkRecords: number) {
    this.#size = chunkRecords;
  }

  /** Adds a record to the newest chunk, starting a new one when that is full. */
  add(record: IterationRecord): void {
    let last = this.#chunks[this.#chunks.length - 1];
    if (last.count >= this.#size) {
      last = this.#spare.pop() ?? new ChunkBuffer();
      this.#chunks.push(last);
    }
    last.add(record);
  }

  /** Whether no record is pending. */
  get empty(): boolean {
    return this.#chunks[0].count === 0;
  }

  /** Whether the oldest chunk is full (it is due for a commit). */
  get headFull(): boolean {
    return this.#chunks[0].count >= this.#size;
  }

  /** The oldest `count` chunks that hold records (fewer when fewer do), oldest first. */
  oldest(count: number): ChunkBuffer[] {
    const found: ChunkBuffer[] = [];
    for (const chunk of this.#chunks) {
      if (found.length >= count || chunk.count === 0) break;
      found.push(chunk);
    }
    return found;
  }

  /** Drops the oldest `count` chunks that hold records (or all); returns how many it dropped. */
  drop(count: number): number {
    let dropped = 0;
    const chunks = this.#chunks;
    while (dropped < count && chunks.length > 0 && chunks[0].count > 0) {
      const done = chunks.shift()!;
      done.clear();
      this.#spare.push(done);
      dropped++;
    }
    if (chunks.length === 0) chunks.push(this.#spare.pop() ?? new ChunkBuffer());
    return dropped;
  }
}
