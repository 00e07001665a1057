/**
 * The Hook base class (status, error, output) and how the engine records
 * what a hook's run reported: setError, setStatus, addOutput, exceptions,
 * validated args.
 */
import assert from "node:assert/strict";
import {
  defaultPlugins,
  Hook,
  hook,
  type HookClass,
  type HookRunResult,
  type OutputInput,
  parseTask,
  registerHook,
  registerScenario,
  Trigger,
  trigger,
  type TriggerUnit,
} from "../mod.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { runSimulated } from "./helpers/run_simulated.ts";

class Plain extends Hook<{ n: number }> {
  static override schema = { type: "object", properties: { n: { type: "number" } } };
  static override description = "Does nothing.\nSecond line.";
  run(): Promise<void> {
    return Promise.resolve();
  }
}

function plain(): Plain {
  return new Plain({
    config: { n: 1 },
    signal: new AbortController().signal,
    clock: new SimulatedClock(),
  });
}

const TEXT: OutputInput = { complete: { title: "Log", chart_plugin: "TextArea", data: ["line"] } };
const PIE: OutputInput = { additive: { title: "Share", chart_plugin: "Pie", data: [["a", 1]] } };

Deno.test("a new hook has status success, no error, empty output, and its config, signal and clock", () => {
  const signal = new AbortController().signal;
  const clock = new SimulatedClock();
  const h = new Plain({ config: { n: 7 }, signal, clock });
  assert.deepEqual(h.config, { n: 7 });
  assert.equal(h.signal, signal);
  assert.equal(h.clock, clock);
  assert.equal(h.status, "success");
  assert.equal(h.error, undefined);
  assert.deepEqual(h.output, { additive: [], complete: [] });
});

Deno.test("setError fails the run and keeps etype, msg and details as strings", () => {
  const h = plain();
  h.setError("FactorError", "factor 2 is stuck", "see the service log");
  assert.equal(h.status, "failed");
  assert.deepEqual(h.error, {
    etype: "FactorError",
    msg: "factor 2 is stuck",
    details: "see the service log",
  });
  h.setError("Other", "no details");
  assert.deepEqual(h.error, { etype: "Other", msg: "no details", details: "" });
  // Plugins written loosely (or in JS) may pass non-strings.
  (h.setError as (...a: unknown[]) => void)(404, { code: 1 }, null);
  assert.deepEqual(h.error, { etype: "404", msg: "[object Object]", details: "null" });
});

Deno.test("setStatus takes success or failed and rejects anything else with a message", () => {
  const h = plain();
  h.setStatus("failed");
  assert.equal(h.status, "failed");
  h.setStatus("success");
  assert.equal(h.status, "success");
  assert.throws(
    () => (h.setStatus as (s: string) => void)("ok"),
    (e: Error) =>
      e instanceof TypeError && /must be "success" or "failed"; got "ok"/.test(e.message),
  );
  assert.equal(h.status, "success");
});

Deno.test("addOutput appends additive and complete charts in order", () => {
  const h = plain();
  h.addOutput(TEXT);
  h.addOutput(PIE);
  h.addOutput({
    complete: { title: "Second", chart_plugin: "Table", data: { cols: ["a"], rows: [[1]] } },
  });
  assert.deepEqual(h.output.additive.map((c) => c.title), ["Share"]);
  assert.deepEqual(h.output.complete.map((c) => c.title), ["Log", "Second"]);
});

Deno.test("addOutput rejects a bad chart with a TypeError naming the problem, adding nothing", () => {
  const h = plain();
  const bad = (o: unknown) => () => h.addOutput(o as OutputInput);
  assert.throws(bad({ complete: { title: "x", chart_plugin: "Bogus", data: [] } }), {
    name: "TypeError",
    message: /complete chart "x": chart_plugin must be one of StackedArea, .*; got "Bogus"/,
  });
  assert.throws(bad({ additive: TEXT.complete, complete: TEXT.complete }), /exactly one key/);
  assert.throws(
    bad({ complete: { chart_plugin: "TextArea", data: [] } }),
    /non-empty string "title"/,
  );
  assert.throws(
    bad({ complete: { title: "t", chart_plugin: "TextArea", data: [1] } }),
    /list of strings/,
  );
  assert.throws(bad("text"), /must be an object/);
  assert.deepEqual(h.output, { additive: [], complete: [] });
});

Deno.test("registerHook registers the class with its schema and description", () => {
  registerHook("hook_base_test_plain", Plain);
  const entry = defaultPlugins().get<HookClass>("hook", "hook_base_test_plain");
  assert.equal(entry.impl, Plain);
  assert.equal(entry.schema, Plain.schema);
  assert.equal(entry.description, "Does nothing.\nSecond line.");
});

