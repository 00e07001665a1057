/**
 * Reading the task history: listing tasks, finding one by a short id,
 * giving back a task's results document, and importing and deleting tasks.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import {
  FORMAT_VERSION,
  type ResultsDocument,
  type SubtaskResult,
  type TaskResult,
  type TaskStatus,
  type WorkloadResult,
} from "../model/results_document.ts";
import type { WorkloadSpec } from "../model/task_spec.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import { defaultPlugins } from "../builtin/builtin_plugins.ts";
import { VERSION } from "../model/version.ts";
import { HistoryError } from "./history_error.ts";
import { hostName, isProcessAlive } from "./process_liveness.ts";
import type { SqliteStore } from "./sqlite_store.ts";
import { hookRunsOf, insertChunk, insertTask, saveTaskResult } from "./task_rows.ts";
import { unfinishedWorkload } from "./unfinished_workload.ts";

/** One task as `brunt list` shows it. */
export interface TaskSummary {
  /** The task's id. */
  uuid: string;
  /** Title, empty when none. */
  title: string;
  /**
   * `running`, `finished`, `aborted`, or `crashed` (also a task recorded as
   * running whose process on this host is gone).
   */
  status: TaskStatus;
  /** Start, ISO 8601. */
  createdAt: string;
  /** Last change or heartbeat, ISO 8601. */
  updatedAt: string;
  /** Seconds from start to end (to now while running, to the last heartbeat when crashed). */
  durationS: number;
  /** Workloads in all subtasks. */
  workloads: number;
  /** Whether every workload passed its SLA; null while running. */
  passSla: boolean | null;
  /** The seed of the run's random source. */
  seed: number;
  /** The run's command-line arguments (empty for imported tasks). */
  args: string[];
  /** The recording process, null for imported tasks. */
  pid: number | null;
  /** The recording process's host, null for imported tasks. */
  hostname: string | null;
  /** Whether a process is recording it right now (so it must not be reported or deleted yet). */
  live: boolean;
}

/** A task read back: its summary, results and what was rebuilt. */
export interface TaskView {
  /** The summary. */
  summary: TaskSummary;
  /** The task's results (workloads without `data`). */
  task: TaskResult;
  /** The `info` of the document the task came in, or null when it never finished. */
  info: ResultsDocument["info"] | null;
  /**
   * Workloads that never finished, rebuilt from their recorded iterations
   * and hook runs:
   * workload uuid → iterations recorded.
   */
  rebuilt: Map<string, number>;
  /**
   * Finished workloads whose raw iterations the history holds only in part
   * (it could not record the rest while they ran: a full disk); their
   * summaries and SLA verdicts cover every iteration.
   */
  partial: PartialWorkload[];
}

/** A finished workload with fewer raw iterations recorded than it ran. */
export interface PartialWorkload {
  /** The workload's id. */
  uuid: string;
  /** Raw iterations the history holds. */
  recorded: number;
  /** Iterations the workload ran. */
  total: number;
}

/** A sentence about a {@linkcode PartialWorkload}, for people. */
export function partialMessage(taskUuid: string, p: PartialWorkload): string {
  return `task ${taskUuid}, workload ${p.uuid}: the history holds ${p.recorded} of its ` +
    `${p.total} raw iterations; the rest could not be recorded while it ran (its summary and ` +
    `SLA cover all ${p.total})`;
}

/** Options of {@linkcode TaskHistory}. */
export interface TaskHistoryOptions {
  /**
   * The wall clock, epoch ms.
   * @default {Date.now}
   */
  now?: () => number;
  /**
   * Tells whether a pid on this host is alive.
   * @default {isProcessAlive}
   */
  isAlive?: (pid: number) => boolean;
  /**
   * This host's name.
   * @default {Deno.hostname()}
   */
  hostname?: string;
  /**
   * The plugins whose SLA criteria rebuild the verdicts of a workload that
   * never finished (a criterion not among them is left out).
   * @default {defaultPlugins()}
   */
  plugins?: PluginRegistry;
  /**
   * A task recorded as running whose heartbeat is older than this, in ms,
   * is crashed, whatever host recorded it and whoever has its pid now.
   * @default {STALE_AFTER_MS}
   */
  staleAfterMs?: number;
}

