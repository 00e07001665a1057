/**
 * Reading Rally's own results into brunt's results document: the JSON of
 * `rally task report --json` (or `rally task export --type json`), and the
 * documents `rally task import` takes.
 *
 * @module
 */
import type { HookResult, HookRunResult } from "../model/hook_result.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import {
  FORMAT_VERSION,
  type ResultsDocument,
  type SubtaskResult,
  type TaskResult,
  type TaskStatus,
  type WorkloadResult,
} from "../model/results_document.ts";
import type { SlaResult } from "../model/sla_result.ts";
import { VERSION } from "../model/version.ts";
import { WorkloadStats } from "../stats/workload_stats.ts";

type Obj = Record<string, unknown>;

/**
 * Parses JSON as Rally writes it: Python's `json` writes an unbounded
 * periodic trigger's end as the bare word `Infinity` (and may write `NaN`),
 * which strict JSON has not. Outside strings they are read as numbers.
 *
 * @throws {SyntaxError} as JSON.parse, for anything else that is not JSON.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseRallyJson } from "./rally_import.ts";
 * const doc = parseRallyJson('{"end": Infinity, "text": "Infinity"}') as Record<string, unknown>;
 * assert.equal(doc.end, Number.POSITIVE_INFINITY);
 * assert.equal(doc.text, "Infinity");
 * ```
 */
export function parseRallyJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // Only when strict JSON fails: most files have no such word, and scanning costs.
    if (!/\b(-?Infinity|NaN)\b/.test(text)) throw error;
  }
  let out = "";
  let from = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "I" && text.startsWith("Infinity", i)) {
      // 1e999 reads as Infinity; -Infinity keeps its sign before it.
      out += text.slice(from, i) + "1e999";
      i += "Infinity".length - 1;
      from = i + 1;
    } else if (c === "N" && text.startsWith("NaN", i)) {
      out += text.slice(from, i) + "null";
      i += 2;
      from = i + 1;
    }
  }
  return JSON.parse(out + text.slice(from));
}

/** Whether `doc` is a results document of Rally's (one with `tasks` and no `info.brunt_version`). */
export function isRallyDocument(doc: unknown): boolean {
  if (!isObject(doc) || !Array.isArray(doc.tasks)) return false;
  return !isObject(doc.info) || typeof doc.info.brunt_version !== "string";
}

/**
 * Rally's results document as brunt's: workloads get the status
 * `finished`, their statistics are computed from their raw iterations, hook
 * errors become `{etype, msg, details}`, a hook config's non-finite numbers
 * (an unbounded periodic trigger's `end: Infinity`) are left out, as brunt
 * writes "unbounded". Rally has no seed (0 here) and keeps no input task
 * (null). Anything missing is filled in so that validation names the
 * problem instead of a crash.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { fromRallyDocument } from "./rally_import.ts";
 * const doc = fromRallyDocument({ info: { rally_version: "3.3.0" }, tasks: [] });
 * assert.deepEqual(doc.tasks, []);
 * assert.equal(doc.info.format_version, "1.0");
 * ```
 */
export function fromRallyDocument(rally: unknown): ResultsDocument {
  const doc = isObject(rally) ? rally : {};
  const info = isObject(doc.info) ? doc.info : {};
  const tasks = Array.isArray(doc.tasks) ? doc.tasks : [];
  return {
    info: {
      brunt_version: VERSION,
      generated_at: utcTime(info.generated_at) ?? new Date().toISOString(),
      format_version: FORMAT_VERSION,
    },
    tasks: tasks.map((t) => task(isObject(t) ? t : {})),
  };
}

function task(t: Obj): TaskResult {
  const subtasks = Array.isArray(t.subtasks) ? t.subtasks : [];
  const created = utcTime(t.created_at) ?? new Date(0).toISOString();
  const built = subtasks.map((s) => subtask(isObject(s) ? s : {}));
  return {
    uuid: stringOr(t.uuid, crypto.randomUUID()),
    title: stringOr(t.title, ""),
    description: stringOr(t.description, ""),
    status: status(t.status),
    tags: Array.isArray(t.tags) ? t.tags.filter((x) => typeof x === "string") : [],
    seed: 0,
    created_at: created,
    updated_at: utcTime(t.updated_at) ?? created,
    pass_sla: typeof t.pass_sla === "boolean"
      ? t.pass_sla
      : built.every((s) => s.workloads.every((w) => w.pass_sla)),
    input_task: null,
    subtasks: built,
  };
}

