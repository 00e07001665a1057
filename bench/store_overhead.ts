/**
 * What recording into the SQLite task history costs the engine: 200,000
 * Dummy.dummy iterations (sleep 0) at concurrency 10 on the real clock,
 * with the in-memory store and with the SQLite recorder, alternating runs
 * and keeping each store's best. Prints iterations per second and the ratio.
 *
 *     deno run -A bench/store_overhead.ts [ITERATIONS] [ROUNDS]
 *
 * @module
 */
import "../src/builtin/builtin_plugins.ts";
import { runTask } from "../src/engine/run_task.ts";
import { MemoryStore } from "../src/store/memory_store.ts";
import type { ResultStore } from "../src/store/result_store.ts";
import { SqliteStore } from "../src/store/sqlite_store.ts";
import { TaskRecorder } from "../src/store/task_recorder.ts";
import { parseTask } from "../src/task/load.ts";
import type { TaskSpec } from "../src/model/task_spec.ts";

const iterations = Number(Deno.args[0] ?? 200_000);
const rounds = Number(Deno.args[1] ?? 3);
const spec = parseTask(
  JSON.stringify({
    "Dummy.dummy": [{
      args: { sleep: 0 },
      runner: { type: "constant", times: iterations, concurrency: 10 },
    }],
  }),
  "bench.json",
);

async function timeRun(taskSpec: TaskSpec, store: ResultStore, recorder?: TaskRecorder) {
  const started = performance.now();
  const { document } = await runTask(taskSpec, {
    seed: 1,
    store,
    progress: recorder?.watch(),
    onStart: (uuid) => recorder?.started(uuid),
  });
  recorder?.finish(document);
  const seconds = (performance.now() - started) / 1000;
  const done = document.tasks[0].subtasks[0].workloads[0].total_iteration_count;
  if (done !== iterations) throw new Error(`ran ${done} iterations, not ${iterations}`);
  return iterations / seconds;
}

const dir = Deno.makeTempDirSync({ prefix: "brunt_bench_store_" });
const best = { memory: 0, sqlite: 0 };
try {
  const db = SqliteStore.open(`${dir}/brunt.db`);
  try {
    for (let round = 0; round < rounds; round++) {
      best.memory = Math.max(best.memory, await timeRun(spec, new MemoryStore()));
      const recorder = new TaskRecorder(db, { spec, seed: 1 });
      best.sqlite = Math.max(best.sqlite, await timeRun(spec, recorder, recorder));
    }
  } finally {
    db.close();
  }
  const size = Deno.statSync(`${dir}/brunt.db`).size;
  const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
  console.log(
    `${fmt(iterations)} Dummy.dummy iterations (sleep 0), concurrency 10, best of ${rounds}:`,
  );
  console.log(`  memory store   ${fmt(best.memory)} iterations/s`);
  console.log(`  SQLite history ${fmt(best.sqlite)} iterations/s`);
  console.log(`  ratio          ${(best.sqlite / best.memory).toFixed(2)} (SQLite / memory)`);
  console.log(`  database size  ${(size / rounds / iterations).toFixed(0)} bytes per iteration`);
} finally {
  Deno.removeSync(dir, { recursive: true });
}
