/**
 * The task history when things go wrong: a disk that fills up mid-run, a
 * damaged page, a file that may only be read. Nothing stops the load,
 * nothing partial is given back as whole, and every refusal says why.
 */
import assert from "node:assert/strict";
import "../src/builtin/builtin_plugins.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { runTask } from "../src/engine/run_task.ts";
import { HistoryError } from "../src/store/history_error.ts";
import { SqliteStore } from "../src/store/sqlite_store.ts";
import { TaskHistory } from "../src/store/task_history.ts";
import { TaskRecorder } from "../src/store/task_recorder.ts";
import { parseTask } from "../src/task/load.ts";
import { cli } from "./helpers/cli_in_process.ts";
import { recordRun, tempDb } from "./helpers/history_fixtures.ts";

// Each iteration sleeps, so no two chunks of records are alike.
const SERIAL_3000 = parseTask(
  JSON.stringify({
    "Dummy.dummy": [{ args: { sleep: 0.001 }, runner: { type: "serial", times: 3000 } }],
  }),
  "task.json",
);

function pragma(store: SqliteStore, name: string): number {
  return Number((store.db.prepare(`PRAGMA ${name}`).get() as Record<string, number>)[name]);
}

/** Overwrites page `page` (1-based) of the file with garbage. */
function damagePage(path: string, page: number, pageSize: number): void {
  const file = Deno.openSync(path, { write: true });
  try {
    file.seekSync((page - 1) * pageSize, Deno.SeekMode.Start);
    file.writeSync(new Uint8Array(pageSize).fill(0xab));
  } finally {
    file.close();
  }
}

/** A history with one recorded run of 3,000 iterations (12 chunks), closed; its workload's id. */
async function recordedHistory(path: string): Promise<{ workload: string; pageSize: number }> {
  const store = SqliteStore.open(path);
  try {
    const { document } = await recordRun(store, SERIAL_3000);
    return {
      workload: document.tasks[0].subtasks[0].workloads[0].uuid,
      pageSize: pragma(store, "page_size"),
    };
  } finally {
    store.close();
  }
}

Deno.test("a history that fills up mid-run: the load runs to its end, finish says what was lost, and reading it back says it is partial", async () => {
  using tmp = tempDb();
  const store = SqliteStore.open(tmp.path);
  try {
    const recorder = new TaskRecorder(store, { spec: SERIAL_3000, seed: 1 });
    const clock = new SimulatedClock();
    let done = false;
    const run = runTask(SERIAL_3000, {
      clock,
      seed: 1,
      store: recorder,
      progress: recorder.watch(),
      onStart: (uuid) => recorder.started(uuid),
    }).finally(() => done = true);
    const chunks = () =>
      Number(store.db.prepare("SELECT count(*) AS n FROM iteration_chunks").get()!.n);
    await clock.runUntil(() => chunks() > 0);
    // SQLite's own limit makes the disk full: no page may be added from now on.
    store.db.exec(`PRAGMA max_page_count = ${pragma(store, "page_count")}`);
    await clock.runUntil(() => done);
    const { document } = await run;
    const workload = document.tasks[0].subtasks[0].workloads[0];
    assert.equal(workload.total_iteration_count, 3000, "the load was not cut short");
    assert.equal(document.tasks[0].status, "finished");

    store.db.exec("PRAGMA max_page_count = 1000000"); // room again for the results
    assert.throws(
      () => recorder.finish(document),
      /Cannot record workload .* database or disk is full; \d+ raw iterations were not recorded/,
    );
    const view = new TaskHistory(store).view(recorder.uuid);
    assert.equal(view.summary.status, "finished");
    assert.equal(view.partial.length, 1);
    const { recorded, total } = view.partial[0];
    assert.ok(recorded > 0 && recorded < 3000, `recorded ${recorded}`);
    assert.equal(total, 3000);
    assert.equal([...store.iterations(workload.uuid)].length, recorded);
  } finally {
    store.close();
  }
  const shown = await cli("show", "last", "--db", tmp.path);
  assert.equal(shown.code, 0);
  assert.match(
    shown.out,
    /Raw iterations: the history holds \d+ of 3000; the rest could not be recorded/,
  );
  const report = await cli("report", "last", "--db", tmp.path, "--json", `${tmp.dir}/r.json`);
  assert.equal(report.code, 4, "a report with part of the raw iterations says so in its exit code");
  assert.match(report.err, /the history holds \d+ of its 3000 raw iterations/);
});

