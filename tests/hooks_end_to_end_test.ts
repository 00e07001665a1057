/**
 * Hooks from task file to results document: the exact shape of the hook
 * results in both task forms, trigger configs the validator rejects, and
 * sys_call run for real.
 */
import assert from "node:assert/strict";
import {
  Hook,
  type HookResult,
  parseTask,
  RealClock,
  registerHook,
  runTask,
  type TaskFileError,
  type WorkloadResult,
} from "../mod.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { validateResults } from "../src/report/results_schema.ts";

/** Succeeds, fails or adds output, as told. */
class Outcome extends Hook<{ fail?: boolean; chart?: boolean }> {
  static override schema = {
    type: "object",
    properties: { fail: { type: "boolean" }, chart: { type: "boolean" } },
    additionalProperties: false,
  };
  static override description = "Succeeds, fails or adds a chart, as told.";
  async run(): Promise<void> {
    await this.clock.setTimeout(() => {}, 0);
    if (this.config.chart) {
      this.addOutput({ additive: { title: "Factor", chart_plugin: "Pie", data: [["on", 1]] } });
    }
    if (this.config.fail) throw new Error("the factor could not be enabled");
  }
}
registerHook("hooks_e2e_outcome", Outcome);

// Hook entries of the spec's form, written as a user would (key order included).
const SPEC_HOOKS = [
  {
    name: "hooks_e2e_outcome",
    description: "fails at 2 and 4",
    args: { fail: true },
    trigger: { name: "event", args: { unit: "iteration", at: [4, 2] } },
  },
  {
    args: { chart: true },
    name: "hooks_e2e_outcome",
    trigger: { name: "periodic", args: { unit: "time", step: 2, start: 0.5, end: 100 } },
  },
  {
    name: "hooks_e2e_outcome",
    args: {},
    trigger: { name: "event", args: { unit: "iteration", at: [1000] } },
  },
  {
    name: "hooks_e2e_outcome",
    args: {},
    trigger: { name: "periodic", args: { unit: "iteration", step: 500 } },
  },
];

// The same hooks in Rally's v2 form.
const V2_HOOKS = [
  {
    description: "fails at 2 and 4",
    action: { hooks_e2e_outcome: { fail: true } },
    trigger: { event: { unit: "iteration", at: [4, 2] } },
  },
  {
    action: { hooks_e2e_outcome: { chart: true } },
    trigger: { periodic: { unit: "time", step: 2, start: 0.5, end: 100 } },
  },
  {
    action: { hooks_e2e_outcome: {} },
    trigger: { event: { unit: "iteration", at: [1000] } },
  },
  {
    action: { hooks_e2e_outcome: {} },
    trigger: { periodic: { unit: "iteration", step: 500 } },
  },
];

const T0 = 1_700_000_000_000;

async function runSimulated(task: unknown): Promise<WorkloadResult> {
  const spec = parseTask(JSON.stringify(task), "t.json");
  const clock = new SimulatedClock({ start: T0 });
  let done = false;
  const running = runTask(spec, { clock, seed: 1 }).finally(() => done = true);
  await clock.runUntil(() => done);
  const { document } = await running;
  assert.deepEqual(validateResults(document), []);
  return document.tasks[0].subtasks[0].workloads[0];
}

/** Ten 1 s iterations, two at a time: a 5 s load. */
function specForm(hooks: unknown[]) {
  return {
    "Dummy.dummy": [{
      args: { sleep: 1 },
      runner: { type: "constant", times: 10, concurrency: 2 },
      hooks,
    }],
  };
}

function v2Form(hooks: unknown[]) {
  return {
    version: 2,
    title: "hooks",
    subtasks: [{
      title: "dummy",
      scenario: { "Dummy.dummy": { sleep: 1 } },
      runner: { constant: { times: 10, concurrency: 2 } },
      hooks,
    }],
  };
}

