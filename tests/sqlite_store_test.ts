import { deflateChunk } from "../src/store/record_chunk.ts";
/**
 * The task history on SQLite: recording a run, reading it back, crashed and
 * running tasks, hook runs recorded as they end, concurrent writers, short
 * ids, import and delete, and schema migrations and refusals.
 */
import assert from "node:assert/strict";
import { DatabaseSync } from "node:sqlite";
import "../src/builtin/builtin_plugins.ts";
import { sleep } from "../src/clock/clock.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { runTask } from "../src/engine/run_task.ts";
import { Hook, registerHook } from "../src/plugins/hook.ts";
import type { ResultsDocument } from "../src/model/results_document.ts";
import { writeResultsJson } from "../src/report/json_writer.ts";
import { validateResults } from "../src/report/results_schema.ts";
import { HistoryError } from "../src/store/history_error.ts";
import { MemoryStore } from "../src/store/memory_store.ts";
import { APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION } from "../src/store/migrations.ts";
import { DEFAULT_DB_PATH, historyPath, SqliteStore } from "../src/store/sqlite_store.ts";
import { TaskHistory } from "../src/store/task_history.ts";
import { TaskRecorder } from "../src/store/task_recorder.ts";
import { hookRunsOf, saveTaskResult } from "../src/store/task_rows.ts";
import { unfinishedWorkload } from "../src/store/unfinished_workload.ts";
import { WalCheckpointer } from "../src/store/wal_checkpointer.ts";
import { parseTask } from "../src/task/load.ts";
import type { TaskSpec } from "../src/model/task_spec.ts";
import type { HookRunResult } from "../src/model/hook_result.ts";
import type { WorkloadProgress } from "../src/model/progress.ts";
import { record, recordRun, tempDb } from "./helpers/history_fixtures.ts";
import { syntheticResults } from "./helpers/synthetic_results.ts";
import type { WorkloadSink } from "../src/store/workload_sink.ts";

const TASK = {
  version: 2,
  title: "history",
  subtasks: [
    {
      title: "first",
      scenario: { "Dummy.dummy": { sleep: 0.01 } },
      runner: { constant: { times: 30, concurrency: 3 } },
      sla: { failure_rate: { max: 0 } },
    },
    {
      title: "second",
      scenario: { "Dummy.failure": { sleep: 0.01, from_iteration: 2, to_iteration: 4 } },
      runner: { serial: { times: 5 } },
    },
  ],
};

/** Waits `sleep` seconds on the task's clock, then succeeds or, with `fail`, fails. */
class HistoryNote extends Hook<{ fail?: boolean; sleep?: number }> {
  static override schema = {
    type: "object",
    properties: { fail: { type: "boolean" }, sleep: { type: "number" } },
    additionalProperties: false,
  };
  static override description = "Test hook: waits, then succeeds or fails.";
  override async run(): Promise<void> {
    if (this.config.sleep) await sleep(this.clock, this.config.sleep * 1000, this.signal);
    if (this.config.fail) this.setError("NoteFailed", "asked to fail");
  }
}
registerHook("history_note", HistoryNote);

const HOOK_AT_2_AND_5 = {
  description: "a note at 2 and 5",
  action: { history_note: {} },
  trigger: { event: { unit: "iteration", at: [2, 5] } },
};
// Fired by the last iteration, it ends half a second after the load does.
const FAILING_HOOK_AT_10 = {
  action: { history_note: { fail: true, sleep: 0.5 } },
  trigger: { event: { unit: "iteration", at: [10] } },
};

const HOOKED_TASK = {
  version: 2,
  title: "hooked",
  subtasks: [{
    title: "with hooks",
    scenario: { "Dummy.dummy": { sleep: 0.01 } },
    runner: { serial: { times: 10 } },
    hooks: [HOOK_AT_2_AND_5, FAILING_HOOK_AT_10],
  }],
};

function spec(task: unknown = TASK): TaskSpec {
  return parseTask(JSON.stringify(task), "task.json");
}

