/**
 * Test helpers for the SLA suites: iteration records, schema validation and
 * a measure of how much state an object holds.
 *
 * @module
 */
import { Ajv } from "ajv";
import type { AtomicAction, IterationRecord } from "../src/model/iteration_record.ts";
import type { JsonSchema } from "../src/model/plugin_registry.ts";

/** What {@linkcode record} takes besides the duration. */
export interface RecordOptions {
  /** Mark the iteration failed with this `[etype, msg, details]`, or a default error. */
  error?: [string, string, string] | true;
  /** Top-level atomic actions as `[name, seconds]`, run back to back from the start. */
  atomics?: Array<[string, number] | AtomicAction>;
  /** Start, epoch seconds. */
  timestamp?: number;
}

/** An iteration record of `duration` seconds; successful unless `error` is given. */
export function record(duration: number, options: RecordOptions = {}): IterationRecord {
  const timestamp = options.timestamp ?? 1_700_000_000;
  let at = timestamp;
  const actions = (options.atomics ?? []).map((entry): AtomicAction => {
    if (!Array.isArray(entry)) return entry;
    const [name, seconds] = entry;
    const action = { name, started_at: at, finished_at: at + seconds, children: [] };
    at += seconds;
    return action;
  });
  const error = options.error === true
    ? ["Error", "boom", "Traceback"] as [string, string, string]
    : options.error ?? [];
  return {
    timestamp,
    duration,
    idle_duration: 0,
    error,
    output: { additive: [], complete: [] },
    atomic_actions: actions,
  };
}

/** A failed iteration record of `duration` seconds. */
export function failed(duration: number, options: RecordOptions = {}): IterationRecord {
  return record(duration, { ...options, error: options.error ?? true });
}

/** A validator for `schema` as the registry would use it (ajv, defaults filled in). */
export function validator(schema: JsonSchema): (value: unknown) => boolean {
  const check = new Ajv({ allErrors: true, useDefaults: true }).compile(schema);
  return (value) => check(value);
}

/**
 * How many slots an object's state holds, counted through nested objects,
 * arrays, maps and sets; equal before and after more iterations means the
 * state did not grow.
 */
export function footprint(value: unknown, seen = new Set<unknown>()): number {
  if (value === null || typeof value !== "object" || seen.has(value)) return 1;
  seen.add(value);
  let slots = 1;
  if (value instanceof Map) {
    for (const [k, v] of value) slots += footprint(k, seen) + footprint(v, seen);
  } else if (value instanceof Set) {
    for (const v of value) slots += footprint(v, seen);
  } else {
    for (const v of Object.values(value)) slots += footprint(v, seen);
  }
  return slots;
}