function checkShape(hooks: HookResult[], written: unknown[]): void {
  assert.equal(hooks.length, 4, "one entry per configured hook");
  // Config exactly as written: same keys in the same order, same values.
  assert.deepEqual(
    hooks.map((h) => JSON.stringify(h.config)),
    written.map((w) => JSON.stringify(w)),
  );
  for (const h of hooks) {
    const keys = Object.keys(h).filter((k) => k !== "not_reached");
    assert.deepEqual(keys.sort(), ["config", "results", "summary"]);
  }

  const [failing, charting, unreached, unfired] = hooks;
  assert.deepEqual(failing.results.map((r) => r.triggered_by), [
    { event_type: "iteration", value: 2 },
    { event_type: "iteration", value: 4 },
  ]);
  for (const r of failing.results) {
    assert.deepEqual(Object.keys(r), [
      "triggered_by",
      "started_at",
      "finished_at",
      "status",
      "error",
    ]);
    assert.equal(r.status, "failed");
    assert.deepEqual(Object.keys(r.error!), ["etype", "msg", "details"]);
    assert.equal(r.error!.etype, "Error");
    assert.equal(r.error!.msg, "the factor could not be enabled");
    assert.ok(r.error!.details.includes("hooks_end_to_end_test.ts"), "details hold the stack");
  }
  assert.deepEqual(failing.summary, { failed: 2 });

  assert.deepEqual(charting.results.map((r) => r.triggered_by.value), [0.5, 2.5, 4.5]);
  for (const r of charting.results) {
    assert.deepEqual(Object.keys(r), [
      "triggered_by",
      "started_at",
      "finished_at",
      "status",
      "output",
    ]);
    assert.equal(r.triggered_by.event_type, "time");
    assert.equal(r.status, "success");
    assert.deepEqual(r.output, {
      additive: [{ title: "Factor", chart_plugin: "Pie", data: [["on", 1]] }],
      complete: [],
    });
  }
  assert.deepEqual(charting.summary, { success: 3 });
  assert.equal(charting.not_reached?.count, 47);
  assert.deepEqual(charting.not_reached?.values.slice(0, 2), [6.5, 8.5]);

  // Configured but never fired: still listed, with empty results and summary.
  assert.deepEqual(unreached.results, []);
  assert.deepEqual(unreached.summary, {});
  assert.deepEqual(unreached.not_reached, { values: [1000], count: 1 });
  assert.deepEqual(unfired.results, []);
  assert.deepEqual(unfired.summary, {});
  assert.equal("not_reached" in unfired, false);

  for (const r of hooks.flatMap((h) => h.results)) {
    // Epoch seconds, as numbers; a run ends no earlier than it started.
    assert.equal(typeof r.started_at, "number");
    assert.equal(typeof r.finished_at, "number");
    assert.ok(r.started_at >= T0 / 1000 && r.started_at < T0 / 1000 + 10);
    assert.ok(r.finished_at >= r.started_at);
    assert.equal(typeof r.triggered_by.value, "number");
  }
  // Time hooks start exactly at their point after the load's start.
  assert.deepEqual(charting.results.map((r) => r.started_at - T0 / 1000), [0.5, 2.5, 4.5]);
}

Deno.test("hook results have DESIGN.md's exact shape, one entry per configured hook, in the spec's task form", async () => {
  const w = await runSimulated(specForm(SPEC_HOOKS));
  checkShape(w.hooks, SPEC_HOOKS);
  assert.equal(w.load_duration, 5);
});

Deno.test("hook results have the same shape in Rally's v2 task form, config as written there", async () => {
  const w = await runSimulated(v2Form(V2_HOOKS));
  checkShape(w.hooks, V2_HOOKS);
});

Deno.test("runs are listed in firing order within each hook, and the two forms give the same runs", async () => {
  const a = await runSimulated(specForm(SPEC_HOOKS));
  const b = await runSimulated(v2Form(V2_HOOKS));
  const strip = (w: WorkloadResult) => w.hooks.map((h) => ({ ...h, config: undefined }));
  assert.deepEqual(strip(a), strip(b));
  for (const h of a.hooks) {
    const starts = h.results.map((r) => r.started_at);
    assert.deepEqual(starts, [...starts].sort((x, y) => x - y));
  }
});