/**
 * How long a running task's recorder may be silent before readers take it
 * for crashed: six of its heartbeats (a `TaskRecorder` beats every 10 s).
 */
export const STALE_AFTER_MS = 60_000;

interface TaskRow {
  id: number;
  uuid: string;
  title: string;
  description: string;
  status: TaskStatus;
  tags: string;
  seed: number;
  args: string;
  input_task: string;
  workload_count: number;
  created_at: string;
  updated_at: string;
  pass_sla: number | null;
  info: string | null;
  result: string | null;
  pid: number | null;
  hostname: string | null;
}

const SUMMARY_COLUMNS =
  "id, uuid, title, status, seed, args, workload_count, created_at, updated_at, pass_sla, pid, hostname";

type SummaryRow = Pick<
  TaskRow,
  | "id"
  | "uuid"
  | "title"
  | "status"
  | "seed"
  | "args"
  | "workload_count"
  | "created_at"
  | "updated_at"
  | "pass_sla"
  | "pid"
  | "hostname"
>;

interface WorkloadRow {
  id: number;
  uuid: string;
  subtask_position: number | null;
  position: number | null;
  started_at: number;
  spec: string | null;
  result: string | null;
}

interface SubtaskRow {
  position: number;
  uuid: string;
  title: string;
  description: string;
  run_in_parallel: number;
}

/** How many iterations an import commits per chunk. */
const IMPORT_CHUNK = 1000;

/**
 * The read side of a {@linkcode SqliteStore}, and imports and deletes. A
 * task still recorded as running is shown as crashed once its process (on
 * this host) is gone, or once its heartbeat is older than
 * {@linkcode STALE_AFTER_MS} (a process on another host, or a pid that
 * another process has taken since); nothing is written for that, so
 * reading never changes the history.
 */
export class TaskHistory {
  readonly #store: SqliteStore;
  readonly #now: () => number;
  readonly #isAlive: (pid: number) => boolean;
  readonly #host: string;
  readonly #plugins: PluginRegistry;
  readonly #staleAfter: number;

  /** Reads `store`. */
  constructor(store: SqliteStore, options: TaskHistoryOptions = {}) {
    this.#store = store;
    this.#now = options.now ?? Date.now;
    this.#isAlive = options.isAlive ?? isProcessAlive;
    this.#host = options.hostname ?? hostName();
    this.#plugins = options.plugins ?? defaultPlugins();
    this.#staleAfter = options.staleAfterMs ?? STALE_AFTER_MS;
  }

  /** The history file. */
  get path(): string {
    return this.#store.path;
  }

  /** Every task, oldest first. */
  list(): TaskSummary[] {
    // Not the large columns (input task, results): a list needs none of them.
    const rows = this.#store.statement(
      `SELECT ${SUMMARY_COLUMNS} FROM tasks ORDER BY created_at, id`,
    ).all() as unknown as SummaryRow[];
    return rows.map((row) => this.#summary(row));
  }

