/**
 * Failed iterations grouped by error: what failed, how often, and when it
 * first did, gathered in one streaming pass in bounded memory.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";

/** One kind of failure: iterations whose error type and message are the same. */
export interface FailureGroup {
  /** Error type (`ValueError`, `ConnectionError` …). */
  etype: string;
  /** Error message (cut to {@linkcode FailureGroupsOptions.maxMessage}). */
  msg: string;
  /** Details of the first iteration that failed so (cut likewise). */
  details: string;
  /** Iterations that failed so. */
  count: number;
  /** The first of them: its number in completion order (1-based) and its start, epoch seconds. */
  first: { iteration: number; timestamp: number };
}

/** Options of {@linkcode FailureGroups}. */
export interface FailureGroupsOptions {
  /**
   * Most groups kept; failures of other kinds after that are only counted.
   * @default 100
   */
  maxGroups?: number;
  /**
   * Characters of a message kept (longer ones are cut, saying how much was left out).
   * @default 500
   */
  maxMessage?: number;
  /**
   * Characters of the details kept.
   * @default 2000
   */
  maxDetails?: number;
}

/**
 * Takes iterations one at a time and groups the failed ones by error type
 * and message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import type { IterationRecord } from "@brunt/brunt";
 * import { FailureGroups } from "./failure_groups.ts";
 * const groups = new FailureGroups();
 * const failed = (msg: string, timestamp: number): IterationRecord => ({
 *   timestamp, duration: 0.01, idle_duration: 0, error: ["ValueError", msg, ""],
 *   output: { additive: [], complete: [] }, atomic_actions: [],
 * });
 * groups.add(failed("code 500", 10));
 * groups.add({ ...failed("", 11), error: [] });
 * groups.add(failed("code 500", 12));
 * const [group] = groups.result();
 * assert.equal(group.count, 2);
 * assert.equal(group.first.iteration, 1);
 * assert.equal(groups.failed, 2);
 * ```
 */
export class FailureGroups {
  readonly #groups = new Map<string, FailureGroup>();
  readonly #max: Required<FailureGroupsOptions>;
  #seen = 0;
  /** Failed iterations seen. */
  failed = 0;
  /** Failed iterations of kinds beyond the kept groups. */
  ungrouped = 0;

  /** An empty grouping. */
  constructor(options: FailureGroupsOptions = {}) {
    this.#max = { maxGroups: 100, maxMessage: 500, maxDetails: 2000, ...options };
  }

  /** Takes the next iteration, in completion order; successful ones are only counted. */
  add(record: IterationRecord): void {
    const iteration = ++this.#seen;
    if (!Array.isArray(record.error) || record.error.length === 0) return;
    this.failed++;
    const etype = String(record.error[0] ?? "");
    const msg = cut(String(record.error[1] ?? ""), this.#max.maxMessage);
    const key = `${etype}\u0000${msg}`;
    const group = this.#groups.get(key);
    if (group) {
      group.count++;
      return;
    }
    if (this.#groups.size >= this.#max.maxGroups) {
      this.ungrouped++;
      return;
    }
    this.#groups.set(key, {
      etype,
      msg,
      details: cut(String(record.error[2] ?? ""), this.#max.maxDetails),
      count: 1,
      first: { iteration, timestamp: record.timestamp },
    });
  }

  /** The groups, most frequent first (then the earliest first). */
  result(): FailureGroup[] {
    return [...this.#groups.values()].sort((a, b) =>
      b.count - a.count || a.first.iteration - b.first.iteration
    );
  }
}

/** `s` cut to `max` characters, saying how many were left out. */
export function cut(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length - max} more characters)` : s;
}