/** The problems parseTask reports for a hook entry, in either form. */
function problemsOf(task: unknown): [string, string][] {
  try {
    parseTask(JSON.stringify(task), "t.json");
  } catch (e) {
    return (e as TaskFileError).problems.map((p) => [p.path, p.message]);
  }
  assert.fail("the task was accepted");
}

function specTrigger(name: string, args: unknown) {
  return specForm([{ name: "sys_call", args: "/bin/true", trigger: { name, args } }]);
}

function v2Trigger(name: string, args: unknown) {
  return v2Form([{ action: { sys_call: "/bin/true" }, trigger: { [name]: args } }]);
}

const BAD_TRIGGERS: { name: string; args: unknown; key: string; message: RegExp }[] = [
  {
    name: "event",
    args: { unit: "seconds", at: [1] },
    key: ".unit",
    message: /must be one of: iteration, time; got "seconds"/,
  },
  { name: "event", args: { unit: "time", at: [] }, key: ".at", message: /must not be empty/ },
  {
    name: "event",
    args: { unit: "iteration", at: [3, 5, 3] },
    key: ".at",
    message: /must not repeat values; 3 appears twice/,
  },
  {
    name: "event",
    args: { unit: "iteration", at: [2.5] },
    key: ".at[0]",
    message: /must be an integer ≥ 1; got 2.5/,
  },
  {
    name: "event",
    args: { unit: "iteration", at: [0] },
    key: ".at[0]",
    message: /must be an integer ≥ 1; got 0/,
  },
  { name: "event", args: { unit: "time", at: [-1] }, key: ".at[0]", message: /≥ 0; got -1/ },
  {
    name: "periodic",
    args: { unit: "iteration", step: 0 },
    key: ".step",
    message: /must be an integer ≥ 1; got 0/,
  },
  { name: "periodic", args: { unit: "time", step: 0 }, key: ".step", message: /> 0; got 0/ },
  {
    name: "periodic",
    args: { unit: "time", step: 1, start: -5 },
    key: ".start",
    message: /≥ 0; got -5/,
  },
  {
    name: "periodic",
    args: { unit: "iteration", step: 2, start: 1.5 },
    key: ".start",
    message: /integer; got 1.5/,
  },
  {
    name: "periodic",
    args: { unit: "iteration", step: 10, start: 30, end: 20 },
    key: "",
    message: /start \(30\) is after end \(20\)/,
  },
  { name: "periodic", args: { step: 2 }, key: "", message: /missing required key "unit"/ },
];

Deno.test("invalid trigger configs are rejected with their path in the spec's task form", () => {
  for (const bad of BAD_TRIGGERS) {
    const problems = problemsOf(specTrigger(bad.name, bad.args));
    assert.equal(problems.length, 1, JSON.stringify(problems));
    const [[path, message]] = problems;
    assert.equal(path, `Dummy.dummy[0].hooks[0].trigger.args${bad.key}`, JSON.stringify(bad));
    assert.match(message, bad.message);
  }
});

Deno.test("invalid trigger configs are rejected with their path in Rally's v2 form", () => {
  for (const bad of BAD_TRIGGERS) {
    const problems = problemsOf(v2Trigger(bad.name, bad.args));
    assert.equal(problems.length, 1, JSON.stringify(problems));
    const [[path, message]] = problems;
    assert.equal(path, `subtasks[0].hooks[0].trigger.${bad.name}${bad.key}`, JSON.stringify(bad));
    assert.match(message, bad.message);
  }
});

