/**
 * Containment: an exception, a rejected promise or a hang inside a
 * scenario, a hook or a plugin never takes the process down or stalls the
 * task. It becomes a failed iteration, a failed hook run or a workload's
 * "something_went_wrong" verdict, and the task goes on.
 */
import assert from "node:assert/strict";
import {
  Hook,
  type IterationRecord,
  registerHook,
  registerRunner,
  registerScenario,
  registerSla,
  registerTrigger,
  Sla,
  Trigger,
  type TriggerUnit,
} from "../mod.ts";
import { validateResults } from "../src/report/results_schema.ts";
import { startCli } from "./helpers/cli_child.ts";
import { oneWorkload, runSimulated, type SimulatedRun, taskSpec } from "./helpers/run_simulated.ts";

// ---- test plugins ---------------------------------------------------------

registerScenario<{ kind: string }>("Containment.throw", (args) => {
  const values: Record<string, unknown> = {
    number: 42,
    string: "plain text",
    null: null,
    undefined: undefined,
    object: { code: 7 },
    symbol: Symbol("odd"),
    bigint: 10n,
    // JSON.stringify and String() both throw on this one.
    hostile: { toJSON: () => bad(), toString: () => bad() },
    // Reading .message throws.
    trap: new Proxy({}, { get: () => bad() }),
  };
  throw values[args.kind];
}, {
  description: "Throws a value that is not an Error.",
  schema: { type: "object", properties: { kind: { type: "string" } }, required: ["kind"] },
});

registerScenario<{ kind: string }>("Containment.reject", (args) => {
  const values: Record<string, unknown> = { number: 42, null: null, undefined: undefined };
  return Promise.reject(values[args.kind]);
}, {
  description: "Rejects with a value that is not an Error.",
  schema: { type: "object", properties: { kind: { type: "string" } }, required: ["kind"] },
});

function bad(): never {
  throw new Error("hostile value");
}

class NeverEnds extends Hook<{ timeout?: number }> {
  static override schema = {
    type: "object",
    properties: { timeout: { type: "number" } },
    additionalProperties: false,
  };
  static override description = "A hook that never resolves and ignores its signal.";
  override run(): Promise<void> {
    return new Promise(() => {});
  }
}
registerHook("containment_never_ends", NeverEnds);

class NoOp extends Hook<Record<string, never>> {
  static override schema = { type: "object", additionalProperties: false };
  static override description = "Does nothing.";
  override run(): Promise<void> {
    return Promise.resolve();
  }
}
registerHook("containment_noop", NoOp);

class ThrowingCtorHook extends Hook<Record<string, never>> {
  static override schema = { type: "object" };
  static override description = "Its constructor throws.";
  constructor(init: ConstructorParameters<typeof Hook<Record<string, never>>>[0]) {
    super(init);
    throw new RangeError("hook constructor broke");
  }
  override run(): Promise<void> {
    return Promise.resolve();
  }
}
registerHook("containment_ctor_throws", ThrowingCtorHook);

interface BrokenTriggerArgs {
  at: number[];
  /** Which method throws. */
  breaks: "onEvent" | "constructor" | "nextPoint" | "nextPointLater" | "getListeningEvent";
  unit?: TriggerUnit;
}

class BrokenTrigger extends Trigger<BrokenTriggerArgs> {
  static override schema = {
    type: "object",
    properties: {
      at: { type: "array", items: { type: "number" } },
      breaks: { type: "string" },
      unit: { enum: ["iteration", "time"] },
    },
    required: ["at", "breaks"],
  };
  static override description = "A trigger with a method that throws.";
  constructor(config: BrokenTriggerArgs) {
    super(config);
    if (config.breaks === "constructor") throw new Error("trigger constructor broke");
  }
  getListeningEvent(): TriggerUnit {
    if (this.config.breaks === "getListeningEvent") throw new Error("getListeningEvent broke");
    return this.config.unit ?? "iteration";
  }
  nextPoint(after?: number): number | undefined {
    if (this.config.breaks === "nextPoint") throw new Error("nextPoint broke");
    if (this.config.breaks === "nextPointLater" && after !== undefined) {
      throw new Error(`nextPoint broke after ${after}`);
    }
    return this.config.at.find((v) => after === undefined || v > after);
  }
  override onEvent(_unit: TriggerUnit, value: number): boolean {
    if (this.config.breaks === "onEvent") throw new TypeError(`onEvent broke at ${value}`);
    return true;
  }
}
registerTrigger("containment_broken", BrokenTrigger);

