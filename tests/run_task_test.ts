import assert from "node:assert/strict";
import { registerRunner, runTask, type StatsNode } from "../mod.ts";
import { MemoryStore } from "../src/store/memory_store.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import {
  offset,
  oneWorkload,
  probe,
  resetProbe,
  runSimulated,
  T0,
  taskSpec,
} from "./helpers/run_simulated.ts";

const T0s = T0 / 1000;

function close(actual: number | null, expected: number, what: string): void {
  assert.ok(
    actual !== null && Math.abs(actual - expected) < 1e-9,
    `${what}: expected ${expected}, got ${actual}`,
  );
}

function checkData(node: StatsNode, expected: Record<string, number>, what: string): void {
  for (const [key, value] of Object.entries(expected)) {
    close(node.data[key as keyof StatsNode["data"]] as number | null, value, `${what} ${key}`);
  }
}

// Ids in run order, so two runs of one task give identical documents.
function counter(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}

// A probe workload as Rally v2 writes it.
function v2Probe(args: Record<string, unknown>, runner: Record<string, unknown>) {
  const { type, ...cfg } = runner;
  return { scenario: { "Test.probe": args }, runner: { [type as string]: cfg } };
}

// --- Figures of one workload -----------------------------------------------

Deno.test("statistics of iterations lasting 1, 2, 3 and 4 s match hand-computed values", async () => {
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleeps: [1, 2, 3, 4] }, { type: "serial", times: 4 }),
  );
  const { total, atomics } = workload.statistics.durations;
  assert.equal(total.name, "total");
  assert.equal(total.count_per_iteration, 1);
  assert.equal(total.data.iteration_count, 4);
  assert.equal(total.data.success, "100.0%");
  // Sorted 1, 2, 3, 4: median at rank 1.5 → 2.5; 90%ile at 2.7 → 3.7; 95%ile at 2.85 → 3.85.
  checkData(
    total,
    { min: 1, median: 2.5, "90%ile": 3.7, "95%ile": 3.85, max: 4, avg: 2.5 },
    "total",
  );
  const [duration, idle] = total.children;
  assert.deepEqual([duration.name, idle.name], ["duration", "idle_duration"]);
  checkData(duration, { min: 1, median: 2.5, max: 4, avg: 2.5 }, "duration");
  checkData(idle, { min: 0, median: 0, max: 0, avg: 0 }, "idle_duration");
  assert.deepEqual(atomics, []);
  assert.equal(workload.min_duration, 1);
  assert.equal(workload.max_duration, 4);
});

Deno.test("statistics count a timed-out iteration as a failure at the timeout's duration", async () => {
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleeps: [1, 2, 3, 4] }, {
      type: "constant",
      times: 4,
      timeout: 3.5,
    }),
  );
  const { total } = workload.statistics.durations;
  assert.equal(total.data.success, "75.0%");
  // Durations 1, 2, 3, 3.5.
  checkData(
    total,
    { min: 1, median: 2.5, "90%ile": 3.35, "95%ile": 3.425, max: 3.5, avg: 2.375 },
    "total",
  );
  assert.equal(workload.failed_iteration_count, 1);
  assert.equal(workload.total_iteration_count, 4);
});

Deno.test("atomic action statistics come per action with Rally's count_per_iteration", async () => {
  const { workload } = await runSimulated(
    oneWorkload("Dummy.dummy_timed_atomic_actions", { number_of_actions: 3, sleep_factor: 0.5 }, {
      type: "serial",
      times: 2,
    }),
  );
  const atomics = workload.statistics.durations.atomics;
  assert.deepEqual(atomics.map((a) => a.name), ["action_0", "action_1", "action_2"]);
  // action_i sleeps i × 0.5 s.
  atomics.forEach((a, i) => {
    assert.equal(a.data.iteration_count, 2);
    checkData(a, { min: i * 0.5, max: i * 0.5, avg: i * 0.5 }, a.name);
  });
  checkData(workload.statistics.durations.total, { min: 1.5, max: 1.5 }, "total");
});