Deno.test("unknown trigger and hook names are rejected with a suggestion, in both forms", () => {
  assert.deepEqual(problemsOf(specTrigger("evnet", { unit: "time", at: [1] })), [[
    "Dummy.dummy[0].hooks[0].trigger.name",
    'unknown trigger "evnet"; did you mean "event"? (available: event, periodic)',
  ]]);
  assert.deepEqual(problemsOf(v2Trigger("periodik", { unit: "time", step: 1 })), [[
    "subtasks[0].hooks[0].trigger",
    'unknown trigger "periodik"; did you mean "periodic"? (available: event, periodic)',
  ]]);
  const [[specPath, specMessage]] = problemsOf(specForm([{
    name: "sys_cal",
    args: "/bin/true",
    trigger: { name: "event", args: { unit: "time", at: [1] } },
  }]));
  assert.equal(specPath, "Dummy.dummy[0].hooks[0].name");
  assert.match(specMessage, /unknown hook "sys_cal"; did you mean "sys_call"\?/);
  const [[v2Path, v2Message]] = problemsOf(v2Form([{
    action: { sys_cal: "/bin/true" },
    trigger: { event: { unit: "time", at: [1] } },
  }]));
  assert.equal(v2Path, "subtasks[0].hooks[0].action");
  assert.match(v2Message, /unknown hook "sys_cal"; did you mean "sys_call"\?/);
});

Deno.test("every bad hook of a workload is reported at once", () => {
  const problems = problemsOf(specForm([
    {
      name: "sys_call",
      args: "/bin/true",
      trigger: { name: "event", args: { unit: "time", at: [] } },
    },
    {
      name: "sys_call",
      args: "/bin/true",
      trigger: { name: "periodic", args: { unit: "iteration", step: 0 } },
    },
  ]));
  assert.deepEqual(problems.map(([path]) => path), [
    "Dummy.dummy[0].hooks[0].trigger.args.at",
    "Dummy.dummy[0].hooks[1].trigger.args.step",
  ]);
});

Deno.test({
  name:
    "sys_call on the real clock: /bin/echo at iteration 2 gives Rally's TextArea, /bin/false at time 0 fails with 'Subprocess returned 1'",
  fn: async () => {
    const spec = parseTask(
      JSON.stringify({
        "Dummy.dummy": [{
          args: { sleep: 0.01 },
          runner: { type: "serial", times: 5 },
          hooks: [
            {
              name: "sys_call",
              args: "/bin/echo hello",
              trigger: { name: "event", args: { unit: "iteration", at: [2] } },
            },
            {
              name: "sys_call",
              args: "/bin/false",
              trigger: { name: "event", args: { unit: "time", at: [0] } },
            },
          ],
        }],
      }),
      "t.json",
    );
    const { document } = await runTask(spec, { clock: new RealClock(), seed: 1 });
    assert.deepEqual(validateResults(document), []);
    const w = document.tasks[0].subtasks[0].workloads[0];
    assert.equal(w.total_iteration_count, 5);
    const [echo, fail] = w.hooks;

    assert.equal(echo.results.length, 1);
    const [ok] = echo.results;
    assert.deepEqual(ok.triggered_by, { event_type: "iteration", value: 2 });
    assert.equal(ok.status, "success");
    assert.deepEqual(ok.output, {
      additive: [],
      complete: [{
        title: "System call",
        description: "Args: /bin/echo hello",
        chart_plugin: "TextArea",
        data: ["RetCode: 0", "StdOut: hello\n", "StdErr: (empty)"],
      }],
    });
    assert.equal("error" in ok, false);
    assert.deepEqual(echo.summary, { success: 1 });

    assert.equal(fail.results.length, 1);
    const [bad] = fail.results;
    assert.deepEqual(bad.triggered_by, { event_type: "time", value: 0 });
    assert.equal(bad.status, "failed");
    assert.equal(bad.error?.msg, "Subprocess returned 1");
    assert.equal(bad.error?.etype, "SubprocessError");
    assert.deepEqual(fail.summary, { failed: 1 });

    // Real epoch seconds around now, in order.
    const now = Date.now() / 1000;
    for (const r of [ok, bad]) {
      assert.ok(Math.abs(r.started_at - now) < 60);
      assert.ok(r.finished_at >= r.started_at);
    }
    assert.ok(w.full_duration >= w.load_duration);
  },
});