class ThrowingSla extends Sla<{ breaks: "constructor" | "addIteration" }> {
  static override schema = { type: "object", properties: { breaks: { type: "string" } } };
  static override description = "A criterion with a method that throws.";
  constructor(config: { breaks: "constructor" | "addIteration" }) {
    super(config);
    if (config.breaks === "constructor") throw new Error("SLA constructor broke");
  }
  addIteration(_record: IterationRecord): boolean {
    throw new Error("addIteration broke");
  }
  success(): boolean {
    return true;
  }
  detail(): string {
    return "Never fails - Passed";
  }
}
registerSla("containment_throwing_sla", ThrowingSla);

registerRunner<{ after: number }>("containment_throwing_runner", async (args, ctx) => {
  for (let i = 0; i < args.after; i++) await ctx.iterate();
  throw new Error("runner broke");
}, {
  description: "Runs some iterations, then throws.",
  schema: { type: "object", properties: { after: { type: "integer" } }, required: ["after"] },
  plan: () => ({}),
});

// ---- helpers --------------------------------------------------------------

/** A one-workload task in Rally's v2 form (where hooks have `action` and `trigger`). */
function withHooks(
  scenario: Record<string, unknown>,
  runner: Record<string, unknown>,
  hooks: unknown[],
) {
  return taskSpec({
    version: 2,
    title: "containment",
    subtasks: [{ title: "hooks", scenario, runner, hooks }],
  });
}

function hookEntry(action: Record<string, unknown>, trigger: Record<string, unknown>) {
  return { description: "test hook", action, trigger };
}

function assertValid(run: SimulatedRun): void {
  const task = run.document.tasks[0];
  const doc = {
    ...run.document,
    tasks: [{
      ...task,
      subtasks: task.subtasks.map((s) => ({
        ...s,
        workloads: s.workloads.map((w) => ({ ...w, data: run.recordsOf(w.uuid) })),
      })),
    }],
  };
  assert.deepEqual(validateResults(doc), []);
}

/** A task whose first workload carries `first` and whose second is a plain 3-iteration load. */
function thenAnother(first: Record<string, unknown>) {
  return taskSpec({
    version: 2,
    title: "containment",
    subtasks: [
      { title: "broken", ...first },
      {
        title: "after",
        scenario: { "Test.probe": { sleep: 1 } },
        runner: { constant: { times: 3 } },
      },
    ],
  });
}

function assertSecondRan(run: SimulatedRun): void {
  const second = run.workloads[1];
  assert.equal(second.status, "finished");
  assert.equal(second.total_iteration_count, 3);
  assert.equal(run.document.tasks[0].status, "finished");
}

// ---- scenarios --------------------------------------------------------------

for (const kind of ["number", "string", "null", "undefined", "object", "symbol", "bigint"]) {
  Deno.test(`a scenario throwing ${article(kind)}${kind} fails its iterations with NonErrorThrown`, async () => {
    const run = await runSimulated(
      oneWorkload("Containment.throw", { kind }, { type: "constant", times: 3 }),
    );
    assert.equal(run.workload.failed_iteration_count, 3);
    for (const r of run.records) {
      assert.equal(r.error[0], "NonErrorThrown");
      assert.equal(typeof r.error[1], "string");
    }
    assertValid(run);
  });
}

Deno.test("a scenario throwing a value that cannot be described still fails only its iterations", async () => {
  for (const kind of ["hostile", "trap"]) {
    const run = await runSimulated(
      oneWorkload("Containment.throw", { kind }, { type: "constant", times: 2 }),
    );
    assert.equal(run.workload.failed_iteration_count, 2, kind);
    assert.equal(run.workload.status, "finished");
    assert.ok(run.records.every((r) => r.error.length === 3 && typeof r.error[1] === "string"));
    assertValid(run);
  }
});

Deno.test("a scenario rejecting with a value that is not an Error fails its iterations", async () => {
  for (const kind of ["number", "null", "undefined"]) {
    const run = await runSimulated(
      oneWorkload("Containment.reject", { kind }, { type: "constant", times: 2 }),
    );
    assert.equal(run.workload.failed_iteration_count, 2, kind);
    assert.equal(run.records[0].error[0], "NonErrorThrown");
  }
});

Deno.test("a scenario that never settles is ended by the runner's timeout on the simulated clock", async () => {
  const run = await runSimulated(
    oneWorkload("Test.hang", {}, { type: "constant", times: 3, concurrency: 3, timeout: 5 }),
  );
  assert.equal(run.workload.failed_iteration_count, 3);
  assert.deepEqual(run.records.map((r) => [r.error[0], r.duration]), [
    ["TimeoutError", 5],
    ["TimeoutError", 5],
    ["TimeoutError", 5],
  ]);
});

// ---- hooks ----------------------------------------------------------------

