/**
 * `abortOnSlaFailure`: the result consumer's SLA verdict reaches the
 * workload actor, which stops starting iterations and firing hook points,
 * lets what runs finish, and skips the later workloads.
 */
import assert from "node:assert/strict";
import "../src/builtin/builtin_plugins.ts";
import { main } from "../src/cli/main.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { runTask, type TaskRun } from "../src/engine/run_task.ts";
import { Hook, registerHook } from "../src/plugins/hook.ts";
import { registerScenario } from "../src/plugins/scenario.ts";
import type { WorkloadResult } from "../src/model/results_document.ts";
import { validateResults } from "../src/report/results_schema.ts";
import { MemoryStore } from "../src/store/memory_store.ts";
import { parseTask } from "../src/task/load.ts";
import type { HookResult } from "../src/model/hook_result.ts";

interface Started {
  iteration: number;
  at: number;
}

// Every iteration start, by scenario: the tests look at when they happened.
const starts: Started[] = [];

interface ScriptedArgs {
  /** Seconds per iteration, by iteration number; `rest` for the others. */
  seconds: Record<string, number>;
  rest: number;
  /** Iteration numbers that fail. */
  fail: number[];
}

registerScenario<ScriptedArgs>("SlaAbortTest.scripted", async (args, ctx) => {
  starts.push({ iteration: ctx.iteration, at: ctx.clock.now() });
  await ctx.sleep(args.seconds[String(ctx.iteration)] ?? args.rest);
  if (args.fail.includes(ctx.iteration)) throw new Error(`iteration ${ctx.iteration} fails`);
}, {
  description: "Sleeps a scripted time and fails at scripted iterations.",
  schema: {
    type: "object",
    properties: {
      seconds: { type: "object", additionalProperties: { type: "number" }, default: {} },
      rest: { type: "number", default: 1 },
      fail: { type: "array", items: { type: "integer" }, default: [] },
    },
    additionalProperties: false,
  },
});

class ClockSleep extends Hook<{ seconds: number }> {
  static override schema = {
    type: "object",
    properties: { seconds: { type: "number" } },
    required: ["seconds"],
    additionalProperties: false,
  };
  static override description = "Sleeps on the task's clock.";
  override async run(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const id = this.clock.setTimeout(resolve, this.config.seconds * 1000);
      this.signal.addEventListener("abort", () => {
        this.clock.clearTimeout(id);
        reject(this.signal.reason);
      });
    });
  }
}
registerHook("sla_abort_test_sleep", ClockSleep);

const T0 = 1_700_000_000_000;

function hook(description: string, seconds: number, unit: string, at: number[]) {
  return {
    description,
    action: { sla_abort_test_sleep: { seconds } },
    trigger: { event: { unit, at } },
  };
}

/**
 * Concurrency 2. Iteration 1 runs 10 s; iteration 2 fails at 0.5 s, which
 * fails `failure_rate` (max 0). A hook starts at 0.2 s and runs 5 s; a time
 * point at 2 s and an iteration point at 2 lie after the SLA failure. A
 * second workload follows.
 */
function scriptedTask(): string {
  return JSON.stringify({
    version: 2,
    title: "sla abort",
    subtasks: [
      {
        title: "fails its SLA",
        scenario: { "SlaAbortTest.scripted": { seconds: { "1": 10, "2": 0.5 }, fail: [2] } },
        runner: { constant: { times: 50, concurrency: 2 } },
        sla: { failure_rate: { max: 0 } },
        hooks: [
          hook("started before the failure", 5, "time", [0.2]),
          hook("time point after the failure", 1, "time", [2]),
          hook("iteration point after the failure", 1, "iteration", [2]),
        ],
      },
      {
        title: "after it",
        scenario: { "SlaAbortTest.scripted": {} },
        runner: { constant: { times: 3 } },
      },
    ],
  });
}

async function run(text: string, abortOnSlaFailure: boolean): Promise<TaskRun> {
  starts.length = 0;
  const clock = new SimulatedClock({ start: T0 });
  const store = new MemoryStore();
  let ids = 0;
  let finished = false;
  const running = runTask(parseTask(text, "task.json"), {
    clock,
    store,
    seed: 1,
    abortOnSlaFailure,
    newId: () => `id-${++ids}`,
  });
  running.then(() => finished = true, () => finished = true);
  await clock.runUntil(() => finished, 3_600_000);
  assert.ok(finished, "the task ended within an hour of simulated time");
  return await running;
}

function workloads(r: TaskRun): WorkloadResult[] {
  return r.document.tasks[0].subtasks.flatMap((s) => s.workloads);
}

function seconds(at: number): number {
  return (at - T0) / 1000;
}

Deno.test("an SLA failure stops starting iterations once the failing result is consumed", async () => {
  const r = await run(scriptedTask(), true);
  const [first] = workloads(r);
  // Iteration 2's failure is consumed at 0.5 s; nothing starts from then on,
  // in this workload or the next.
  assert.deepEqual(starts.map((s) => [s.iteration, seconds(s.at)]), [[1, 0], [2, 0]]);
  assert.equal(first.total_iteration_count, 2, "only the two iterations that had started");
});

Deno.test("iterations in flight at an SLA failure finish and are recorded", async () => {
  const r = await run(scriptedTask(), true);
  const [first] = workloads(r);
  const records = [...r.store.iterations(first.uuid)];
  assert.deepEqual(
    records.map((rec) => [seconds(rec.timestamp * 1000), rec.duration, rec.error.length > 0]),
    [[0, 0.5, true], [0, 10, false]],
  );
  assert.equal(first.failed_iteration_count, 1);
  assert.equal(first.load_duration, 10);
});