function subtask(s: Obj): SubtaskResult {
  const workloads = Array.isArray(s.workloads) ? s.workloads : [];
  return {
    uuid: stringOr(s.uuid, crypto.randomUUID()),
    title: stringOr(s.title, ""),
    description: stringOr(s.description, ""),
    status: status(s.status),
    run_in_parallel: s.run_in_parallel === true,
    workloads: workloads.map((w, i) => workload(isObject(w) ? w : {}, i)),
  };
}

function workload(w: Obj, index: number): WorkloadResult {
  const data = (Array.isArray(w.data) ? w.data : []) as IterationRecord[];
  const stats = new WorkloadStats();
  let statistics: WorkloadResult["statistics"];
  try {
    for (const record of data) stats.add(record);
    statistics = stats.toStatistics();
  } catch {
    // A malformed iteration: validation of `data` names it.
    statistics = new WorkloadStats().toStatistics();
  }
  const sla =
    (isObject(w.sla_results) && Array.isArray(w.sla_results.sla)
      ? w.sla_results.sla
      : []) as SlaResult[];
  const summary = stats.toSummary();
  return {
    uuid: stringOr(w.uuid, crypto.randomUUID()),
    position: typeof w.position === "number" ? w.position : index,
    description: stringOr(w.description, ""),
    scenario: isObject(w.scenario) ? w.scenario : {},
    runner: isObject(w.runner) ? w.runner : {},
    hooks: (Array.isArray(w.hooks) ? w.hooks : []).map((h) => hook(isObject(h) ? h : {})),
    sla: isObject(w.sla) ? w.sla : {},
    sla_results: sla.some((r) => r?.criterion === "aborted_on_sla")
      ? { sla, aborted_on_sla_failure: true }
      : { sla },
    pass_sla: typeof w.pass_sla === "boolean" ? w.pass_sla : sla.every((r) => r?.success),
    contexts: isObject(w.contexts) ? w.contexts : {},
    status: "finished",
    start_time: numberOr(w.start_time, summary.start_time),
    load_duration: numberOr(w.load_duration, summary.load_duration),
    full_duration: numberOr(w.full_duration, summary.load_duration),
    min_duration: numberOr(w.min_duration, summary.min_duration),
    max_duration: numberOr(w.max_duration, summary.max_duration),
    total_iteration_count: numberOr(w.total_iteration_count, summary.total_iteration_count),
    failed_iteration_count: numberOr(w.failed_iteration_count, summary.failed_iteration_count),
    statistics,
    data,
  };
}

function hook(h: Obj): HookResult {
  const results = (Array.isArray(h.results) ? h.results : []).map((r) =>
    hookRun(isObject(r) ? r : {})
  );
  const summary: HookResult["summary"] = {};
  for (const r of results) summary[r.status] = (summary[r.status] ?? 0) + 1;
  return { config: finiteOnly(h.config), results, summary };
}

function hookRun(r: Obj): HookRunResult {
  // Rally also knows "validation_failed": a run that did not succeed.
  const failed = r.status !== "success";
  const run = { ...r, status: failed ? "failed" : "success" } as Obj;
  const error = r.error;
  if (Array.isArray(error)) {
    // What Rally's importer keeps: [etype, msg, details].
    run.error = {
      etype: String(error[0]),
      msg: String(error[1] ?? ""),
      details: String(error[2] ?? ""),
    };
  } else if (failed && !isObject(error)) {
    run.error = {
      etype: "HookFailed",
      msg: `Rally recorded the status ${String(r.status)}`,
      details: "",
    };
  }
  return run as unknown as HookRunResult;
}

// A hook config without non-finite numbers (JSON cannot hold them; a missing periodic end is "none").
function finiteOnly(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(finiteOnly);
  if (!isObject(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "number" && !Number.isFinite(v)) continue;
    out[k] = finiteOnly(v);
  }
  return out;
}

const STATUSES: readonly TaskStatus[] = ["running", "finished", "aborted", "crashed"];

function status(value: unknown): TaskStatus {
  return STATUSES.includes(value as TaskStatus) ? value as TaskStatus : "finished";
}

// Rally writes UTC times without a zone ("2026-12-03T14:52:57").
function utcTime(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`;
  const date = new Date(zoned);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === "string" ? value : fallback;
}

function numberOr<T>(value: unknown, fallback: T): number | T {
  return typeof value === "number" ? value : fallback;
}

function isObject(value: unknown): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