Deno.test("a hook that never resolves is failed by its timeout and the workload ends", async () => {
  const run = await runSimulated(
    withHooks({ "Test.probe": { sleep: 1 } }, { constant: { times: 3 } }, [
      hookEntry({ containment_never_ends: {} }, { event: { unit: "iteration", at: [1] } }),
      hookEntry({ containment_never_ends: { timeout: 10 } }, {
        event: { unit: "iteration", at: [2] },
      }),
    ]),
  );
  const [dflt, own] = run.workload.hooks.map((h) => h.results[0]);
  assert.equal(dflt.status, "failed");
  assert.equal(dflt.error?.etype, "TimeoutError");
  assert.equal(Math.round(dflt.finished_at - dflt.started_at), 600, "the default limit is 600 s");
  assert.equal(own.error?.etype, "TimeoutError");
  assert.equal(Math.round(own.finished_at - own.started_at), 15, "its timeout plus 5 s of grace");
  assert.equal(run.workload.status, "finished");
  assert.equal(run.workload.total_iteration_count, 3);
});

Deno.test("a hook whose constructor throws is a failed run with that error", async () => {
  const run = await runSimulated(
    withHooks({ "Test.probe": { sleep: 1 } }, { constant: { times: 2 } }, [
      hookEntry({ containment_ctor_throws: {} }, { event: { unit: "iteration", at: [1, 2] } }),
    ]),
  );
  const results = run.workload.hooks[0].results;
  assert.deepEqual(results.map((r) => [r.status, r.error?.etype, r.error?.msg]), [
    ["failed", "RangeError", "hook constructor broke"],
    ["failed", "RangeError", "hook constructor broke"],
  ]);
});

// ---- triggers -------------------------------------------------------------

Deno.test("a trigger whose onEvent throws gives a failed hook run at each point, and the load goes on", async () => {
  const run = await runSimulated(
    withHooks({ "Test.probe": { sleep: 1 } }, { constant: { times: 4 } }, [
      hookEntry({ containment_noop: {} }, {
        containment_broken: { at: [1, 3], breaks: "onEvent" },
      }),
      hookEntry({ containment_noop: {} }, { event: { unit: "iteration", at: [2] } }),
    ]),
  );
  const [broken, fine] = run.workload.hooks;
  assert.deepEqual(
    broken.results.map((r) => [r.triggered_by.value, r.status, r.error?.etype, r.error?.msg]),
    [
      [1, "failed", "TypeError", "onEvent broke at 1"],
      [3, "failed", "TypeError", "onEvent broke at 3"],
    ],
  );
  assert.deepEqual(broken.summary, { failed: 2 });
  assert.equal(fine.results[0].status, "success");
  assert.equal(run.workload.total_iteration_count, 4);
  assertValid(run);
});

for (const breaks of ["constructor", "getListeningEvent", "nextPoint"] as const) {
  Deno.test(`a trigger whose ${breaks} throws at run time gives one failed hook run at the load's start, and the task goes on`, async () => {
    const run = await runSimulated(thenAnother({
      scenario: { "Test.probe": { sleep: 1 } },
      runner: { constant: { times: 3 } },
      hooks: [
        hookEntry({ containment_noop: {} }, { containment_broken: { at: [1], breaks } }),
        hookEntry({ containment_noop: {} }, { event: { unit: "iteration", at: [2] } }),
      ],
    }));
    const [broken, fine] = run.workload.hooks;
    assert.equal(broken.results.length, 1);
    const failed = broken.results[0];
    assert.equal(failed.status, "failed");
    assert.deepEqual(failed.triggered_by, { event_type: "time", value: 0 });
    assert.equal(failed.error?.etype, "Error");
    assert.match(failed.error!.msg, new RegExp(`containment_broken.*${breaks} broke`));
    assert.equal(fine.results[0].status, "success");
    assert.equal(run.workload.total_iteration_count, 3);
    assertSecondRan(run);
    assertValid(run);
  });
}

Deno.test("a trigger whose nextPoint throws after a point fires that point, then gives a failed run there", async () => {
  const run = await runSimulated(
    withHooks({ "Test.probe": { sleep: 1 } }, { constant: { times: 4 } }, [
      hookEntry({ containment_noop: {} }, {
        containment_broken: { at: [2, 3], breaks: "nextPointLater" },
      }),
    ]),
  );
  const results = run.workload.hooks[0].results;
  assert.deepEqual(results.map((r) => [r.triggered_by.value, r.status]), [[2, "success"], [
    2,
    "failed",
  ]]);
  assert.match(results[1].error!.msg, /nextPoint broke after 2/);
  assert.equal(run.workload.total_iteration_count, 4);
  assertValid(run);
});

// ---- SLA and runner ---------------------------------------------------------

