/**
 * Loads split over real worker threads: few and small, as the point is the
 * threads themselves (split semantics are tested on the simulated clock in
 * split_load_test.ts).
 */
import assert from "node:assert/strict";
import {
  loadPlugins,
  parseTask,
  pluginsWith,
  registerScenario,
  runTask,
  type WorkloadResult,
} from "../mod.ts";
import { MemoryStore } from "../src/store/memory_store.ts";

const FIXTURES = new URL("./fixtures/plugins/", import.meta.url);

registerScenario("Workers.in_script", () => {}, {
  description: "Registered by this test file itself.",
  schema: { type: "object" },
});

function workload(document: { tasks: { subtasks: { workloads: WorkloadResult[] }[] }[] }) {
  return document.tasks[0].subtasks[0].workloads[0];
}

Deno.test("a load in 2 worker threads runs every iteration once, numbered as unsplit, with a --plugin scenario, and fires each iteration point once", async () => {
  const plugins = pluginsWith(
    await loadPlugins(new URL("user_scenario.ts", FIXTURES).pathname, { warn: assert.fail }),
  );
  const spec = parseTask(
    JSON.stringify({
      "User.add": [{
        args: { a: 1, b: 2, fail_every: 7 },
        runner: { type: "constant", times: 3000, concurrency: 4 },
        hooks: [{
          name: "sys_call",
          args: "/bin/true",
          trigger: { name: "event", args: { unit: "iteration", at: [1, 1500, 2999, 3000] } },
        }],
      }],
    }),
    "task.json",
    { plugins },
  );
  const store = new MemoryStore();
  const { document } = await runTask(spec, { seed: 3, workers: 2, store });
  const w = workload(document);
  assert.equal(w.total_iteration_count, 3000);
  // Iteration n fails when n is a multiple of 7: the threads numbered them as one process does.
  assert.equal(w.failed_iteration_count, Math.floor(3000 / 7));
  const records = store.iterations(w.uuid);
  assert.equal(records.length, 3000);
  assert.equal(records.filter((r) => r.error.length).length, 428);
  assert.deepEqual(
    w.hooks[0].results.map((r) => [r.triggered_by.value, r.status]),
    [[1, "success"], [1500, "success"], [2999, "success"], [3000, "success"]],
  );
  assert.equal(w.statistics.durations.atomics[0].name, "add");
  assert.equal(w.statistics.durations.atomics[0].data.iteration_count, 3000);
});

Deno.test("a scenario the program registered itself cannot go to worker threads: the workload fails saying why", async () => {
  const spec = parseTask(
    JSON.stringify({ "Workers.in_script": [{ runner: { type: "constant", times: 10 } }] }),
    "task.json",
  );
  const { document } = await runTask(spec, { seed: 1, workers: 2 });
  const w = workload(document);
  assert.equal(w.total_iteration_count, 0);
  assert.equal(w.pass_sla, false);
  const detail = w.sla_results.sla.find((s) => s.criterion === "something_went_wrong")!.detail;
  assert.match(detail, /Workers\.in_script" was registered by this program.*loadPlugins/);
});