Deno.test("a damaged page of raw iterations: reading the workload throws, never gives back fewer records; the task list still reads", async () => {
  using tmp = tempDb();
  const { workload, pageSize } = await recordedHistory(tmp.path);
  // The page where the sixth chunk's stored bytes begin.
  const probe = SqliteStore.open(tmp.path, { readOnly: true });
  const blob = (probe.db.prepare("SELECT records FROM iteration_chunks WHERE seq = 5").get() as {
    records: Uint8Array;
  }).records.slice(0, 32);
  probe.close();
  const bytes = Deno.readFileSync(tmp.path);
  const at = bytes.findIndex((_, i) => blob.every((b, j) => bytes[i + j] === b));
  assert.ok(at > 0);
  damagePage(tmp.path, Math.floor(at / pageSize) + 1, pageSize);

  const store = SqliteStore.open(tmp.path, { readOnly: true });
  try {
    const history = new TaskHistory(store);
    assert.equal(history.list().length, 1);
    assert.throws(() => [...history.iterations(workload)], (e: Error) => {
      assert.ok(e instanceof HistoryError);
      assert.match(
        e.message,
        /is damaged: the raw iterations of workload .* cannot be read .*nothing partial.*brunt import/,
      );
      return true;
    });
  } finally {
    store.close();
  }
  const report = await cli("report", "last", "--db", tmp.path, "--json", `${tmp.dir}/r.json`);
  assert.equal(report.code, 2);
  assert.match(report.err, /is damaged: the raw iterations of workload/);
  assert.throws(() => Deno.statSync(`${tmp.dir}/r.json`), Deno.errors.NotFound);
});

Deno.test("a damaged root of the iteration table: the history is refused on open, for writing and for reading, with the ways out", async () => {
  using tmp = tempDb();
  const { pageSize } = await recordedHistory(tmp.path);
  const probe = SqliteStore.open(tmp.path, { readOnly: true });
  const root = Number(
    (probe.db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'iteration_chunks'")
      .get() as { rootpage: number }).rootpage,
  );
  probe.close();
  damagePage(tmp.path, root, pageSize);
  const before = Deno.readFileSync(tmp.path);
  for (const readOnly of [false, true]) {
    assert.throws(
      () => SqliteStore.open(tmp.path, { readOnly }),
      /is damaged: its table iteration_chunks cannot be read .*--db NEW\.db.*brunt import/,
    );
  }
  Deno.writeTextFileSync(`${tmp.dir}/t.json`, JSON.stringify({ "Dummy.dummy": [{}] }));
  const run = await cli("run", `${tmp.dir}/t.json`, "--db", tmp.path, "--quiet");
  assert.equal(run.code, 2);
  assert.match(run.err, /is damaged: its table iteration_chunks/);
  assert.deepEqual(Deno.readFileSync(tmp.path), before, "the file is left as it was");
});

Deno.test("a history opened to read is never written: a read-only file lists, and one at an older schema says how to bring it up to date", async () => {
  using tmp = tempDb();
  await recordedHistory(tmp.path);
  Deno.chmodSync(tmp.path, 0o444);
  const before = Deno.readFileSync(tmp.path);
  const store = SqliteStore.open(tmp.path, { readOnly: true });
  try {
    assert.equal(new TaskHistory(store).list().length, 1);
    assert.throws(() => store.db.exec("DELETE FROM tasks"), /readonly/);
  } finally {
    store.close();
  }
  assert.deepEqual(Deno.readFileSync(tmp.path), before);

  const old = `${tmp.dir}/old.db`;
  SqliteStore.open(old, { schemaVersion: 2 }).close();
  assert.throws(
    () => SqliteStore.open(old, { readOnly: true }),
    /schema version 2, older than this brunt's .* a command that writes to it/,
  );
});