Deno.test("an SLA criterion whose constructor throws at run time ends its workload with something_went_wrong; the task goes on", async () => {
  const run = await runSimulated(thenAnother({
    scenario: { "Test.probe": { sleep: 1 } },
    runner: { constant: { times: 3 } },
    sla: { containment_throwing_sla: { breaks: "constructor" } },
  }));
  const w = run.workload;
  assert.equal(w.pass_sla, false);
  assert.equal(w.total_iteration_count, 0);
  const wrong = w.sla_results.sla.find((s) => s.criterion === "something_went_wrong");
  assert.ok(wrong, JSON.stringify(w.sla_results));
  assert.match(wrong.detail, /SLA constructor broke/);
  assertSecondRan(run);
  assert.equal(run.document.tasks[0].pass_sla, false);
  assertValid(run);
});

Deno.test("an SLA criterion whose addIteration throws fails the SLA with something_went_wrong; the load runs to its end", async () => {
  const run = await runSimulated(thenAnother({
    scenario: { "Test.probe": { sleep: 1 } },
    runner: { constant: { times: 5, concurrency: 2 } },
    sla: { containment_throwing_sla: { breaks: "addIteration" }, failure_rate: { max: 0 } },
  }));
  const w = run.workload;
  assert.equal(w.total_iteration_count, 5);
  assert.equal(run.records.length, 5);
  assert.equal(w.pass_sla, false);
  assert.match(
    w.sla_results.sla.find((s) => s.criterion === "something_went_wrong")?.detail ?? "",
    /addIteration broke/,
  );
  assertSecondRan(run);
});

Deno.test("a runner that throws ends its workload with something_went_wrong, keeps the iterations it ran, and the task goes on", async () => {
  const run = await runSimulated(thenAnother({
    scenario: { "Test.probe": { sleep: 1 } },
    runner: { containment_throwing_runner: { after: 2 } },
  }));
  const w = run.workload;
  assert.equal(w.total_iteration_count, 2);
  assert.match(
    w.sla_results.sla.find((s) => s.criterion === "something_went_wrong")?.detail ?? "",
    /runner broke/,
  );
  assert.equal(w.pass_sla, false);
  assertSecondRan(run);
  assertValid(run);
});

function article(kind: string): string {
  return kind === "undefined" || kind === "null" ? "" : kind === "object" ? "an " : "a ";
}

// ---- through the CLI --------------------------------------------------------

const CLI_FIXTURES = new URL("./fixtures/tasks_cli/", import.meta.url).pathname;

for (
  const [scenario, warning] of [
    [
      "Stray.unawaited_rejection",
      /ignored a promise rejected with nobody awaiting it .*: Error: iteration \d+: nobody awaits this/,
    ],
    [
      "Stray.timer_throw",
      /ignored an uncaught exception .*: RangeError: iteration \d+: thrown in a timer/,
    ],
  ] as const
) {
  Deno.test(`the CLI survives ${scenario}: it warns, records every iteration and exits 0`, async () => {
    const cli = await startCli([
      "run",
      "--plugin",
      `${CLI_FIXTURES}stray_errors_plugin.ts`,
      `${CLI_FIXTURES}stray_${scenario.slice("Stray.".length)}_task.json`,
      "--db",
      "{cwd}/brunt.db",
      "--json",
      "{cwd}/results.json",
    ]);
    try {
      const exit = await cli.exited();
      assert.equal(exit.code, 0, exit.stderr);
      assert.match(exit.stderr, warning);
      assert.match(
        exit.stderr,
        /brunt: warning: \d+ more stray errors ignored/,
        "counted, not all shown",
      );
      const doc = JSON.parse(Deno.readTextFileSync(`${cli.cwd}/results.json`));
      assert.deepEqual(validateResults(doc), []);
      const w = doc.tasks[0].subtasks[0].workloads[0];
      assert.equal(w.total_iteration_count, 20);
      assert.equal(w.failed_iteration_count, 0, "the iterations themselves succeeded");
    } finally {
      await cli.close();
    }
  });
}

Deno.test("run with a plugin module that throws at load time says which file and why, exits 2 and starts nothing", async () => {
  const plugin = `${CLI_FIXTURES}throws_at_load.ts`;
  const cli = await startCli([
    "run",
    "--plugin",
    plugin,
    `${CLI_FIXTURES}dummy_task.json`,
    "--db",
    "{cwd}/brunt.db",
    "--json",
    "{cwd}/results.json",
  ]);
  try {
    const exit = await cli.exited();
    assert.equal(exit.code, 2, exit.stderr);
    assert.match(
      exit.stderr,
      new RegExp(`--plugin ${plugin}: failed to load: this plugin cannot start`),
    );
    assert.match(exit.stderr, /throws_at_load\.ts:13:\d+/, "names the line that threw");
    assert.ok(!/internal error|^\s+at /m.test(exit.stderr), "a message, not a stack");
    assert.deepEqual([...Deno.readDirSync(cli.cwd)], [], "no history, no results file");
  } finally {
    await cli.close();
  }
});