/** A pid that belonged to a process which has ended. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

function progressOf(uuid: string, workload: TaskSpec["subtasks"][0]["workloads"][0]) {
  const progress: WorkloadProgress = {
    spec: workload,
    uuid,
    plan: {},
    started: () => 0,
    completed: () => 0,
    failed: () => 0,
    hookRuns: () => ({ fired: 0, failed: 0 }),
    loadStart: () => undefined,
  };
  return progress;
}

function hookRun(value: number, status: "success" | "failed" = "success"): HookRunResult {
  const run: HookRunResult = {
    triggered_by: { event_type: "iteration", value },
    started_at: 1_700_000_000 + value,
    finished_at: 1_700_000_000.5 + value,
    status,
  };
  if (status === "failed") run.error = { etype: "NoteFailed", msg: "asked to fail", details: "" };
  return run;
}

function workloadRowId(store: SqliteStore, uuid: string): number {
  const row = store.db.prepare("SELECT id FROM workloads WHERE uuid = ?").get(uuid) as {
    id: number;
  };
  return Number(row.id);
}

function hookRunRows(store: SqliteStore): number {
  return Number((store.db.prepare("SELECT count(*) AS n FROM hook_runs").get() as { n: number }).n);
}

function allWorkloads(doc: ResultsDocument) {
  return doc.tasks.flatMap((t) => t.subtasks.flatMap((s) => s.workloads));
}

Deno.test("a recorded run reads back as the same document with the same raw iterations", async () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  try {
    const taskSpec = spec();
    const { document } = await recordRun(store, taskSpec);
    const history = new TaskHistory(store);
    const uuid = document.tasks[0].uuid;
    assert.deepEqual(history.document([uuid]), document);
    assert.equal(JSON.stringify(history.document([uuid])), JSON.stringify(document));

    // The same run into memory gives the same iterations.
    const clock = new SimulatedClock();
    const memory = new MemoryStore();
    let done = false;
    const run = runTask(taskSpec, { clock, seed: 7, store: memory }).finally(() => done = true);
    await clock.runUntil(() => done);
    const again = (await run).document;
    const [a, b] = [allWorkloads(document), allWorkloads(again)];
    assert.equal(a.length, 2);
    for (let i = 0; i < a.length; i++) {
      assert.deepEqual([...history.iterations(a[i].uuid)], memory.iterations(b[i].uuid));
    }
    assert.equal(history.iterationCount(a[0].uuid), 30);

    const [summary] = history.list();
    assert.equal(summary.uuid, uuid);
    assert.equal(summary.status, "finished");
    assert.equal(summary.workloads, 2);
    assert.equal(summary.passSla, document.tasks[0].pass_sla);
    assert.deepEqual(summary.args, ["task.json"]);
    assert.equal(summary.live, false);
  } finally {
    store.close();
  }
});

Deno.test("iterations are committed a chunk at a time: 2,500 writes leave 2,000 readable until flush", () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  const reader = SqliteStore.open(tmp.path);
  try {
    const recorder = new TaskRecorder(store, { spec: spec(), seed: 1, chunkRecords: 1000 });
    const sink = recorder.openWorkload("w-1");
    for (let i = 0; i < 2500; i++) sink.write(record(i));
    assert.equal(reader.iterationCount("w-1"), 2000);
    sink.flush();
    assert.equal(reader.iterationCount("w-1"), 2500);
    sink.close();
    assert.deepEqual([...reader.iterations("w-1")].map((r) => r.timestamp), [
      ...Array.from({ length: 2500 }, (_, i) => record(i).timestamp),
    ]);
    const seen = reader.db.prepare(
      "SELECT count(*) AS n FROM iteration_chunks",
    ).get() as { n: number };
    assert.equal(seen.n, 3);
    recorder.crash();
  } finally {
    reader.close();
    store.close();
  }
});

Deno.test("chunks workers send in stored form are committed as they arrive, in order", () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  const reader = SqliteStore.open(tmp.path);
  try {
    const recorder = new TaskRecorder(store, { spec: spec(), seed: 1 });
    const sink = recorder.openWorkload("w-1");
    const chunk = (from: number) => {
      const records = Array.from({ length: 1000 }, (_, i) => record(from + i));
      return { count: 1000, records: deflateChunk(JSON.stringify(records)) };
    };
    sink.writeChunk(chunk(0));
    sink.writeChunk(chunk(1000));
    assert.equal(reader.iterationCount("w-1"), 2000);
    sink.write(record(2000));
    sink.close();
    assert.deepEqual(
      [...reader.iterations("w-1")].map((r) => r.timestamp),
      Array.from({ length: 2001 }, (_, i) => record(i).timestamp),
    );
    recorder.crash();
  } finally {
    reader.close();
    store.close();
  }
});

Deno.test("a task whose recording process is gone reads as crashed, with its committed iterations summarized", async () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  try {
    const taskSpec = spec();
    const recorder = new TaskRecorder(store, {
      spec: taskSpec,
      seed: 3,
      pid: await deadPid(),
      chunkRecords: 100,
    });
    recorder.started("crashed-task-1");
    const sink = recorder.openWorkload("w-crash");
    recorder.watch().workloadStarted(progressOf("w-crash", taskSpec.subtasks[0].workloads[0]));
    for (let i = 0; i < 250; i++) sink.write(record(i, i % 50 === 0));
    // The process "dies" here: 50 records were never committed.

    const history = new TaskHistory(store);
    const [summary] = history.list();
    assert.equal(summary.uuid, "crashed-task-1");
    assert.equal(summary.status, "crashed");
    assert.equal(summary.passSla, false);
    assert.equal(summary.live, false);

    const view = history.view("crashed-task-1");
    assert.equal(view.task.status, "crashed");
    assert.equal(view.task.pass_sla, false);
    assert.equal(view.task.subtasks.length, 2);
    const [w] = view.task.subtasks[0].workloads;
    assert.equal(view.task.subtasks[1].workloads.length, 0, "never started");
    assert.equal(w.uuid, "w-crash");
    assert.equal(w.status, "aborted");
    assert.equal(w.total_iteration_count, 200);
    assert.equal(w.failed_iteration_count, 4);
    assert.equal(view.rebuilt.get("w-crash"), 200);
    const criteria = w.sla_results.sla.map((r) => [r.criterion, r.success]);
    assert.deepEqual(criteria, [["failure_rate", false], ["something_went_wrong", false]]);
    assert.match(w.sla_results.sla[1].detail, /ended before the workload finished/);
    assert.equal(w.statistics.durations.total.data.iteration_count, 200);

    // A crashed task can be reported; its document is valid and carries the iterations.
    const doc = history.document(["crashed-task-1"]);
    const out = `${tmp.dir}/crashed.json`;
    const written = await writeResultsJson(out, doc, (wl) => history.iterations(wl.uuid));
    assert.equal(written.iterations, 200);
  } finally {
    store.close();
  }
});

Deno.test("each hook run is committed as it ends, and a crashed task shows its hooks with the runs that ended", async () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  const reader = SqliteStore.open(tmp.path);
  try {
    const taskSpec = spec(HOOKED_TASK);
    const recorder = new TaskRecorder(store, {
      spec: taskSpec,
      seed: 3,
      pid: await deadPid(),
      chunkRecords: 10,
    });
    recorder.started("crashed-hooks");
    const sink = recorder.openWorkload("w-hooks");
    recorder.watch().workloadStarted(progressOf("w-hooks", taskSpec.subtasks[0].workloads[0]));
    for (let i = 0; i < 20; i++) sink.write(record(i));
    // Runs end out of firing order (the third fired ends before the second).
    sink.hookRun!(0, 1, hookRun(2));
    sink.hookRun!(1, 3, hookRun(10, "failed"));
    assert.equal(hookRunRows(reader), 2, "committed at once, with no flush");
    sink.hookRun!(0, 2, hookRun(5));
    // The process "dies" here.

    const history = new TaskHistory(store);
    const view = history.view("crashed-hooks");
    assert.equal(view.task.status, "crashed");
    const [w] = view.task.subtasks[0].workloads;
    assert.equal(w.total_iteration_count, 20);
    assert.deepEqual(w.hooks, [
      { config: HOOK_AT_2_AND_5, results: [hookRun(2), hookRun(5)], summary: { success: 2 } },
      { config: FAILING_HOOK_AT_10, results: [hookRun(10, "failed")], summary: { failed: 1 } },
    ]);
    assert.deepEqual(validateResults(history.document(["crashed-hooks"])), []);

    history.delete("crashed-hooks");
    assert.equal(hookRunRows(store), 0, "deleted with their task");
  } finally {
    reader.close();
    store.close();
  }
});

Deno.test("the hook runs recorded while a workload runs, the last one after its load ended, are its final result's runs", async () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  try {
    const taskSpec = spec(HOOKED_TASK);
    const { document } = await recordRun(store, taskSpec);
    const [workload] = allWorkloads(document);
    assert.deepEqual(workload.hooks.map((h) => h.summary), [{ success: 2 }, { failed: 1 }]);

    const recorded = hookRunsOf(store, workloadRowId(store, workload.uuid));
    assert.deepEqual(recorded.map((r) => [r.hookIndex, r.seq]), [[0, 1], [0, 2], [1, 3]]);
    const loadEnd = workload.start_time! + workload.load_duration;
    assert.ok(recorded[2].run.finished_at >= loadEnd + 0.5, "ended after the load did");
    // Rebuilt from the recorded runs alone, the hooks are the final ones.
    const rebuilt = unfinishedWorkload({
      uuid: workload.uuid,
      position: 0,
      spec: taskSpec.subtasks[0].workloads[0],
      iterations: [],
      hookRuns: recorded,
      startedAt: 0,
      lastSeenAt: 0,
      reason: "rebuilt for the test",
      plugins: taskSpec.plugins,
    });
    assert.deepEqual(rebuilt.hooks, workload.hooks);
  } finally {
    store.close();
  }
});

Deno.test("a task whose recording process is alive reads as running and can be neither reported nor deleted", () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  try {
    const taskSpec = spec();
    const recorder = new TaskRecorder(store, { spec: taskSpec, seed: 3, chunkRecords: 10 });
    const sink = recorder.openWorkload("w-live");
    recorder.watch().workloadStarted(progressOf("w-live", taskSpec.subtasks[0].workloads[0]));
    for (let i = 0; i < 25; i++) sink.write(record(i));
    const history = new TaskHistory(store);
    const summary = history.summary(recorder.uuid);
    assert.equal(summary.status, "running");
    assert.equal(summary.live, true);
    assert.equal(summary.passSla, null);
    assert.equal(summary.pid, Deno.pid);
    assert.equal(history.view(recorder.uuid).rebuilt.get("w-live"), 20);
    assert.throws(() => history.document([recorder.uuid]), HistoryError);
    assert.throws(() => history.delete(recorder.uuid), /still running/);

    // On another host a live pid cannot be checked: the task stays running
    // while its heartbeat is fresh, and is crashed once it has been silent
    // for a minute (so is one whose pid another process has taken since).
    const elsewhere = new TaskHistory(store, { hostname: "another-host", isAlive: () => false });
    assert.equal(elsewhere.summary(recorder.uuid).status, "running");
    const later = (ms: number) => () => Date.now() + ms;
    for (
      const [options, status] of [
        [{ hostname: "another-host", now: later(59_000) }, "running"],
        [{ hostname: "another-host", now: later(61_000) }, "crashed"],
        [{ isAlive: () => true, now: later(61_000) }, "crashed"],
      ] as const
    ) {
      assert.equal(new TaskHistory(store, options).summary(recorder.uuid).status, status);
    }
    const here = new TaskHistory(store, { isAlive: () => false });
    assert.equal(here.summary(recorder.uuid).status, "crashed");
    sink.close();
    recorder.crash();
    assert.equal(history.summary(recorder.uuid).status, "crashed");
  } finally {
    store.close();
  }
});

Deno.test("two connections recording at once both keep every record", () => {
  using tmp = tempDb();
  const one = SqliteStore.open(tmp.path);
  const two = SqliteStore.open(tmp.path);
  try {
    const a = new TaskRecorder(one, { spec: spec(), seed: 1, chunkRecords: 7 });
    const b = new TaskRecorder(two, { spec: spec(), seed: 2, chunkRecords: 5 });
    const [sa, sb] = [a.openWorkload("wa"), b.openWorkload("wb")];
    for (let i = 0; i < 1000; i++) {
      sa.write(record(i));
      sb.write(record(i, true));
    }
    sa.close();
    sb.close();
    const history = new TaskHistory(one);
    assert.equal(history.iterationCount("wa"), 1000);
    assert.equal(history.iterationCount("wb"), 1000);
    assert.equal(history.list().length, 2);
    assert.ok([...history.iterations("wb")].every((r) => r.error.length === 3));
    a.crash();
    b.crash();
  } finally {
    one.close();
    two.close();
  }
});

Deno.test("records wait in memory while another connection writes, for at most the busy timeout; then the run goes on and finish says what was lost", () => {
  using tmp = tempDb();
  const holder = SqliteStore.open(tmp.path);
  const writer = SqliteStore.open(tmp.path, { busyTimeoutMs: 20 });
  let now = 1_000;
  try {
    const recorder = new TaskRecorder(writer, {
      spec: spec(),
      seed: 1,
      chunkRecords: 2,
      now: () => now,
    });
    const sink = recorder.openWorkload("w");
    holder.db.exec("BEGIN IMMEDIATE");
    // The load goes on: the chunk stays pending instead of stalling it.
    for (let i = 0; i < 4; i++) sink.write(record(i));
    now += 25;
    sink.write(record(4));
    // The write that waited the busy timeout failed: nothing is thrown into
    // the load, and what follows is counted as lost.
    sink.write(record(5));
    assert.deepEqual((sink as WorkloadSink).lost, { iterations: 6, hookRuns: 0 });
    holder.db.exec("ROLLBACK");
    sink.close();
    assert.throws(() => recorder.finish(syntheticResults({ iterations: 2 }).doc), (e: Error) => {
      assert.ok(e instanceof HistoryError);
      assert.match(
        e.message,
        /Cannot record workload w in .*brunt\.db: database is locked; 6 raw iterations were not recorded/,
      );
      return true;
    });
  } finally {
    holder.close();
    writer.close();
  }
});

Deno.test("records kept back by another connection's write are committed once it ends", () => {
  using tmp = tempDb();
  const holder = SqliteStore.open(tmp.path);
  const writer = SqliteStore.open(tmp.path, { busyTimeoutMs: 20 });
  try {
    const recorder = new TaskRecorder(writer, { spec: spec(), seed: 1, chunkRecords: 2 });
    const sink = recorder.openWorkload("w");
    holder.db.exec("BEGIN IMMEDIATE");
    for (let i = 0; i < 5; i++) sink.write(record(i));
    holder.db.exec("ROLLBACK");
    const history = new TaskHistory(holder);
    assert.equal(history.iterationCount("w"), 0);
    // The retry comes a chunk later, then the backlog drains a chunk every
    // eighth of a chunk's writes (here: every write).
    sink.write(record(5));
    assert.equal(history.iterationCount("w"), 2);
    for (let i = 6; i < 9; i++) sink.write(record(i));
    assert.equal(history.iterationCount("w"), 8);
    sink.close();
    assert.deepEqual(
      [...history.iterations("w")].map((r) => r.timestamp),
      [...Array(9).keys()].map((i) => record(i).timestamp),
    );
    recorder.crash();
  } finally {
    holder.close();
    writer.close();
  }
});

Deno.test("a later run never changes an earlier one", async () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  try {
    const history = new TaskHistory(store);
    const first = await recordRun(store, spec(), 1);
    const uuid = first.document.tasks[0].uuid;
    const before = JSON.stringify(history.document([uuid]));
    const iterationsBefore = allWorkloads(first.document).map((
      w,
    ) => [...history.iterations(w.uuid)]);
    await recordRun(store, spec(), 2);
    await recordRun(store, spec(), 3);
    assert.equal(JSON.stringify(history.document([uuid])), before);
    assert.deepEqual(
      allWorkloads(first.document).map((w) => [...history.iterations(w.uuid)]),
      iterationsBefore,
    );
    assert.equal(history.list().length, 3);
  } finally {
    store.close();
  }
});

Deno.test("task ids resolve from any unique prefix, and last names the newest", () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  try {
    const history = new TaskHistory(store);
    let t = 0;
    for (const uuid of ["abc11111", "abc22222", "def33333"]) {
      const recorder = new TaskRecorder(store, { spec: spec(), seed: 1, now: () => 1e12 + ++t });
      recorder.started(uuid);
      recorder.crash();
    }
    assert.equal(history.resolve("abc1"), "abc11111");
    assert.equal(history.resolve("D"), "def33333");
    assert.equal(history.resolve("last"), "def33333");
    assert.equal(history.resolve("abc22222"), "abc22222");
    assert.throws(
      () => history.resolve("abc"),
      /ambiguous .*abc11111, abc22222.*give more characters/,
    );
    assert.throws(() => history.resolve("zzz"), /No task "zzz" in .*brunt list/);
    assert.throws(() => history.resolve(" "), /empty/);
    assert.deepEqual(history.list().map((s) => s.uuid), ["abc11111", "abc22222", "def33333"]);
  } finally {
    store.close();
  }
});

Deno.test("an exported document imports into another history and exports again byte for byte", async () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  const other = SqliteStore.open(`${tmp.dir}/other.db`);
  try {
    const { document } = await recordRun(store, spec());
    const history = new TaskHistory(store);
    const uuid = document.tasks[0].uuid;
    const first = `${tmp.dir}/first.json`;
    await writeResultsJson(first, history.document([uuid]), (w) => history.iterations(w.uuid));

    const imported = new TaskHistory(other);
    const doc = JSON.parse(Deno.readTextFileSync(first)) as ResultsDocument;
    assert.deepEqual(imported.importDocument(doc), [uuid]);
    const second = `${tmp.dir}/second.json`;
    await writeResultsJson(second, imported.document([uuid]), (w) => imported.iterations(w.uuid));
    assert.equal(Deno.readTextFileSync(second), Deno.readTextFileSync(first));
    const summary = imported.summary(uuid);
    assert.equal(summary.pid, null);
    assert.deepEqual(summary.args, []);
    assert.equal(summary.status, "finished");

    // Importing it again is refused and changes nothing.
    assert.throws(
      () => imported.importDocument(doc),
      /already in .*other\.db; nothing was imported/,
    );
    assert.equal(imported.list().length, 1);
  } finally {
    store.close();
    other.close();
  }
});

Deno.test("an import is all or nothing: a clash in the second task leaves the first out too", async () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  try {
    const { document } = await recordRun(store, spec());
    const history = new TaskHistory(store);
    const fresh = structuredClone(document.tasks[0]);
    fresh.uuid = "fresh-task";
    fresh.subtasks.forEach((s, i) => s.workloads.forEach((w, j) => w.uuid = `fresh-${i}-${j}`));
    assert.throws(
      () => history.importDocument({ info: document.info, tasks: [fresh, document.tasks[0]] }),
      HistoryError,
    );
    assert.equal(history.list().length, 1);
    assert.throws(() => history.summary("fresh-task"), /No task fresh-task/);
  } finally {
    store.close();
  }
});

Deno.test("delete removes a task with its workloads and iterations, and only that task", async () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  try {
    const history = new TaskHistory(store);
    const kept = (await recordRun(store, spec(), 1)).document;
    const gone = (await recordRun(store, spec(), 2)).document;
    history.delete(gone.tasks[0].uuid);
    assert.deepEqual(history.list().map((t) => t.uuid), [kept.tasks[0].uuid]);
    for (const w of allWorkloads(gone)) assert.equal(history.iterationCount(w.uuid), 0);
    const count = (table: string) =>
      (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    assert.equal(count("workloads"), 2);
    assert.equal(count("subtasks"), 2);
    assert.equal(count("iteration_chunks"), 2);
    assert.deepEqual(history.document([kept.tasks[0].uuid]), kept);
  } finally {
    store.close();
  }
});

Deno.test("an empty file becomes a history at the current schema version", () => {
  using tmp = tempDb();
  Deno.writeFileSync(tmp.path, new Uint8Array());
  const store = SqliteStore.open(tmp.path);
  try {
    const version = store.db.prepare("PRAGMA user_version").get() as { user_version: number };
    assert.equal(version.user_version, SCHEMA_VERSION);
    const appId = store.db.prepare("PRAGMA application_id").get() as { application_id: number };
    assert.equal(appId.application_id, APPLICATION_ID);
    const mode = store.db.prepare("PRAGMA journal_mode").get() as { journal_mode: string };
    assert.equal(mode.journal_mode, "wal");
    assert.deepEqual(new TaskHistory(store).list(), []);
  } finally {
    store.close();
  }
});

Deno.test("the migrations are numbered 1, 2, … in order", () => {
  assert.deepEqual(MIGRATIONS.map((m) => m.version), MIGRATIONS.map((_, i) => i + 1));
  assert.equal(SCHEMA_VERSION, MIGRATIONS.length);
});

for (let version = 1; version < SCHEMA_VERSION; version++) {
  Deno.test(`a history at schema version ${version} is migrated on open and keeps its tasks`, async () => {
    using tmp = tempDb();
    // Built as the oldest brunt would: version 1 columns only.
    const old = SqliteStore.open(tmp.path, { schemaVersion: 1 });
    const memory = new MemoryStore();
    const clock = new SimulatedClock();
    let done = false;
    const run = runTask(spec(), { clock, seed: 5, store: memory }).finally(() => done = true);
    await clock.runUntil(() => done);
    const { document } = await run;
    const task = document.tasks[0];
    old.write(() => {
      const id = Number(
        old.db.prepare(
          `INSERT INTO tasks (uuid, title, description, status, tags, seed, args, input_task,
             workload_count, created_at, updated_at) VALUES (?, ?, ?, 'running', '[]', ?, '[]', 'null', 0, ?, ?)`,
        ).run(task.uuid, task.title, task.description, task.seed, task.created_at, task.created_at)
          .lastInsertRowid,
      );
      saveTaskResult(old, id, task, document.info, 0);
    });
    old.close();
    if (version > 1) SqliteStore.open(tmp.path, { schemaVersion: version }).close();

    const store = SqliteStore.open(tmp.path);
    try {
      const row = store.db.prepare("PRAGMA user_version").get() as { user_version: number };
      assert.equal(row.user_version, SCHEMA_VERSION);
      const history = new TaskHistory(store);
      assert.deepEqual(history.document([task.uuid]), document);
      assert.equal(history.summary(task.uuid).pid, null);
    } finally {
      store.close();
    }
  });
}

Deno.test("a schema 2 history gains the hook runs table: its crashed task reads back with its hooks, new runs are recorded", async () => {
  using tmp = tempDb();
  const taskSpec = spec(HOOKED_TASK);
  const workloadSpec = taskSpec.subtasks[0].workloads[0];
  const pid = await deadPid();
  const old = SqliteStore.open(tmp.path, { schemaVersion: 2 });
  try {
    const recorder = new TaskRecorder(old, { spec: taskSpec, seed: 1, pid, chunkRecords: 10 });
    recorder.started("crashed-at-v2");
    const sink = recorder.openWorkload("w-v2");
    recorder.watch().workloadStarted(progressOf("w-v2", workloadSpec));
    for (let i = 0; i < 10; i++) sink.write(record(i));
    const tables = old.db.prepare("SELECT name FROM sqlite_master WHERE name = 'hook_runs'").all();
    assert.deepEqual(tables, []);
  } finally {
    old.close();
  }

  const store = SqliteStore.open(tmp.path);
  try {
    const version = store.db.prepare("PRAGMA user_version").get() as { user_version: number };
    assert.equal(version.user_version, SCHEMA_VERSION);
    const history = new TaskHistory(store);
    const [before] = history.view("crashed-at-v2").task.subtasks[0].workloads;
    assert.equal(before.total_iteration_count, 10);
    assert.deepEqual(before.hooks, [
      { config: HOOK_AT_2_AND_5, results: [], summary: {} },
      { config: FAILING_HOOK_AT_10, results: [], summary: {} },
    ]);

    const recorder = new TaskRecorder(store, { spec: taskSpec, seed: 2, pid, chunkRecords: 10 });
    recorder.started("crashed-at-v3");
    const sink = recorder.openWorkload("w-v3");
    recorder.watch().workloadStarted(progressOf("w-v3", workloadSpec));
    sink.hookRun!(0, 1, hookRun(2));
    const [after] = history.view("crashed-at-v3").task.subtasks[0].workloads;
    assert.deepEqual(after.hooks[0].results, [hookRun(2)]);
  } finally {
    store.close();
  }
});

Deno.test("a history with a newer schema is refused and left as it was", () => {
  using tmp = tempDb();
  SqliteStore.open(tmp.path).close();
  const db = new DatabaseSync(tmp.path);
  db.exec(`PRAGMA user_version = ${SCHEMA_VERSION + 1}`);
  db.close();
  const bytes = Deno.readFileSync(tmp.path);
  assert.throws(() => SqliteStore.open(tmp.path), (e: Error) => {
    assert.ok(e instanceof HistoryError);
    assert.match(e.message, new RegExp(`schema version ${SCHEMA_VERSION + 1}, newer than`));
    assert.match(e.message, /upgrade brunt/);
    return true;
  });
  assert.deepEqual(Deno.readFileSync(tmp.path), bytes);
});

Deno.test("a file that is not a SQLite database is refused and left as it was", () => {
  using tmp = tempDb();
  const garbage = new TextEncoder().encode("this is not a database\n".repeat(300));
  Deno.writeFileSync(tmp.path, garbage);
  assert.throws(
    () => SqliteStore.open(tmp.path),
    /Cannot use .*brunt\.db as a task history: file is not a database.*move it away/,
  );
  assert.deepEqual(Deno.readFileSync(tmp.path), garbage);
});

Deno.test("another program's SQLite database is refused and left as it was", () => {
  using tmp = tempDb();
  const db = new DatabaseSync(tmp.path);
  db.exec("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine')");
  db.close();
  const bytes = Deno.readFileSync(tmp.path);
  assert.throws(() => SqliteStore.open(tmp.path), /not a brunt task history/);
  assert.deepEqual(Deno.readFileSync(tmp.path), bytes);
});

Deno.test("a missing history is an error when it must not be created", () => {
  using tmp = tempDb();
  assert.throws(
    () => SqliteStore.open(tmp.path, { create: false }),
    /No task history at .*brunt\.db: the file does not exist/,
  );
  assert.throws(
    () => SqliteStore.open(`${tmp.dir}/missing/brunt.db`),
    /folder ".*missing" does not exist/,
  );
});

Deno.test("the history file is --db, else BRUNT_DB, else .brunt/brunt.db", () => {
  const saved = Deno.env.get("BRUNT_DB");
  try {
    Deno.env.delete("BRUNT_DB");
    assert.equal(historyPath(), DEFAULT_DB_PATH);
    Deno.env.set("BRUNT_DB", "/tmp/elsewhere.db");
    assert.equal(historyPath(), "/tmp/elsewhere.db");
    assert.equal(historyPath("given.db"), "given.db");
  } finally {
    if (saved === undefined) Deno.env.delete("BRUNT_DB");
    else Deno.env.set("BRUNT_DB", saved);
  }
});

Deno.test("tryWrite commits when the lock is free and gives undefined at once when it is taken", () => {
  using tmp = tempDb();
  const holder = SqliteStore.open(tmp.path);
  const writer = SqliteStore.open(tmp.path, { busyTimeoutMs: 5_000 });
  try {
    writer.db.exec("CREATE TABLE t (x)");
    const insert = () => writer.statement("INSERT INTO t VALUES (1)").run();
    assert.ok(writer.tryWrite(insert));
    holder.db.exec("BEGIN IMMEDIATE");
    const started = performance.now();
    assert.equal(writer.tryWrite(insert), undefined);
    assert.ok(performance.now() - started < 1_000, "it must not wait for the busy timeout");
    holder.db.exec("ROLLBACK");
    assert.equal(
      (writer.db.prepare("PRAGMA busy_timeout").get() as { timeout: number }).timeout,
      5_000,
    );
    assert.equal((writer.db.prepare("SELECT count(*) AS n FROM t").get() as { n: number }).n, 1);
  } finally {
    holder.close();
    writer.close();
  }
});

Deno.test("while a task is recorded its connection leaves checkpoints to the checkpointer, and takes them back at the end", () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  const autocheckpoint = () =>
    (store.db.prepare("PRAGMA wal_autocheckpoint").get() as { wal_autocheckpoint: number })
      .wal_autocheckpoint;
  try {
    assert.equal(autocheckpoint(), 1000);
    const recorder = new TaskRecorder(store, { spec: spec(), seed: 1 });
    assert.equal(autocheckpoint(), 0);
    recorder.crash();
    assert.equal(autocheckpoint(), 1000);
  } finally {
    store.close();
  }
});

Deno.test("the checkpoint worker copies each history's log into its file when stopped, for histories one after another and side by side", () => {
  using a = tempDb();
  using b = tempDb();
  const stores = [SqliteStore.open(a.path), SqliteStore.open(b.path)];
  const fileSize = (store: SqliteStore) => Deno.statSync(store.path).size;
  // 512 KiB in the log; the store's connection does not checkpoint while a checkpointer runs.
  const fill = (store: SqliteStore) => {
    store.db.exec("CREATE TABLE IF NOT EXISTS filler (x BLOB)");
    store.db.prepare("INSERT INTO filler VALUES (?)").run(new Uint8Array(512 * 1024));
  };
  try {
    // One after another: the first stops before the second starts.
    // An interval of a minute: only the last checkpoint, on stop, runs.
    const first = new WalCheckpointer(stores[0], 60_000);
    assert.equal(first.running, true);
    fill(stores[0]);
    assert.ok(fileSize(stores[0]) < 512 * 1024, "the blob is still only in the log");
    first.stop();
    assert.ok(fileSize(stores[0]) > 512 * 1024, "the last checkpoint copied the log");

    // Side by side.
    const [one, two] = stores.map((s) => new WalCheckpointer(s, 60_000));
    for (const store of stores) fill(store);
    const before = fileSize(stores[1]);
    assert.ok(before < 512 * 1024);
    two.stop();
    assert.ok(fileSize(stores[1]) > 512 * 1024);
    one.stop();
    assert.ok(fileSize(stores[0]) > 1024 * 1024);
  } finally {
    for (const store of stores) store.close();
  }
});

Deno.test({
  name:
    "a new history and its log files are readable by their owner only (they hold command lines and hook output)",
  ignore: Deno.build.os === "windows",
  fn() {
    using tmp = tempDb();
    const store = SqliteStore.open(tmp.path);
    try {
      new TaskRecorder(store, { spec: spec(), seed: 1 }).crash();
      for (const file of [tmp.path, `${tmp.path}-wal`, `${tmp.path}-shm`]) {
        assert.equal(Deno.statSync(file).mode! & 0o777, 0o600, file);
      }
    } finally {
      store.close();
    }
  },
});