Deno.test("start_time, load_duration and full_duration come from the clock", async () => {
  const clock = new SimulatedClock({ start: T0 });
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 2 }, { type: "constant", times: 5, concurrency: 2 }),
    { clock },
  );
  assert.equal(workload.start_time, T0s);
  // Waves of 2, 2 and 1 iterations of 2 s each.
  assert.equal(workload.load_duration, 6);
  assert.equal(workload.full_duration, 6);
  assert.equal(workload.total_iteration_count, 5);
  assert.equal(workload.failed_iteration_count, 0);
  assert.equal(workload.status, "finished");
  assert.equal(workload.pass_sla, true);
});

Deno.test("failed_iteration_count counts failed iterations among all", async () => {
  const { workload, records } = await runSimulated(
    oneWorkload("Dummy.dummy_exception_probability", { exception_probability: 0.5 }, {
      type: "constant",
      times: 200,
      concurrency: 5,
    }),
    { seed: 7 },
  );
  const failed = records.filter((r) => r.error.length > 0).length;
  assert.equal(workload.total_iteration_count, 200);
  assert.equal(workload.failed_iteration_count, failed);
  assert.ok(failed > 60 && failed < 140, `${failed} of 200 failed at probability 0.5`);
  assert.equal(
    workload.statistics.durations.total.data.success,
    `${((200 - failed) / 2).toFixed(1)}%`,
  );
});

Deno.test("the task's status, created_at, updated_at and seed are reported", async () => {
  const { document } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 3 }, { type: "serial", times: 2 }),
    { seed: 99 },
  );
  const [task] = document.tasks;
  assert.equal(task.status, "finished");
  assert.equal(task.seed, 99);
  assert.equal(task.created_at, new Date(T0).toISOString());
  assert.equal(task.updated_at, new Date(T0 + 6000).toISOString());
  assert.equal(task.pass_sla, true);
  assert.equal(document.info.generated_at, new Date(T0 + 6000).toISOString());
});

// --- Seeds -----------------------------------------------------------------

for (
  const [scenario, args] of [
    ["Dummy.dummy_random_action", { actions_num: 3, sleep_min: 0, sleep_max: 2 }],
    ["Dummy.dummy_exception_probability", { exception_probability: 0.3 }],
  ] as const
) {
  Deno.test(`${scenario} run twice with seed 42 gives identical documents and records`, async () => {
    const spec = oneWorkload(scenario, args, { type: "constant", times: 40, concurrency: 4 });
    const a = await runSimulated(spec, { seed: 42, newId: counter() });
    const b = await runSimulated(spec, { seed: 42, newId: counter() });
    assert.deepEqual(a.records, b.records);
    assert.deepEqual(a.document, b.document);
    assert.equal(a.records.length, 40);
  });

  Deno.test(`${scenario} with seeds 42 and 43 gives different records`, async () => {
    const spec = oneWorkload(scenario, args, { type: "constant", times: 40, concurrency: 4 });
    const a = await runSimulated(spec, { seed: 42 });
    const b = await runSimulated(spec, { seed: 43 });
    assert.notDeepEqual(a.records, b.records);
  });
}

Deno.test("random sleeps drawn from the seed really vary the iteration durations", async () => {
  const { records } = await runSimulated(
    oneWorkload("Dummy.dummy_random_action", { actions_num: 2, sleep_min: 0, sleep_max: 1 }, {
      type: "serial",
      times: 10,
    }),
    { seed: 42 },
  );
  assert.ok(new Set(records.map((r) => r.duration)).size > 5);
  assert.ok(records.every((r) => r.duration >= 0 && r.duration <= 2));
});

// --- Task structure --------------------------------------------------------

