/**
 * What tests of the task history share: a temporary history file, raw
 * iteration records, and a task run recorded on the simulated clock.
 *
 * @module
 */
import { SimulatedClock } from "../../src/clock/simulated_clock.ts";
import { runTask } from "../../src/engine/run_task.ts";
import type { IterationRecord } from "../../src/model/iteration_record.ts";
import type { ResultsDocument } from "../../src/model/results_document.ts";
import type { TaskSpec } from "../../src/model/task_spec.ts";
import type { SqliteStore } from "../../src/store/sqlite_store.ts";
import { TaskRecorder } from "../../src/store/task_recorder.ts";

/** A fresh folder with the path of a history file in it; removed on dispose. */
export function tempDb(): { path: string; dir: string; [Symbol.dispose](): void } {
  const dir = Deno.makeTempDirSync({ prefix: "brunt_history_" });
  return {
    path: `${dir}/brunt.db`,
    dir,
    [Symbol.dispose]: () => Deno.removeSync(dir, { recursive: true }),
  };
}

/** The record of iteration `i`: successful, or failed with `error`. */
export function record(i: number, error = false): IterationRecord {
  return {
    timestamp: 1_700_000_000 + i / 10,
    duration: 0.01 + (i % 7) / 1000,
    idle_duration: 0,
    error: error ? ["Boom", `failure ${i}`, "trace"] : [],
    output: { additive: [], complete: [] },
    atomic_actions: [],
  };
}

/** Runs `taskSpec` on a simulated clock, recorded into `store`. */
export async function recordRun(
  store: SqliteStore,
  taskSpec: TaskSpec,
  seed = 7,
): Promise<{ document: ResultsDocument; recorder: TaskRecorder }> {
  const clock = new SimulatedClock();
  const recorder = new TaskRecorder(store, { spec: taskSpec, seed, args: ["task.json"] });
  let done = false;
  const run = runTask(taskSpec, {
    clock,
    seed,
    store: recorder,
    progress: recorder.watch(),
    onStart: (uuid) => recorder.started(uuid),
  }).finally(() => done = true);
  await clock.runUntil(() => done);
  const { document } = await run;
  recorder.finish(document);
  return { document, recorder };
}
