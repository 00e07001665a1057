/**
 * The writes shared by recording a run and importing a results document:
 * a task's row, its final results, and chunks of raw iterations.
 *
 * @module
 */
import { deflateChunk, type StoredChunk } from "./record_chunk.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type {
  ResultsDocument,
  TaskResult,
  TaskStatus,
  WorkloadResult,
} from "../model/results_document.ts";
import type { SqliteStore } from "./sqlite_store.ts";
import type { HookRunResult } from "../model/hook_result.ts";

/** The columns of a task row written when a run starts or an import begins. */
export interface NewTaskRow {
  /** The task's id. */
  uuid: string;
  /** Title. */
  title: string;
  /** Description. */
  description: string;
  /** Status to start with. */
  status: TaskStatus;
  /** Tags. */
  tags: string[];
  /** Seed of the random source. */
  seed: number;
  /** The command-line arguments of the run (empty for imports). */
  args: string[];
  /** The task document as written. */
  inputTask: unknown;
  /** Workloads in all subtasks. */
  workloadCount: number;
  /** Start, ISO 8601. */
  createdAt: string;
  /** The recording process, or null for imports. */
  pid: number | null;
  /** The recording process's host, or null for imports. */
  hostname: string | null;
  /** Subtasks in order. */
  subtasks: { uuid: string; title: string; description: string; runInParallel: boolean }[];
}

/** Inserts a task row and its subtasks; returns the row id. Call inside a write transaction. */
export function insertTask(store: SqliteStore, row: NewTaskRow): number {
  const result = store.statement(
    `INSERT INTO tasks (uuid, title, description, status, tags, seed, args, input_task,
       workload_count, created_at, updated_at, pid, hostname)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    row.uuid,
    row.title,
    row.description,
    row.status,
    JSON.stringify(row.tags),
    row.seed,
    JSON.stringify(row.args),
    JSON.stringify(row.inputTask ?? null),
    row.workloadCount,
    row.createdAt,
    row.createdAt,
    row.pid,
    row.hostname,
  );
  const taskId = Number(result.lastInsertRowid);
  insertSubtasks(store, taskId, row.subtasks);
  return taskId;
}

/**
 * Stores a task's final results: its columns, its subtasks with their real
 * ids, every workload's result (without `data`), and the task itself as a
 * skeleton whose workloads are their ids, so reading it back gives the same
 * JSON. Workloads not yet in the table (skipped, or imported) are added.
 * Call inside a write transaction.
 *
 * @returns Each workload's row id by workload uuid.
 */
export function saveTaskResult(
  store: SqliteStore,
  taskId: number,
  task: TaskResult,
  info: ResultsDocument["info"],
  now: number,
): Map<string, number> {
  const workloads = task.subtasks.flatMap((s) => s.workloads);
  store.statement(
    `UPDATE tasks SET uuid = ?, title = ?, description = ?, status = ?, tags = ?, seed = ?,
       input_task = ?, workload_count = ?, created_at = ?, updated_at = ?, pass_sla = ?,
       info = ?, result = ?
     WHERE id = ?`,
  ).run(
    task.uuid,
    task.title,
    task.description,
    task.status,
    JSON.stringify(task.tags),
    task.seed,
    JSON.stringify(task.input_task ?? null),
    workloads.length,
    task.created_at,
    task.updated_at,
    task.pass_sla ? 1 : 0,
    JSON.stringify(info),
    JSON.stringify(skeletonOf(task)),
    taskId,
  );
  store.statement("DELETE FROM subtasks WHERE task_id = ?").run(taskId);
  insertSubtasks(
    store,
    taskId,
    task.subtasks.map((s) => ({
      uuid: s.uuid,
      title: s.title,
      description: s.description,
      runInParallel: s.run_in_parallel,
    })),
  );
  const upsert = store.statement(
    `INSERT INTO workloads (task_id, uuid, subtask_position, position, started_at, result)
     VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (uuid) DO UPDATE SET subtask_position = excluded.subtask_position,
       position = excluded.position, result = excluded.result
     WHERE workloads.task_id = excluded.task_id
     RETURNING id`,
  );
  const ids = new Map<string, number>();
  task.subtasks.forEach((subtask, s) => {
    subtask.workloads.forEach((workload, w) => {
      const row = upsert.get(taskId, workload.uuid, s, w, now, workloadJson(workload)) as
        | { id: number }
        | undefined;
      if (!row) {
        throw new Error(`workload ${workload.uuid} belongs to another task in ${store.path}`);
      }
      ids.set(workload.uuid, Number(row.id));
    });
  });
  return ids;
}

/**
 * Appends one chunk of iterations to a workload: the records, the JSON
 * text of `count` of them, or a chunk already in its stored form; deflated (records repeat their keys, so a chunk
 * shrinks about tenfold, and the database writes that much less). Call
 * inside a write transaction.
 */
export function insertChunk(
  store: SqliteStore,
  workloadId: number,
  seq: number,
  records: readonly IterationRecord[] | { count: number; json: string } | StoredChunk,
): void {
  const [count, stored] = "json" in records
    ? [records.count, deflateChunk(records.json)]
    : "records" in records
    ? [records.count, records.records]
    : [records.length, deflateChunk(JSON.stringify(records))];
  store.statement(
    "INSERT INTO iteration_chunks (workload_id, seq, count, records) VALUES (?, ?, ?, ?)",
  ).run(workloadId, seq, count, stored);
}

/** A hook run as recorded while its workload ran. */
export interface RecordedHookRun {
  /** The hook's place in the workload's configuration. */
  hookIndex: number;
  /** Firing order within the workload. */
  seq: number;
  /** The run's result. */
  run: HookRunResult;
}

/**
 * Records one finished hook run of a workload (a second run with the same
 * `seq` replaces the first). Call inside a write transaction.
 */
export function insertHookRun(
  store: SqliteStore,
  workloadId: number,
  hookIndex: number,
  seq: number,
  run: HookRunResult,
): void {
  store.statement(
    "INSERT OR REPLACE INTO hook_runs (workload_id, seq, hook_index, run) VALUES (?, ?, ?, ?)",
  ).run(workloadId, seq, hookIndex, JSON.stringify(run));
}

/** The hook runs recorded for a workload (its row id), in firing order. */
export function hookRunsOf(store: SqliteStore, workloadId: number): RecordedHookRun[] {
  const rows = store.statement(
    "SELECT hook_index, seq, run FROM hook_runs WHERE workload_id = ? ORDER BY seq",
  ).all(workloadId) as { hook_index: number; seq: number; run: string }[];
  return rows.map((r) => ({
    hookIndex: Number(r.hook_index),
    seq: Number(r.seq),
    run: JSON.parse(r.run),
  }));
}

/** The task without workload results: each subtask's `workloads` holds their ids. */
export function skeletonOf(task: TaskResult): unknown {
  return {
    ...task,
    subtasks: task.subtasks.map((s) => ({ ...s, workloads: s.workloads.map((w) => w.uuid) })),
  };
}

/** A workload result as stored: without its raw iterations. */
export function workloadJson(workload: WorkloadResult): string {
  if (!("data" in workload)) return JSON.stringify(workload);
  const { data: _data, ...rest } = workload;
  return JSON.stringify(rest);
}

function insertSubtasks(
  store: SqliteStore,
  taskId: number,
  subtasks: NewTaskRow["subtasks"],
): void {
  const insert = store.statement(
    `INSERT INTO subtasks (task_id, position, uuid, title, description, run_in_parallel)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  subtasks.forEach((s, i) =>
    insert.run(taskId, i, s.uuid, s.title, s.description, s.runInParallel ? 1 : 0)
  );
}