Deno.test("v2 subtasks run one after another, in order", async () => {
  const spec = taskSpec({
    version: 2,
    title: "ordered",
    subtasks: [
      { title: "first", ...v2Probe({ sleep: 1 }, { type: "serial", times: 2 }) },
      { title: "second", ...v2Probe({ sleep: 1 }, { type: "serial", times: 3 }) },
      {
        title: "third",
        ...v2Probe({ sleep: 0.5 }, { type: "constant", times: 2, concurrency: 2 }),
      },
    ],
  });
  const { document, workloads, clock } = await runSimulated(spec);
  const [task] = document.tasks;
  assert.equal(task.title, "ordered");
  assert.deepEqual(task.subtasks.map((s) => s.title), ["first", "second", "third"]);
  assert.deepEqual(task.subtasks.map((s) => s.status), ["finished", "finished", "finished"]);
  assert.deepEqual(workloads.map((w) => offset(w.start_time!)), [0, 2, 5]);
  assert.deepEqual(workloads.map((w) => w.total_iteration_count), [2, 3, 2]);
  assert.equal(clock.now() - T0, 5500);
});

Deno.test("workloads of a subtask without run_in_parallel run one after another", async () => {
  const spec = taskSpec({
    version: 2,
    subtasks: [{
      title: "sequential",
      workloads: [
        v2Probe({ sleep: 1 }, { type: "serial", times: 2 }),
        v2Probe({ sleep: 1 }, { type: "serial", times: 1 }),
      ],
    }],
  });
  const { workloads } = await runSimulated(spec);
  assert.deepEqual(workloads.map((w) => offset(w.start_time!)), [0, 2]);
  assert.deepEqual(workloads.map((w) => w.position), [0, 1]);
});

Deno.test("run_in_parallel workloads overlap in time", async () => {
  resetProbe();
  const spec = taskSpec({
    version: 2,
    subtasks: [
      {
        title: "together",
        run_in_parallel: true,
        workloads: [
          v2Probe({ sleep: 1 }, { type: "serial", times: 3 }),
          v2Probe({ sleep: 2 }, { type: "serial", times: 2 }),
          v2Probe({ sleep: 0.5 }, { type: "constant", times: 4, concurrency: 2 }),
        ],
      },
      { title: "after", ...v2Probe({ sleep: 1 }, { type: "serial", times: 1 }) },
    ],
  });
  const { document, workloads, clock } = await runSimulated(spec);
  assert.equal(document.tasks[0].subtasks[0].run_in_parallel, true);
  assert.deepEqual(workloads.map((w) => offset(w.start_time!)), [0, 0, 0, 4]);
  assert.deepEqual(workloads.map((w) => w.load_duration), [3, 4, 1, 1]);
  // All three parallel workloads had an iteration running at once.
  assert.ok(probe.maxRunning >= 4, `at most ${probe.maxRunning} iterations ran at once`);
  assert.equal(clock.now() - T0, 5000);
});

Deno.test("workload results keep the scenario, runner and description as written", async () => {
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 0.5 }, { type: "constant", times: 2 }),
  );
  assert.deepEqual(workload.scenario, { "Test.probe": { sleep: 0.5 } });
  assert.deepEqual(workload.runner, { constant: { times: 2 } });
  assert.match(workload.description, /records its iteration number/);
});

// --- Stopping --------------------------------------------------------------

function twoSubtasks(runner: Record<string, unknown>, sleep = 1) {
  return taskSpec({
    version: 2,
    subtasks: [
      { title: "stopped", ...v2Probe({ sleep }, runner) },
      { title: "never", ...v2Probe({ sleep }, { type: "serial", times: 2 }) },
    ],
  });
}

