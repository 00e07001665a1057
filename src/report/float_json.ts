/**
 * JSON text in which times and durations are floats, as Rally writes them
 * and as its importer demands (`0.0`, never `0`; an integer `idle_duration`
 * makes `rally task import` refuse the whole file).
 *
 * @module
 */
import type { AtomicAction, IterationRecord } from "../model/iteration_record.ts";

/**
 * The JSON text of a time or duration: a float even when its value is whole
 * (`0` → `0.0`, `1700000000` → `1700000000.0`); `null` for a number that is
 * not finite, as JSON.stringify writes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { floatJson } from "./float_json.ts";
 * assert.equal(floatJson(0), "0.0");
 * assert.equal(floatJson(0.25), "0.25");
 * assert.equal(floatJson(1e21), "1e+21");
 * ```
 */
export function floatJson(value: number): string {
  if (!Number.isFinite(value)) return "null";
  // Whole numbers from 1e21 on are written with an exponent, which reads as a float already.
  return Number.isInteger(value) && Math.abs(value) < 1e21 ? `${value}.0` : String(value);
}

/**
 * One raw iteration as JSON on one line, its `timestamp`, `duration`,
 * `idle_duration` and atomic actions' `started_at`/`finished_at` as floats.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { iterationJson } from "./float_json.ts";
 * const text = iterationJson({
 *   timestamp: 1700000000, duration: 0.5, idle_duration: 0, error: [],
 *   output: { additive: [], complete: [] }, atomic_actions: [],
 * });
 * assert.equal(
 *   text,
 *   '{"timestamp":1700000000.0,"duration":0.5,"idle_duration":0.0,"error":[],' +
 *     '"output":{"additive":[],"complete":[]},"atomic_actions":[]}',
 * );
 * ```
 */
export function iterationJson(record: IterationRecord): string {
  return `{"timestamp":${floatJson(record.timestamp)},"duration":${
    floatJson(record.duration)
  },"idle_duration":${floatJson(record.idle_duration)},"error":${
    JSON.stringify(record.error)
  },"output":${JSON.stringify(record.output)},"atomic_actions":${
    actionsJson(record.atomic_actions)
  }}`;
}

function actionsJson(actions: AtomicAction[]): string {
  if (actions.length === 0) return "[]";
  return `[${
    actions.map((a) =>
      `{"name":${JSON.stringify(a.name)},"started_at":${floatJson(a.started_at)},"finished_at":${
        floatJson(a.finished_at)
      },"children":${actionsJson(a.children)}${a.failed === true ? ',"failed":true' : ""}}`
    ).join(",")
  }]`;
}

/**
 * `JSON.stringify(value, null, indent)` with the whole numbers that
 * `isFloat` picks written as floats. `isFloat` sees each number with its key
 * and the object holding it (so `max` of a statistics row can be told from
 * `max` of an SLA criterion's args).
 */
export function stringifyWithFloats(
  value: unknown,
  isFloat: (holder: Record<string, unknown>, key: string) => boolean,
  indent = 2,
): string {
  // Marked numbers travel as strings with a marker no text in the document can hold.
  const marker = `__brunt_float_${crypto.randomUUID()}_`;
  const text = JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      return typeof v === "number" && Number.isInteger(v) && Math.abs(v) < 1e21 &&
          isFloat(this, key)
        ? `${marker}${v}`
        : v;
    },
    indent,
  );
  return text.replace(new RegExp(`"${marker}(-?\\d+)"`, "g"), "$1.0");
}

/**
 * Where a results document (brunt's or Rally's form) holds times and
 * durations: a workload's `start_time`, `load_duration`, `full_duration`,
 * `min_duration`, `max_duration`; a hook run's `started_at`/`finished_at`;
 * the figures of a statistics row.
 */
export function isResultsFloat(holder: Record<string, unknown>, key: string): boolean {
  if ("total_iteration_count" in holder) return WORKLOAD_FLOATS.has(key);
  if ("triggered_by" in holder) return key === "started_at" || key === "finished_at";
  if ("iteration_count" in holder && "success" in holder) return STATS_FLOATS.has(key);
  return false;
}

const WORKLOAD_FLOATS = new Set([
  "start_time",
  "load_duration",
  "full_duration",
  "min_duration",
  "max_duration",
]);
const STATS_FLOATS = new Set(["min", "median", "90%ile", "95%ile", "max", "avg"]);
