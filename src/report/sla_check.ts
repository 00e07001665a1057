/**
 * Rally's `task sla-check`: every SLA verdict of a task, one row each, as a
 * table or as Rally's one-line JSON.
 *
 * @module
 */
import type { ResultsDocument } from "../model/results_document.ts";
import { renderTable } from "./text_table.ts";

/** One verdict, with Rally's keys in Rally's order. */
export interface SlaCheckRow {
  /** The criterion. */
  criterion: string;
  /** What was measured against what. */
  detail: string;
  /** `PASS` or `FAIL`. */
  status: "PASS" | "FAIL";
  /** The workload's scenario. */
  benchmark: string;
  /** The workload's place in its subtask. */
  pos: number;
}

/**
 * The verdicts of every workload of `doc`'s tasks, workloads in run order,
 * each workload's criteria sorted by name (as Rally lists them).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { slaCheckRows } from "./sla_check.ts";
 * assert.deepEqual(slaCheckRows({ info: {} as never, tasks: [] }), []);
 * ```
 */
export function slaCheckRows(doc: ResultsDocument): SlaCheckRow[] {
  const rows: SlaCheckRow[] = [];
  for (const task of doc.tasks) {
    for (const subtask of task.subtasks) {
      for (const workload of subtask.workloads) {
        const benchmark = Object.keys(workload.scenario)[0] ?? "";
        const verdicts = [...workload.sla_results.sla].sort((a, b) =>
          a.criterion < b.criterion ? -1 : a.criterion > b.criterion ? 1 : 0
        );
        for (const v of verdicts) {
          rows.push({
            criterion: v.criterion,
            detail: v.detail,
            status: v.success ? "PASS" : "FAIL",
            benchmark,
            pos: workload.position,
          });
        }
      }
    }
  }
  return rows;
}

/**
 * Rally's sla-check table: columns benchmark, pos, criterion, status,
 * detail; rows sorted by benchmark (keeping their order otherwise), as
 * Rally's table printer sorts them.
 */
export function slaCheckTable(rows: readonly SlaCheckRow[]): string {
  const sorted = [...rows].sort((a, b) =>
    a.benchmark < b.benchmark ? -1 : a.benchmark > b.benchmark ? 1 : 0
  );
  return renderTable(
    ["benchmark", "pos", "criterion", "status", "detail"],
    sorted.map((r) => [r.benchmark, String(r.pos), r.criterion, r.status, r.detail]),
  );
}

/** Rally's `sla-check --json`: Python's `json.dumps` of the rows, on one line. */
export function slaCheckJson(rows: readonly SlaCheckRow[]): string {
  return pythonJson(rows);
}

/**
 * JSON as Python's `json.dumps` writes it by default: `", "` and `": "`
 * between items, every character beyond ASCII escaped.
 */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(", ")}]`;
  if (value !== null && typeof value === "object") {
    return `{${
      Object.entries(value).map(([k, v]) => `${pythonJson(k)}: ${pythonJson(v)}`).join(", ")
    }}`;
  }
  return (JSON.stringify(value) ?? "null").replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