Deno.test("a soft stop starts no more iterations, lets in-flight ones finish and skips later workloads", async () => {
  resetProbe();
  const clock = new SimulatedClock({ start: T0 });
  const stop = new AbortController();
  clock.setTimeout(() => stop.abort(), 2500);
  const { document, workloads, records } = await runSimulated(
    twoSubtasks({ type: "constant", times: 10, concurrency: 2 }),
    { clock, signal: stop.signal },
  );
  const [task] = document.tasks;
  assert.equal(task.status, "aborted");
  assert.deepEqual(workloads.map((w) => w.status), ["aborted", "skipped"]);
  assert.deepEqual(task.subtasks.map((s) => s.status), ["aborted", "aborted"]);
  // Started at 0, 0, 1, 1, 2, 2; those started at 2 s finish at 3 s.
  assert.ok(
    probe.entries.every((e) => e.startMs - T0 <= 2500),
    "an iteration started after the stop",
  );
  assert.equal(records.length, 6);
  assert.ok(records.every((r) => r.error.length === 0 && r.duration === 1));
  assert.equal(workloads[0].load_duration, 3);
  assert.equal(workloads[1].total_iteration_count, 0);
  assert.equal(workloads[1].start_time, null);
  assert.equal(clock.now() - T0, 3000);
});

Deno.test("a soft stop of an rps load cancels its wait for the next start", async () => {
  resetProbe();
  const clock = new SimulatedClock({ start: T0 });
  const stop = new AbortController();
  clock.setTimeout(() => stop.abort(), 2500);
  const { workloads, records } = await runSimulated(
    twoSubtasks({ type: "rps", rps: 1, times: 10 }, 3),
    { clock, signal: stop.signal },
  );
  assert.deepEqual(workloads.map((w) => w.status), ["aborted", "skipped"]);
  assert.deepEqual(probe.entries.map((e) => (e.startMs - T0) / 1000), [0, 1, 2]);
  // In flight at the stop: the iterations started at 1 and 2 s finish at 4 and 5 s.
  assert.ok(records.every((r) => r.error.length === 0 && r.duration === 3));
  assert.equal(records.length, 3);
  assert.equal(clock.now() - T0, 5000);
});

Deno.test("a soft stop given before the run starts runs no iteration at all", async () => {
  resetProbe();
  const stop = new AbortController();
  stop.abort();
  const { document, workloads } = await runSimulated(
    twoSubtasks({ type: "constant", times: 10, concurrency: 2 }),
    { signal: stop.signal },
  );
  assert.equal(document.tasks[0].status, "aborted");
  assert.equal(probe.entries.length, 0);
  assert.equal(workloads[0].total_iteration_count, 0);
  assert.equal(workloads[1].status, "skipped");
});

Deno.test("a hard stop records in-flight iterations as failed with etype Aborted and skips later workloads", async () => {
  resetProbe();
  const clock = new SimulatedClock({ start: T0 });
  const hard = new AbortController();
  clock.setTimeout(() => hard.abort(), 2500);
  const { document, workloads, records } = await runSimulated(
    twoSubtasks({ type: "constant", times: 10, concurrency: 2 }),
    { clock, hardSignal: hard.signal },
  );
  assert.equal(document.tasks[0].status, "aborted");
  assert.deepEqual(workloads.map((w) => w.status), ["aborted", "skipped"]);
  const ok = records.filter((r) => r.error.length === 0);
  const aborted = records.filter((r) => r.error.length > 0);
  assert.equal(ok.length, 4);
  assert.equal(aborted.length, 2);
  for (const r of aborted) {
    assert.equal(r.error[0], "Aborted");
    assert.equal(offset(r.timestamp), 2);
    assert.equal(r.duration, 0.5);
  }
  assert.equal(workloads[0].failed_iteration_count, 2);
  assert.equal(probe.entries.length, 6, "an iteration started after the hard stop");
  assert.ok(
    probe.entries.slice(4).every((e) => e.aborted),
    "the scenarios' signals were not aborted",
  );
  assert.equal(clock.now() - T0, 2500);
});

