/**
 * How a chunk of iteration records is stored: their JSON text, deflated
 * (records repeat their keys, so a chunk shrinks about tenfold, and the
 * database writes that much less).
 *
 * @module
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { IterationRecord } from "../model/iteration_record.ts";

/**
 * A chunk of records in its stored form, as a worker sends its share of a
 * load's iterations: `count` records, their JSON array text deflated.
 */
export interface StoredChunk {
  /** Records in the chunk. */
  count: number;
  /** Their JSON array text, deflated (see {@linkcode deflateChunk}). */
  records: Uint8Array;
}

/** The stored form of a chunk's JSON text. */
export function deflateChunk(json: string): Uint8Array {
  return deflateRawSync(json, { level: 1 });
}

/** The records of a chunk stored by {@linkcode deflateChunk}. */
export function chunkRecords(records: Uint8Array): IterationRecord[] {
  return JSON.parse(inflateRawSync(records).toString("utf8"));
}
