/**
 * Nothing lost when the CLI is killed outright at an arbitrary moment: the
 * raw iterations reach the task history about once a second while they
 * arrive, and after a SIGKILL every committed record reads back, up to
 * about a second before the kill.
 */
import assert from "node:assert/strict";
import type { IterationRecord } from "../../src/model/iteration_record.ts";
import { SqliteStore } from "../../src/store/sqlite_store.ts";
import { TaskHistory } from "../../src/store/task_history.ts";
import { committedIterations, poll, startCli } from "../helpers/cli_child.ts";

// 50 ms iterations, 4 at a time, for 30 s: about 80 records a second, fewer
// than a chunk, so what commits them is the once-a-second timer.
const TASK = new URL("../fixtures/tasks_cli/steady_task.json", import.meta.url).pathname;

function endMs(record: IterationRecord): number {
  return (record.timestamp + record.duration) * 1000;
}

Deno.test("a SIGKILLed run keeps its iterations up to about a second before the kill, every one readable", async () => {
  const cli = await startCli(["run", TASK, "--db", "{cwd}/brunt.db", "--json", "{cwd}/r.json"]);
  const db = `${cli.cwd}/brunt.db`;
  let killedAt: number;
  try {
    await cli.waitForStderr(/brunt: running .* as task \S+, recorded in /);
    // The first commit, then the next: while records arrive they are committed
    // about once a second, not when some chunk happens to fill.
    const first = await poll("iterations committed", () => committedIterations(db) || undefined);
    const firstSeen = Date.now();
    await poll("more iterations committed", () => committedIterations(db) > first || undefined);
    const interval = Date.now() - firstSeen;
    assert.ok(interval < 2000, `iterations were committed ${interval} ms after the previous ones`);

    killedAt = Date.now();
    cli.kill("SIGKILL");
    const exit = await cli.exited();
    assert.equal(exit.signal, "SIGKILL");
    assert.throws(() => Deno.statSync(`${cli.cwd}/r.json`), "a killed run writes no results file");

    const store = SqliteStore.open(db, { create: false });
    try {
      const history = new TaskHistory(store);
      const [task] = history.list();
      assert.equal(task.status, "crashed");
      const workload = history.view(task.uuid).task.subtasks[0].workloads[0];
      const records = [...history.iterations(workload.uuid)];
      assert.equal(records.length, history.iterationCount(workload.uuid));
      assert.ok(records.length >= first);
      for (const r of records) {
        assert.equal(typeof r.timestamp, "number");
        assert.equal(typeof r.duration, "number");
        assert.deepEqual(r.error, []);
      }
      assert.ok(records.some((r) => endMs(r) < killedAt - 1000), "records older than a second");
      const newest = Math.max(...records.map(endMs));
      assert.ok(
        newest > killedAt - 2000,
        `the newest committed record ended ${killedAt - newest} ms before the kill`,
      );
    } finally {
      store.close();
    }
  } finally {
    await cli.close();
  }
});