/** What the scripted hook does in its run. */
interface Script {
  steps: (
    | "set_error"
    | "set_failed"
    | "set_success"
    | "add_text"
    | "add_bad"
    | "throw"
    | "throw_string"
    | "throw_sync"
    | "echo_config"
  )[];
  /** A field with a schema default, to see defaults filled in. */
  level?: number;
}

class Scripted extends Hook<Script> {
  static override schema = {
    type: "object",
    properties: {
      steps: { type: "array", items: { type: "string" } },
      level: { type: "integer", default: 3 },
    },
    required: ["steps"],
    additionalProperties: false,
  };
  static override description = "Does the listed steps.";
  run(): Promise<void> {
    // No await before the steps: a synchronous throw must be caught too.
    for (const step of this.config.steps) {
      switch (step) {
        case "set_error":
          this.setError("FactorError", "factor stuck", "details here");
          break;
        case "set_failed":
          this.setStatus("failed");
          break;
        case "set_success":
          this.setStatus("success");
          break;
        case "add_text":
          this.addOutput(TEXT);
          break;
        case "add_bad":
          this.addOutput(
            { complete: { title: "Broken", chart_plugin: "Bars" } } as unknown as OutputInput,
          );
          break;
        case "throw":
          return Promise.reject(new SyntaxError("bad factor file"));
        case "throw_string":
          return Promise.reject("just a string");
        case "throw_sync":
          throw new RangeError("thrown before any promise");
        case "echo_config":
          this.addOutput({
            complete: {
              title: "config",
              chart_plugin: "TextArea",
              data: [JSON.stringify(this.config)],
            },
          });
          break;
      }
    }
    return Promise.resolve();
  }
}
registerHook("hook_base_test_scripted", Scripted);

/** Runs one workload whose hooks run the scripts once each, after iteration 1. */
async function runScripts(...scripts: Script[]): Promise<HookRunResult[]> {
  const spec = parseTask(
    JSON.stringify({
      "Dummy.dummy": [{
        args: { sleep: 1 },
        runner: { type: "constant", times: 4, concurrency: 2 },
        hooks: scripts.map((args) => ({
          name: "hook_base_test_scripted",
          args,
          trigger: { name: "event", args: { unit: "iteration", at: [1] } },
        })),
      }],
    }),
    "t.json",
  );
  const { workload: w } = await runSimulated(spec);
  assert.equal(w.failed_iteration_count, 0);
  assert.equal(w.total_iteration_count, 4);
  return w.hooks.map((h) => {
    assert.equal(h.results.length, 1);
    return h.results[0];
  });
}

Deno.test("the engine records setError as a failed run with that error, and output added alongside", async () => {
  const [run] = await runScripts({ steps: ["add_text", "set_error"] });
  assert.equal(run.status, "failed");
  assert.deepEqual(run.error, {
    etype: "FactorError",
    msg: "factor stuck",
    details: "details here",
  });
  assert.deepEqual(run.output, { additive: [], complete: [TEXT.complete] });
});

Deno.test("setStatus('failed') without an error gives a failed run with a HookFailed error", async () => {
  const [run] = await runScripts({ steps: ["set_failed"] });
  assert.equal(run.status, "failed");
  assert.equal(run.error?.etype, "HookFailed");
  assert.match(run.error!.msg, /set its status to failed/);
});

Deno.test("setStatus('success') after setError gives a successful run with no error key", async () => {
  const [run] = await runScripts({ steps: ["set_error", "set_success"] });
  assert.equal(run.status, "success");
  assert.equal("error" in run, false);
  assert.equal("output" in run, false);
});

Deno.test("invalid output fails the run with a message naming the problem and keeps the valid charts", async () => {
  const [run] = await runScripts({ steps: ["add_text", "add_bad", "add_text"] });
  assert.equal(run.status, "failed");
  assert.equal(run.error?.etype, "TypeError");
  assert.equal(
    run.error?.msg,
    'Invalid output: complete chart "Broken": chart_plugin must be one of StackedArea, Lines, Pie, Table, TextArea, StatsTable; got "Bars"',
  );
  assert.deepEqual(run.output?.complete, [TEXT.complete]);
});

