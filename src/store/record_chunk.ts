/**
 * How a chunk of iteration records is stored: their JSON text, deflated
 * (records repeat their keys, so a chunk shrinks about tenfold, and the
 * database writes that much less).
 *
 * @module
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { IterationRecord } from "../model/iteration_record.ts";

/** The stored form of a chunk's JSON text. */
export function deflateChunk(json: string): Uint8Array {
  return deflateRawSync(json, { level: 1 });
}

/** The records of a chunk stored by {@linkcode deflateChunk}. */
export function chunkRecords(records: Uint8Array): IterationRecord[] {
  return JSON.parse(inflateRawSync(records).toString("utf8"));
}