  /**
   * The full id of the task `ref` names: `last` (the newest task), a full
   * id, or any prefix of exactly one task's id. Throws a
   * {@linkcode HistoryError} when none or several match.
   */
  resolve(ref: string): string {
    const text = ref.trim().toLowerCase();
    if (text === "") throw new HistoryError("A task id is empty; `brunt list` shows the ids");
    if (text === "last") {
      const row = this.#store.statement(
        "SELECT uuid FROM tasks ORDER BY created_at DESC, id DESC LIMIT 1",
      ).get() as { uuid: string } | undefined;
      if (!row) throw new HistoryError(`No tasks in ${this.path} yet, so "last" names none`);
      return row.uuid;
    }
    const rows = this.#store.statement(
      "SELECT uuid FROM tasks WHERE lower(substr(uuid, 1, ?)) = ? ORDER BY created_at LIMIT 6",
    ).all(text.length, text) as { uuid: string }[];
    const exact = rows.find((r) => r.uuid.toLowerCase() === text);
    if (exact) return exact.uuid;
    if (rows.length === 1) return rows[0].uuid;
    if (rows.length === 0) {
      throw new HistoryError(
        `No task "${ref}" in ${this.path}; \`brunt list\` shows the recorded tasks`,
      );
    }
    const shown = rows.slice(0, 5).map((r) => r.uuid).join(", ");
    throw new HistoryError(
      `Task id "${ref}" is ambiguous in ${this.path}: it starts ${
        rows.length > 5 ? "more than 5" : rows.length
      } task ids (${shown}${rows.length > 5 ? ", …" : ""}); give more characters`,
    );
  }

  /** The summary of the task with id `uuid` (a full id; see {@linkcode TaskHistory.resolve}). */
  summary(uuid: string): TaskSummary {
    return this.#summary(this.#row(uuid));
  }

  /** The task with id `uuid`, read back; unfinished workloads rebuilt from their iterations. */
  view(uuid: string): TaskView {
    const row = this.#row(uuid);
    const summary = this.#summary(row);
    if (row.result !== null) {
      const task = this.#finishedTask(row);
      const partial: PartialWorkload[] = [];
      for (const w of task.subtasks.flatMap((s) => s.workloads)) {
        const recorded = this.#store.iterationCount(w.uuid);
        if (recorded < w.total_iteration_count) {
          partial.push({ uuid: w.uuid, recorded, total: w.total_iteration_count });
        }
      }
      return {
        summary,
        task,
        info: row.info === null ? null : JSON.parse(row.info),
        rebuilt: new Map(),
        partial,
      };
    }
    return this.#unfinishedTask(row, summary);
  }

  /**
   * A results document holding the tasks `uuids` (in that order). With one
   * task, the document's `info` is the one it was recorded or imported
   * with, so it comes back as it was written; with several, a fresh one.
   * Throws a {@linkcode HistoryError} for a task that is still running.
   *
   * @param uuids The tasks.
   * @param partial Told of each finished workload whose raw iterations the
   *   history holds only in part (see {@linkcode TaskView.partial}).
   */
  document(
    uuids: readonly string[],
    partial?: (taskUuid: string, workload: PartialWorkload) => void,
  ): ResultsDocument {
    const views = uuids.map((uuid) => {
      const view = this.view(uuid);
      if (view.summary.live) throw stillRunning(view.summary, "reported");
      for (const p of view.partial) partial?.(uuid, p);
      return view;
    });
    const info = views.length === 1 && views[0].info ? views[0].info : {
      brunt_version: VERSION,
      generated_at: new Date(this.#now()).toISOString(),
      format_version: FORMAT_VERSION,
    };
    return { info, tasks: views.map((v) => v.task) };
  }

  /** A workload's recorded iterations, in completion order, read lazily. */
  iterations(workloadUuid: string): Iterable<IterationRecord> {
    return this.#store.iterations(workloadUuid);
  }

  /** How many iterations of a workload are recorded. */
  iterationCount(workloadUuid: string): number {
    return this.#store.iterationCount(workloadUuid);
  }

  /**
   * Adds every task of `doc` (with its raw iterations from `data`) in one
   * transaction: all of them or none. Throws a {@linkcode HistoryError}
   * when a task or workload id is already in the history.
   *
   * @returns The ids of the added tasks.
   */
  importDocument(doc: ResultsDocument): string[] {
    const store = this.#store;
    const taskIds = new Set<string>();
    const workloadIds = new Set<string>();
    for (const task of doc.tasks) {
      if (taskIds.has(task.uuid)) {
        throw new HistoryError(`The document holds task ${task.uuid} twice; nothing was imported`);
      }
      taskIds.add(task.uuid);
      for (const w of task.subtasks.flatMap((s) => s.workloads)) {
        if (workloadIds.has(w.uuid)) {
          throw new HistoryError(
            `The document holds workload ${w.uuid} twice; nothing was imported`,
          );
        }
        workloadIds.add(w.uuid);
      }
    }
    return store.write(() => {
      for (const task of doc.tasks) {
        const known = store.statement("SELECT 1 FROM tasks WHERE uuid = ?").get(task.uuid);
        if (known) {
          throw new HistoryError(
            `Task ${task.uuid} is already in ${this.path}; nothing was imported ` +
              `(\`brunt delete ${task.uuid.slice(0, 8)}\` removes the recorded one)`,
          );
        }
        for (const w of task.subtasks.flatMap((s) => s.workloads)) {
          if (store.statement("SELECT 1 FROM workloads WHERE uuid = ?").get(w.uuid)) {
            throw new HistoryError(
              `Workload ${w.uuid} of task ${task.uuid} is already in ${this.path} under another ` +
                `task; nothing was imported`,
            );
          }
        }
        const taskId = insertTask(store, {
          uuid: task.uuid,
          title: task.title,
          description: task.description,
          status: task.status,
          tags: task.tags,
          seed: task.seed,
          args: [],
          inputTask: task.input_task,
          workloadCount: task.subtasks.reduce((n, s) => n + s.workloads.length, 0),
          createdAt: task.created_at,
          pid: null,
          hostname: null,
          subtasks: [],
        });
        const ids = saveTaskResult(store, taskId, task, doc.info, this.#now());
        for (const workload of task.subtasks.flatMap((s) => s.workloads)) {
          const data = workload.data ?? [];
          for (let i = 0, seq = 0; i < data.length; i += IMPORT_CHUNK, seq++) {
            insertChunk(store, ids.get(workload.uuid)!, seq, data.slice(i, i + IMPORT_CHUNK));
          }
        }
      }
      return doc.tasks.map((t) => t.uuid);
    });
  }

  /**
   * Removes the tasks `uuids` with their workloads and iterations, in one
   * transaction. Throws a {@linkcode HistoryError}, removing nothing, when
   * one is still running.
   */
  delete(...uuids: string[]): void {
    for (const uuid of uuids) {
      const summary = this.summary(uuid);
      if (summary.live) throw stillRunning(summary, "deleted");
    }
    const remove = this.#store.statement("DELETE FROM tasks WHERE uuid = ?");
    this.#store.write(() => {
      for (const uuid of uuids) remove.run(uuid);
    });
  }

  #row(uuid: string): TaskRow {
    const row = this.#store.statement("SELECT * FROM tasks WHERE uuid = ?").get(uuid) as
      | TaskRow
      | undefined;
    if (!row) {
      throw new HistoryError(`No task ${uuid} in ${this.path}; \`brunt list\` shows the tasks`);
    }
    return row;
  }

  #summary(row: SummaryRow): TaskSummary {
    let status = row.status;
    let live = false;
    if (status === "running" && row.pid !== null) {
      const here = row.hostname === this.#host;
      const silent = this.#now() - Date.parse(row.updated_at) > this.#staleAfter;
      if (silent || (here && !this.#isAlive(row.pid))) status = "crashed";
      else live = true;
    }
    const start = Date.parse(row.created_at);
    const end = live ? this.#now() : Date.parse(row.updated_at);
    return {
      uuid: row.uuid,
      title: row.title,
      status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      durationS: Math.max(0, (end - start) / 1000) || 0,
      workloads: row.workload_count,
      passSla: row.pass_sla !== null ? row.pass_sla === 1 : status === "crashed" ? false : null,
      seed: row.seed,
      args: JSON.parse(row.args),
      pid: row.pid,
      hostname: row.hostname,
      live,
    };
  }

  #workloadRows(taskId: number): WorkloadRow[] {
    return this.#store.statement(
      `SELECT id, uuid, subtask_position, position, started_at, spec, result FROM workloads
       WHERE task_id = ? ORDER BY subtask_position, position, id`,
    ).all(taskId) as unknown as WorkloadRow[];
  }

  #finishedTask(row: TaskRow): TaskResult {
    const results = new Map<string, string | null>();
    for (const w of this.#workloadRows(row.id)) results.set(w.uuid, w.result);
    const skeleton = JSON.parse(row.result!) as TaskResult;
    for (const subtask of skeleton.subtasks) {
      // Stored as a skeleton: each workload is its uuid (see skeletonOf).
      const uuids = subtask.workloads as unknown as string[];
      subtask.workloads = uuids.map((uuid) => {
        const text = results.get(uuid);
        if (!text) {
          throw new HistoryError(
            `Task ${row.uuid} in ${this.path} lacks the results of its workload ${uuid}: ` +
              `the history is damaged`,
          );
        }
        return JSON.parse(text) as WorkloadResult;
      });
    }
    return skeleton;
  }

  #unfinishedTask(row: TaskRow, summary: TaskSummary): TaskView {
    const subtaskRows = this.#store.statement(
      "SELECT position, uuid, title, description, run_in_parallel FROM subtasks WHERE task_id = ? ORDER BY position",
    ).all(row.id) as unknown as SubtaskRow[];
    const reason = summary.live
      ? "the workload is still running"
      : row.status === "crashed"
      ? "brunt failed before the workload finished"
      : `the brunt process recording it (pid ${row.pid} on ${row.hostname}) ended before the workload finished`;
    const lastSeen = Date.parse(row.updated_at);
    const rebuilt = new Map<string, number>();
    const bySubtask = new Map<number, WorkloadResult[]>();
    for (const w of this.#workloadRows(row.id)) {
      let result: WorkloadResult;
      if (w.result !== null) result = JSON.parse(w.result);
      else if (w.spec !== null) {
        result = unfinishedWorkload({
          uuid: w.uuid,
          position: w.position ?? 0,
          spec: JSON.parse(w.spec) as WorkloadSpec,
          iterations: this.#store.iterations(w.uuid),
          hookRuns: hookRunsOf(this.#store, w.id),
          startedAt: w.started_at,
          lastSeenAt: summary.live ? this.#now() : lastSeen,
          reason,
          plugins: this.#plugins,
        });
        rebuilt.set(w.uuid, result.total_iteration_count);
      } else continue; // Opened but never started: nothing was recorded for it.
      const s = w.subtask_position ?? 0;
      bySubtask.set(s, [...(bySubtask.get(s) ?? []), result]);
    }
    const subtaskStatus = summary.status;
    const subtasks: SubtaskResult[] = subtaskRows.map((s) => ({
      uuid: s.uuid,
      title: s.title,
      description: s.description,
      status: subtaskStatus,
      run_in_parallel: s.run_in_parallel === 1,
      workloads: bySubtask.get(s.position) ?? [],
    }));
    const workloads = subtasks.flatMap((s) => s.workloads);
    const task: TaskResult = {
      uuid: row.uuid,
      title: row.title,
      description: row.description,
      status: summary.status,
      tags: JSON.parse(row.tags),
      seed: row.seed,
      created_at: row.created_at,
      updated_at: row.updated_at,
      pass_sla: summary.status !== "crashed" && workloads.every((w) => w.pass_sla),
      input_task: JSON.parse(row.input_task),
      subtasks,
    };
    return { summary, task, info: null, rebuilt, partial: [] };
  }
}

function stillRunning(summary: TaskSummary, what: string): HistoryError {
  return new HistoryError(
    `Task ${summary.uuid} is still running (pid ${summary.pid} on ${summary.hostname}), ` +
      `so it cannot be ${what} yet; wait for it to end, or stop it with Ctrl-C`,
  );
}