Deno.test("exceptions become failed runs: an Error's name and message, a thrown string, a synchronous throw", async () => {
  const [rejected, stringy, sync] = await runScripts(
    { steps: ["add_text", "throw"] },
    { steps: ["throw_string"] },
    { steps: ["throw_sync"] },
  );
  assert.deepEqual([rejected.error?.etype, rejected.error?.msg], [
    "SyntaxError",
    "bad factor file",
  ]);
  assert.match(rejected.error!.details, /SyntaxError: bad factor file/);
  assert.deepEqual(rejected.output?.complete, [TEXT.complete]);
  assert.deepEqual([stringy.error?.etype, stringy.error?.msg], ["NonErrorThrown", "just a string"]);
  assert.deepEqual([sync.error?.etype, sync.error?.msg], [
    "RangeError",
    "thrown before any promise",
  ]);
  for (const r of [rejected, stringy, sync]) assert.equal(r.status, "failed");
});

Deno.test("a hook's config is its validated args with schema defaults filled in", async () => {
  const [run] = await runScripts({ steps: ["echo_config"] });
  assert.equal(run.status, "success");
  assert.deepEqual(JSON.parse((run.output!.complete[0].data as string[])[0]), {
    steps: ["echo_config"],
    level: 3,
  });
});

Deno.test("@hook.configure({name}) registers a hook class like registerHook, as the spec's decorator does", () => {
  @hook.configure({ name: "hook_base_test_decorated" })
  class Decorated extends Hook<{ n: number }> {
    static override schema = { type: "object", properties: { n: { type: "integer" } } };
    static override description = "Registered by the decorator.";
    run(): Promise<void> {
      return Promise.resolve();
    }
  }
  const entry = defaultPlugins().find("hook", "hook_base_test_decorated");
  assert.equal(entry?.impl, Decorated);
  assert.equal(entry?.description, "Registered by the decorator.");
  assert.deepEqual(entry?.schema, Decorated.schema);
});

Deno.test("@trigger.configure({name}) registers a trigger class", () => {
  @trigger.configure({ name: "hook_base_test_decorated_trigger" })
  class Once extends Trigger<Record<string, never>> {
    static override description = "Fires once, after iteration 1.";
    getListeningEvent(): TriggerUnit {
      return "iteration";
    }
    nextPoint(after?: number): number | undefined {
      return after === undefined ? 1 : undefined;
    }
  }
  assert.equal(defaultPlugins().find("trigger", "hook_base_test_decorated_trigger")?.impl, Once);
});

// Counts prepare() calls and what the scenario had done by then.
const preparing = { calls: 0, iterationsBefore: [] as number[], fail: false, iterations: 0 };
class Prepared extends Hook {
  static prepare(): Promise<void> {
    preparing.calls++;
    preparing.iterationsBefore.push(preparing.iterations);
    if (preparing.fail) return Promise.reject(new Error("worker cannot start"));
    return Promise.resolve();
  }
  run(): Promise<void> {
    return Promise.resolve();
  }
}
registerHook("hook_base_test_prepared", Prepared);
registerScenario("HookBaseTest.count", () => {
  preparing.iterations++;
}, { description: "Counts its iterations.", schema: { type: "object" } });

async function runPrepared(): Promise<{ status: string; iterations: number; runs: number }> {
  const hookEntry = (at: number) => ({
    name: "hook_base_test_prepared",
    args: {},
    trigger: { name: "event", args: { unit: "iteration", at: [at] } },
  });
  const spec = parseTask(
    JSON.stringify({
      "HookBaseTest.count": [{
        runner: { type: "constant", times: 5, concurrency: 1 },
        hooks: [hookEntry(1), hookEntry(2)],
      }],
    }),
    "t.json",
  );
  const { workload: w } = await runSimulated(spec);
  return {
    status: w.sla_results.sla.map((s) => s.detail).join("; "),
    iterations: w.total_iteration_count,
    runs: w.hooks.reduce((n, h) => n + h.results.length, 0),
  };
}

Deno.test("a hook class's prepare() runs once per workload, before its first iteration", async () => {
  Object.assign(preparing, { calls: 0, iterationsBefore: [], fail: false, iterations: 0 });
  const run = await runPrepared();
  assert.equal(preparing.calls, 1, "two hooks of one class: one prepare");
  assert.deepEqual(preparing.iterationsBefore, [0]);
  assert.equal(run.iterations, 5);
  assert.equal(run.runs, 2);
});

Deno.test("a prepare() that throws ends the workload with its error before any iteration", async () => {
  Object.assign(preparing, { calls: 0, iterationsBefore: [], fail: true, iterations: 0 });
  const run = await runPrepared();
  assert.equal(preparing.iterations, 0);
  assert.equal(run.iterations, 0);
  assert.equal(run.runs, 0);
  assert.match(run.status, /worker cannot start/);
});
