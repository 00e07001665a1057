/**
 * The task history: a SQLite file (`.brunt/brunt.db` by default) that a run
 * streams its iterations and hook runs to, and that `brunt list`, `show`,
 * `report` and `trends` read.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, runTask } from "@brunt/brunt";
 * import { SqliteStore, TaskHistory, TaskRecorder } from "@brunt/brunt/store";
 * const dir = await Deno.makeTempDir();
 * const store = SqliteStore.open(`${dir}/history.db`, { create: true });
 * const spec = parseTask('{"Dummy.dummy": [{"runner": {"type": "serial", "times": 3}}]}', "t.json");
 * const recorder = new TaskRecorder(store, { spec, seed: 1 });
 * const { document } = await runTask(spec, {
 *   seed: 1,
 *   store: recorder,
 *   progress: recorder.watch(),
 *   onStart: (uuid) => recorder.started(uuid),
 * });
 * recorder.finish(document);
 * assert.equal(new TaskHistory(store).list().length, 1);
 * store.close();
 * await Deno.remove(dir, { recursive: true });
 * ```
 *
 * @module
 */
export {
  DEFAULT_DB_PATH,
  historyPath,
  SqliteStore,
  type SqliteStoreOptions,
} from "../store/sqlite_store.ts";
export { TaskRecorder, type TaskRecorderOptions } from "../store/task_recorder.ts";
export {
  type PartialWorkload,
  TaskHistory,
  type TaskHistoryOptions,
  type TaskSummary,
  type TaskView,
} from "../store/task_history.ts";
export { HistoryError } from "../store/history_error.ts";
export type { IterationSink, ResultStore } from "../store/result_store.ts";
export type { StoredChunk } from "../store/record_chunk.ts";
export { MemoryStore } from "../store/memory_store.ts";
export { SCHEMA_VERSION } from "../store/migrations.ts";
