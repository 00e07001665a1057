/**
 * A workload's SLA criteria as the task file wrote them, for the results'
 * `sla` field.
 *
 * @module
 */
import type { SlaRef } from "../model/task_spec.ts";

/**
 * `{criterion: args}` as written, in order; the criteria scoped to windows
 * back under `"during": {kind: {criterion: args}}`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { slaAsWritten } from "./sla_as_written.ts";
 * assert.deepEqual(
 *   slaAsWritten([
 *     { name: "failure_rate", args: { max: 1 }, raw: { max: 1 } },
 *     { name: "failure_rate", args: { max: 20 }, raw: { max: 20 }, window: "fault" },
 *   ]),
 *   { failure_rate: { max: 1 }, during: { fault: { failure_rate: { max: 20 } } } },
 * );
 * ```
 */
export function slaAsWritten(refs: readonly SlaRef[]): Record<string, unknown> {
  const written: Record<string, unknown> = {};
  for (const ref of refs) {
    const raw = ref.raw ?? {};
    if (ref.window === undefined) {
      written[ref.name] = raw;
      continue;
    }
    const during = (written.during ??= {}) as Record<string, Record<string, unknown>>;
    (during[ref.window] ??= {})[ref.name] = raw;
  }
  return written;
}
