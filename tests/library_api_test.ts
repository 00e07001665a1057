/**
 * brunt as a library: user plugins loaded with `loadPlugins` into a
 * registry of their own, a task template run with `runTask(path, {args,
 * plugins, clock, seed, store, progress, signal})` on a simulated clock,
 * everything imported from mod.ts and its subpaths.
 */
import assert from "node:assert/strict";
import {
  defaultPlugins,
  loadPlugins,
  parseTask,
  pluginsWith,
  type ResultsDocument,
  runTask,
  scenarioPlugin,
  TaskFileError,
  type TaskRun,
  type WorkloadResult,
} from "../mod.ts";
import type { ProgressSink, WorkloadProgress } from "../src/api/progress.ts";
import { MemoryStore } from "../src/store/memory_store.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { runSimulated } from "../src/testing/run_simulated.ts";

const FIXTURES = new URL("./fixtures/plugins/", import.meta.url);
const TASK = new URL("user_task.yaml.j2", FIXTURES).pathname;
const T0 = 1_700_000_000_000;

const plugins = pluginsWith(
  await loadPlugins(
    ["user_hook.ts", "user_scenario.ts", "folder"].map((f) => new URL(f, FIXTURES).pathname),
    { warn: (m) => assert.fail(m) },
  ),
);

/**
 * Drives `clock` until `run` settles. Loading a task file is real I/O with
 * no timer pending meanwhile (reading it, rendering it in the template
 * sandbox), so `runUntil` is called again until the run is over, for at most
 * 30 s of real time (so a hang fails the test).
 */
async function settleOn(clock: SimulatedClock, run: Promise<TaskRun>): Promise<TaskRun> {
  let done = false;
  run.then(() => done = true, () => done = true);
  const deadline = performance.now() + 30_000;
  while (!done && performance.now() < deadline) {
    await clock.runUntil(() => done);
    // Nothing simulated to do: the real I/O has its turn.
    if (!done && clock.pending === 0) await new Promise((r) => setTimeout(r, 5));
  }
  assert.ok(done, "the run did not settle");
  return await run;
}

function firstWorkload(document: ResultsDocument): WorkloadResult {
  return document.tasks[0].subtasks[0].workloads[0];
}

function counter(): () => string {
  let n = 0;
  return () => `id-${++n}`;
}

Deno.test("runTask runs a task template by path with args on a simulated clock", async () => {
  const clock = new SimulatedClock({ start: T0 });
  const store = new MemoryStore();
  const events: string[] = [];
  const progress: ProgressSink = {
    workloadStarted: (p) => events.push(`started ${p.spec.scenario.name}`),
    workloadFinished: (w) => events.push(`finished ${w.total_iteration_count}`),
  };
  const { document } = await settleOn(
    clock,
    runTask(TASK, {
      args: { sleep: 0.5, note: "library" },
      plugins,
      clock,
      seed: 3,
      store,
      progress,
    }),
  );
  const task = document.tasks[0];
  assert.equal(task.status, "finished");
  assert.equal(task.pass_sla, true);
  assert.equal(task.seed, 3);
  const workload = firstWorkload(document);
  // 6 iterations of 0.5 s, 2 at a time: three waves.
  assert.equal(workload.total_iteration_count, 6);
  assert.equal(workload.failed_iteration_count, 2);
  assert.equal(workload.start_time, T0 / 1000);
  assert.equal(workload.load_duration, 1.5);
  assert.equal(clock.now() - T0, 1500);
  const [note] = workload.hooks;
  assert.equal(note.results.length, 1);
  // Iterations 1 and 2 complete at 0.5 s, so "after iteration 2" runs then.
  assert.equal(note.results[0].started_at, T0 / 1000 + 0.5);
  assert.deepEqual(note.results[0].output?.complete[0].data, ["library"]);
  assert.deepEqual(events, ["started User.add", "finished 6"]);
  const records = [...store.iterations(workload.uuid)];
  assert.equal(records.length, 6);
  assert.deepEqual(
    records.map((r) => r.error[0] ?? "ok"),
    ["ok", "ok", "RangeError", "ok", "ok", "RangeError"],
  );
  assert.ok(records.every((r) => r.atomic_actions[0].name === "add"));
});

Deno.test("a workload's progress view reads its live counts and when its load started", async () => {
  const task = parseTask(
    '{"Dummy.dummy": [{"args": {"sleep": 2}, "runner": {"type": "serial", "times": 3}}]}',
    "task.json",
  );
  const seen: WorkloadProgress[] = [];
  const clock = new SimulatedClock({ start: T0 });
  const { document } = await runSimulated(task, {
    clock,
    progress: { workloadStarted: (p) => seen.push(p), workloadFinished() {} },
  });
  assert.equal(seen.length, 1);
  const [progress] = seen;
  assert.deepEqual(progress.plan, { iterations: 3 });
  assert.deepEqual([progress.started(), progress.completed(), progress.failed()], [3, 3, 0]);
  assert.equal(progress.loadStart(), T0);
  assert.equal(firstWorkload(document).start_time, T0 / 1000);
});

Deno.test("the same task, seed and ids on a simulated clock give the same document", async () => {
  const run = (task: string | URL) => {
    const clock = new SimulatedClock({ start: T0 });
    return settleOn(
      clock,
      runTask(task, { clock, seed: 9, newId: counter(), args: { sleep: 0.25 }, plugins }),
    );
  };
  const a = (await run(TASK)).document;
  // A file: URL is accepted like a path.
  const b = (await run(new URL("user_task.yaml.j2", FIXTURES))).document;
  assert.deepEqual(a, b);
  assert.equal(a.tasks[0].uuid, "id-1");
  assert.equal(firstWorkload(a).total_iteration_count, 6, "times defaults to 6 in the template");
});

