/**
 * What the history commands share: the `--db` flag, opening the history,
 * and turning arguments that are results files or task ids
 * into one results document.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import {
  FORMAT_VERSION,
  type ResultsDocument,
  type TaskResult,
  type WorkloadResult,
} from "../model/results_document.ts";
import { readResultsJson } from "../report/json_writer.ts";
import { historyPath, SqliteStore } from "../store/sqlite_store.ts";
import { partialMessage, TaskHistory } from "../store/task_history.ts";
import { VERSION } from "../model/version.ts";
import { UsageError } from "./usage_error.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** The help line of `--db`, shared by every command that takes it. */
export const DB_HELP = `  --db PATH            the task history (SQLite) file; default: $BRUNT_DB
                       if set, else .brunt/brunt.db`;

/** An open task history and its file. */
export interface OpenHistory {
  /** The database. */
  store: SqliteStore;
  /** Its read side. */
  history: TaskHistory;
  /** Closes the database. */
  close(): void;
}

/**
 * How a command uses the history: `read` never writes to it (so a read-only
 * file reads), `write` changes it, `create` also makes it when missing.
 */
export type HistoryMode = "read" | "write" | "create";

/**
 * Opens the history named by `--db` (or `BRUNT_DB`, or the default) for
 * `mode`. A missing file is a `HistoryError` unless `mode` is `create`.
 */
export function openHistory(
  db: string | undefined,
  plugins: PluginRegistry,
  mode: HistoryMode,
): OpenHistory {
  const store = SqliteStore.open(historyPath(db), {
    create: mode === "create",
    readOnly: mode === "read",
  });
  return { store, history: new TaskHistory(store, { plugins }), close: () => store.close() };
}

/** A results document gathered from files and task ids, with its raw iterations. */
export interface GatheredResults {
  /** The document: every source's tasks, in argument order. */
  doc: ResultsDocument;
  /** Each workload's raw iterations (from its file's `data` or from the history). */
  iterationsOf: (workload: WorkloadResult) => Iterable<IterationRecord>;
  /**
   * What is missing from the history's raw iterations, one sentence per
   * workload recorded only in part (see `TaskView.partial`).
   */
  partial: string[];
  /** Closes the history if one was opened. */
  close(): void;
}

/**
 * Reads each of `refs`: an existing file is a results document
 * (`brunt run --json`); anything else names a task in the history (a
 * unique id prefix or `last`). The tasks are merged into one document;
 * with a single source its `info` is kept. Throws a UsageError for a task
 * given twice or a file that does not exist.
 */
export async function gatherResults(
  refs: readonly string[],
  db: string | undefined,
  plugins: PluginRegistry,
): Promise<GatheredResults> {
  let open: OpenHistory | undefined;
  const sources = new WeakMap<WorkloadResult, () => Iterable<IterationRecord>>();
  const tasks: TaskResult[] = [];
  const seen = new Map<string, string>();
  const partial: string[] = [];
  let info: ResultsDocument["info"] | undefined;
  try {
    for (const ref of refs) {
      let doc: ResultsDocument;
      if (isFile(ref)) {
        doc = await readResultsJson(ref);
        for (const w of workloadsOf(doc)) sources.set(w, () => w.data ?? []);
      } else {
        if (/[/\\]|\.(json|ya?ml)$/i.test(ref)) {
          throw new UsageError(`${ref}: no such results file (and not a task id)`);
        }
        open ??= openHistory(db, plugins, "read");
        const history = open.history;
        doc = history.document(
          [history.resolve(ref)],
          (task, workload) => partial.push(partialMessage(task, workload)),
        );
        for (const w of workloadsOf(doc)) sources.set(w, () => history.iterations(w.uuid));
      }
      for (const task of doc.tasks) {
        const first = seen.get(task.uuid);
        if (first !== undefined) {
          throw new UsageError(`task ${task.uuid} is given twice (by ${first} and by ${ref})`);
        }
        seen.set(task.uuid, ref);
        tasks.push(task);
      }
      info = doc.info;
    }
  } catch (e) {
    open?.close();
    throw e;
  }
  if (refs.length !== 1 || !info) {
    info = {
      brunt_version: VERSION,
      generated_at: new Date().toISOString(),
      format_version: FORMAT_VERSION,
    };
  }
  return {
    doc: { info, tasks },
    iterationsOf: (w) => sources.get(w)?.() ?? w.data ?? [],
    partial,
    close: () => open?.close(),
  };
}

function workloadsOf(doc: ResultsDocument): WorkloadResult[] {
  return doc.tasks.flatMap((t) => t.subtasks.flatMap((s) => s.workloads));
}

/** Whether `path` is an existing file: such an argument is read as a results document. */
export function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