Deno.test("a soft stop stops every workload running in parallel", async () => {
  resetProbe();
  const clock = new SimulatedClock({ start: T0 });
  const stop = new AbortController();
  clock.setTimeout(() => stop.abort(), 1500);
  const spec = taskSpec({
    version: 2,
    subtasks: [{
      title: "together",
      run_in_parallel: true,
      workloads: [
        v2Probe({ sleep: 1 }, { type: "serial", times: 10 }),
        v2Probe({ sleep: 0.4 }, { type: "rps", rps: 2, times: 10 }),
      ],
    }, { title: "never", ...v2Probe({ sleep: 1 }, { type: "serial", times: 1 }) }],
  });
  const { workloads } = await runSimulated(spec, { clock, signal: stop.signal });
  assert.deepEqual(workloads.map((w) => w.status), ["aborted", "aborted", "skipped"]);
  assert.deepEqual(workloads.map((w) => w.total_iteration_count), [2, 3, 0]);
  assert.ok(probe.entries.every((e) => e.startMs - T0 <= 1500));
});

Deno.test("a hard stop given before the run starts runs no iteration and skips the rest", async () => {
  resetProbe();
  const hard = new AbortController();
  hard.abort();
  const { document, workloads } = await runSimulated(
    twoSubtasks({ type: "constant", times: 10, concurrency: 2 }),
    { hardSignal: hard.signal },
  );
  assert.equal(document.tasks[0].status, "aborted");
  assert.equal(probe.entries.length, 0);
  assert.deepEqual(workloads.map((w) => w.status), ["aborted", "skipped"]);
});

registerRunner("test_broken_runner", async (_args: Record<string, never>, ctx) => {
  await ctx.iterate();
  throw new Error("the runner broke");
}, {
  description: "Test runner: runs one iteration, then throws.",
  schema: { type: "object", additionalProperties: false },
  plan: () => ({ iterations: 1 }),
});

Deno.test("a runner that throws ends its workload with the error in its SLA results, and the task goes on", async () => {
  const spec = taskSpec({
    version: 2,
    subtasks: [
      {
        title: "broken",
        scenario: { "Test.probe": { sleep: 1 } },
        runner: { test_broken_runner: {} },
      },
      { title: "next", ...v2Probe({ sleep: 1 }, { type: "serial", times: 2 }) },
    ],
  });
  const { document, workloads } = await runSimulated(spec);
  assert.equal(workloads[0].total_iteration_count, 1);
  assert.equal(workloads[0].pass_sla, false);
  assert.match(JSON.stringify(workloads[0].sla_results), /the runner broke/);
  assert.equal(workloads[1].status, "finished");
  assert.equal(workloads[1].total_iteration_count, 2);
  assert.equal(document.tasks[0].pass_sla, false);
});

Deno.test("a load of instant iterations running beside a timed workload takes no simulated time", async () => {
  const spec = taskSpec({
    version: 2,
    subtasks: [{
      title: "together",
      run_in_parallel: true,
      workloads: [
        {
          scenario: { "Dummy.dummy_exception_probability": { exception_probability: 0 } },
          runner: { constant: { times: 1000 } },
        },
        v2Probe({ sleep: 1 }, { type: "serial", times: 5 }),
      ],
    }],
  });
  const { workloads, recordsOf } = await runSimulated(spec);
  assert.equal(workloads[0].load_duration, 0);
  assert.ok(recordsOf(workloads[0].uuid).every((r) => r.timestamp === T0s));
  assert.equal(workloads[1].load_duration, 5);
});

Deno.test("clock.runUntil(() => done) alone drives a load of 500 synchronous iterations to its end", async () => {
  const clock = new SimulatedClock({ start: T0 });
  const store = new MemoryStore();
  const spec = oneWorkload("Dummy.dummy_exception_probability", { exception_probability: 0.2 }, {
    type: "constant",
    times: 500,
    concurrency: 3,
  });
  let done = false;
  const running = runTask(spec, { clock, seed: 1, store }).finally(() => done = true);
  await clock.runUntil(() => done);
  assert.equal(done, true, "runUntil returned before the task finished");
  const { document } = await running;
  const [workload] = document.tasks[0].subtasks[0].workloads;
  assert.equal(workload.total_iteration_count, 500);
  assert.equal([...store.iterations(workload.uuid)].length, 500);
});