Deno.test("an SLA failure ends the triggers: later time and iteration points do not fire", async () => {
  const r = await run(scriptedTask(), true);
  const hooks: HookResult[] = workloads(r)[0].hooks;
  assert.equal(hooks[1].results.length, 0, "the 2 s point lies after the failure at 0.5 s");
  assert.deepEqual(hooks[1].not_reached, { values: [2], count: 1 });
  assert.equal(hooks[2].results.length, 0, "iteration 2 completes only after the failure");
  assert.deepEqual(hooks[2].not_reached, { values: [2], count: 1 });
});

Deno.test("a hook run started before an SLA failure runs to its end", async () => {
  const r = await run(scriptedTask(), true);
  const [started] = workloads(r)[0].hooks;
  assert.equal(started.results.length, 1);
  const run0 = started.results[0];
  assert.equal(run0.status, "success");
  assert.deepEqual(run0.triggered_by, { event_type: "time", value: 0.2 });
  assert.equal(seconds(run0.started_at * 1000), 0.2);
  assert.equal(seconds(run0.finished_at * 1000), 5.2);
});

Deno.test("an SLA abort records aborted_on_sla and skips the later workloads", async () => {
  const r = await run(scriptedTask(), true);
  const [first, second] = workloads(r);
  const task = r.document.tasks[0];
  assert.equal(first.status, "aborted");
  assert.equal(first.pass_sla, false);
  assert.equal(first.sla_results.aborted_on_sla_failure, true);
  assert.deepEqual(first.sla_results.sla.map((s) => [s.criterion, s.success]), [
    ["failure_rate", false],
    ["aborted_on_sla", false],
  ]);
  assert.equal(second.status, "skipped");
  assert.equal(second.total_iteration_count, 0);
  assert.ok(!starts.some((s) => seconds(s.at) >= 10), "the second workload started nothing");
  assert.equal(task.status, "aborted");
  assert.equal(task.pass_sla, false);
  assert.deepEqual(task.subtasks.map((s) => s.status), ["aborted", "aborted"]);
  const docProblems = validateResults({
    ...r.document,
    tasks: [{
      ...task,
      subtasks: task.subtasks.map((s) => ({
        ...s,
        workloads: s.workloads.map((w) => ({ ...w, data: [...r.store.iterations(w.uuid)] })),
      })),
    }],
  });
  assert.deepEqual(docProblems, []);
});

Deno.test("without abortOnSlaFailure a failed criterion lets the load and later workloads run", async () => {
  const r = await run(scriptedTask(), false);
  const [first, second] = workloads(r);
  assert.equal(first.total_iteration_count, 50);
  assert.equal(first.status, "finished");
  assert.equal(first.pass_sla, false);
  assert.equal(first.sla_results.aborted_on_sla_failure, undefined);
  assert.deepEqual(first.hooks.map((h) => h.results.length), [1, 1, 1]);
  assert.equal(second.status, "finished");
  assert.equal(second.total_iteration_count, 3);
  assert.equal(r.document.tasks[0].status, "finished");
});

Deno.test("with high concurrency an SLA abort starts nothing after the failure and records every started iteration", async () => {
  const text = JSON.stringify({
    "SlaAbortTest.scripted": [{
      args: { rest: 1, seconds: { "7": 0.25 }, fail: [7] },
      runner: { type: "constant", times: 1000, concurrency: 8 },
      sla: { failure_rate: { max: 0 } },
    }],
  });
  const r = await run(text, true);
  const [w] = workloads(r);
  // 1–8 start at 0 s, 9–16 at 1 s (7 was replaced at 0.25 s by 9): the failure is
  // consumed at 0.25 s, so only iterations 1–8 ever start.
  assert.deepEqual(starts.map((s) => s.iteration), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(w.total_iteration_count, 8);
  assert.equal([...r.store.iterations(w.uuid)].length, 8);
  assert.equal(w.sla_results.aborted_on_sla_failure, true);
});

Deno.test("the CLI exits 1 when --abort-on-sla-failure stops a task", async () => {
  const dir = await Deno.makeTempDir({ prefix: "brunt_sla_abort_" });
  try {
    const task = `${dir}/task.json`;
    await Deno.writeTextFile(
      task,
      JSON.stringify({
        "Dummy.dummy_exception": [{
          args: { sleep: 0 },
          runner: { type: "constant", times: 20, concurrency: 1 },
          sla: { failure_rate: { max: 0 } },
        }],
        "Dummy.dummy": [{ runner: { type: "constant", times: 2 } }],
      }),
    );
    const errors: string[] = [];
    const code = await main(
      [
        "run",
        task,
        "--quiet",
        "--abort-on-sla-failure",
        "--json",
        `${dir}/r.json`,
        "--db",
        `${dir}/brunt.db`,
      ],
      { out: () => {}, err: (t) => void errors.push(t), errIsTty: false },
    );
    assert.equal(code, 1, errors.join("\n"));
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/r.json`));
    const [first, second] = doc.tasks[0].subtasks.flatMap((s: { workloads: unknown[] }) =>
      s.workloads
    );
    assert.equal(first.total_iteration_count, 1);
    assert.equal(first.sla_results.aborted_on_sla_failure, true);
    assert.equal(second.status, "skipped");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
