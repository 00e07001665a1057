/**
 * The soft abort (`runTask`'s `finishSignal`, `brunt abort --soft`, Rally's
 * `abort --soft`): the running workloads run to their end with every
 * iteration and hook point, no other workload starts, and the task ends
 * `aborted` with the SLA of what ran untouched.
 */
import assert from "node:assert/strict";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { runSimulated, T0, taskSpec } from "./helpers/run_simulated.ts";

const TASK = {
  version: 2,
  title: "soft abort",
  subtasks: [
    {
      title: "first",
      scenario: { "Dummy.dummy": { sleep: 0.5 } },
      runner: { constant: { times: 40, concurrency: 2 } },
    },
    {
      title: "parallel pair",
      run_in_parallel: true,
      workloads: [
        { scenario: { "Dummy.dummy": { sleep: 1 } }, runner: { constant: { times: 4 } } },
        { scenario: { "Dummy.dummy": { sleep: 1 } }, runner: { constant: { times: 6 } } },
      ],
    },
    {
      title: "last",
      scenario: { "Dummy.dummy": { sleep: 0 } },
      runner: { constant: { times: 2 } },
    },
  ],
};

async function abortSoftlyAt(seconds: number) {
  const clock = new SimulatedClock({ start: T0 });
  const finish = new AbortController();
  const run = await runSimulated(taskSpec(TASK), {
    clock,
    finishSignal: finish.signal,
    onStart: () => void clock.setTimeout(() => finish.abort(), seconds * 1000),
  });
  return run.document.tasks[0];
}

Deno.test("a soft abort during a workload lets it run every iteration and skips the later ones", async () => {
  const task = await abortSoftlyAt(3);
  assert.equal(task.status, "aborted");
  assert.equal(task.pass_sla, true);
  const [first, pair, last] = task.subtasks;
  assert.equal(first.status, "finished");
  assert.equal(first.workloads[0].status, "finished");
  assert.equal(first.workloads[0].total_iteration_count, 40);
  assert.deepEqual(first.workloads[0].sla_results.sla.map((r) => r.criterion), ["failure_rate"]);
  assert.deepEqual(pair.workloads.map((w) => w.status), ["skipped", "skipped"]);
  assert.equal(last.workloads[0].status, "skipped");
});

Deno.test("a soft abort while parallel workloads run lets all of them finish", async () => {
  // The first workload takes 10 s; the pair runs from 10 s to 16 s.
  const task = await abortSoftlyAt(12);
  const [, pair, last] = task.subtasks;
  assert.deepEqual(pair.workloads.map((w) => [w.status, w.total_iteration_count]), [
    ["finished", 4],
    ["finished", 6],
  ]);
  assert.equal(last.workloads[0].status, "skipped");
  assert.equal(task.status, "aborted");
});