Deno.test("aborting the signal stops the task softly", async () => {
  const clock = new SimulatedClock({ start: T0 });
  const stop = new AbortController();
  const run = runTask(TASK, {
    clock,
    plugins,
    signal: stop.signal,
    args: { sleep: 1, times: 100 },
    onStart: () => clock.setTimeout(() => stop.abort(), 2_500),
  });
  const { document } = await settleOn(clock, run);
  assert.equal(document.tasks[0].status, "aborted");
  // Waves start at 0, 1 and 2 s; the stop at 2.5 s lets the third finish.
  assert.equal(firstWorkload(document).total_iteration_count, 6);
  assert.equal(clock.now() - T0, 3_000);
});

Deno.test("a timer set before runTask counts from the load's start: reading and rendering the file takes no simulated time", async () => {
  const clock = new SimulatedClock({ start: T0 });
  const stop = new AbortController();
  clock.setTimeout(() => stop.abort(), 2_500);
  const run = runTask(TASK, {
    clock,
    plugins,
    signal: stop.signal,
    args: { sleep: 1, times: 100 },
  });
  const { document } = await settleOn(clock, run);
  assert.equal(firstWorkload(document).total_iteration_count, 6);
  assert.equal(firstWorkload(document).start_time, T0 / 1000);
});

Deno.test("a task file that cannot be rendered rejects with a TaskFileError at the template line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/task.json`;
    await Deno.writeTextFile(
      path,
      `{\n  "Dummy.dummy": [{"runner": {"type": "serial", "times": {{ times }}}}]\n}\n`,
    );
    await assert.rejects(
      runTask(path, { clock: new SimulatedClock() }),
      (e: Error) =>
        e instanceof TaskFileError && e.problems[0].line === 2 && /"times"/.test(e.message),
    );
    const clock = new SimulatedClock();
    const { document } = await settleOn(clock, runTask(path, { clock, args: { times: 2 } }));
    assert.equal(firstWorkload(document).total_iteration_count, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("args with an already loaded task are refused", async () => {
  const spec = parseTask(`{"Dummy.dummy": [{"runner": {"type": "serial", "times": 1}}]}`, "t.json");
  await assert.rejects(runTask(spec, { args: { times: 2 } }), TypeError);
  await assert.rejects(runTask(spec, { plugins }), TypeError);
});

Deno.test("two runs in one process with different plugins do not see each other's", async () => {
  const task =
    `{"User.add": [{"args": {"a": 1, "b": 2}, "runner": {"type": "serial", "times": 2}}]}`;
  // The loaded plugins are in `plugins` only: the default registry does not have them.
  assert.throws(() => parseTask(task, "t.json"), /unknown scenario "User\.add"/);
  const withUser = parseTask(task, "t.json", { plugins });
  const other = defaultPlugins().with([
    scenarioPlugin<{ a: number; b: number }>("User.add", (_args, ctx) => {
      ctx.addOutput({ complete: { title: "other", chart_plugin: "TextArea", data: ["other"] } });
    }, { schema: { type: "object" }, description: "Another User.add." }),
  ]);
  const withOther = parseTask(task, "t.json", { plugins: other });
  const [a, b] = await Promise.all([runSimulated(withUser), runSimulated(withOther)]);
  const outputOf = (run: TaskRun) =>
    [...run.store.iterations(firstWorkload(run.document).uuid)][0].output;
  assert.equal(outputOf(a).additive[0].title, "Sum");
  assert.equal(outputOf(b).complete[0].title, "other");
  assert.equal(
    firstWorkload(a.document).description,
    "Adds two numbers in the atomic action `add`.",
  );
  assert.equal(firstWorkload(b.document).description, "Another User.add.");
});

Deno.test("a plugin that imports its register function from another copy of brunt still registers", async () => {
  // A real second copy: this checkout's sources under another path, as a
  // plugin importing jsr:@brunt/brunt beside a checkout would have.
  const dir = await Deno.makeTempDir();
  try {
    const root = new URL("../", import.meta.url).pathname;
    for (const path of ["mod.ts", "deno.json"]) await Deno.copyFile(root + path, `${dir}/${path}`);
    await new Deno.Command("cp", {
      args: ["-r", `${root}src`, `${root}hooks`, `${root}triggers`, dir],
    })
      .output();
    await Deno.writeTextFile(
      `${dir}/plugin.ts`,
      `import { registerScenario } from "./mod.ts";\n` +
        `registerScenario("Copy.noop", () => {}, { schema: {}, description: "From a copy." });\n`,
    );
    const loaded = await loadPlugins(`${dir}/plugin.ts`, { warn: (m) => assert.fail(m) });
    assert.deepEqual(loaded[0].registered.map((p) => p.name), ["Copy.noop"]);
    const spec = parseTask(
      `{"Copy.noop": [{"runner": {"type": "serial", "times": 3}}]}`,
      "t.json",
      {
        plugins: pluginsWith(loaded),
      },
    );
    const { document } = await runSimulated(spec);
    assert.equal(firstWorkload(document).total_iteration_count, 3);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runSimulated takes a task template by path: reading and rendering it takes no simulated time", async () => {
  const { document } = await runSimulated(TASK, { args: { sleep: 0.25 }, plugins, seed: 9 });
  assert.equal(firstWorkload(document).total_iteration_count, 6);
});
