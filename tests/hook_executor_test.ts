/**
 * The HookExecutor and its hook runs: overlapping runs, waiting for runs at
 * the end without slowing the load, timeouts, failures, hard and soft stops,
 * trigger plugins, and the executor machine on its own. Simulated clock
 * throughout, with in-process test hooks.
 */
import assert from "node:assert/strict";
import { createActor } from "xstate";
import {
  type HookResult,
  parseTask,
  registerScenario,
  registerTrigger,
  Trigger,
  type TriggerUnit,
  type WorkloadResult,
} from "../mod.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { sleep } from "../src/clock/clock.ts";
import { Hook, registerHook } from "../mod.ts";
import { hookExecutorMachine } from "../src/engine/hook_executor.ts";
import { LoadSeam } from "../src/engine/load_seam.ts";
import { DEFAULT_HOOK_TIMEOUT_S, hookTimeoutMs } from "../src/engine/hook_run_actor.ts";
import { runSimulated, T0 } from "./helpers/run_simulated.ts";
import { HookOutputBudget } from "../src/engine/hook_output_budget.ts";

registerScenario("HookExecutorTest.sleep", async (args: { seconds: number }, ctx) => {
  await ctx.sleep(args.seconds);
}, {
  description: "Sleeps `seconds`.",
  schema: {
    type: "object",
    properties: { seconds: { type: "number", minimum: 0, default: 1 } },
    additionalProperties: false,
  },
});

/** An error class of a hook plugin, to see its name become the etype. */
class FactorError extends Error {
  override name = "FactorError";
}

interface ActArgs {
  /** What the run does. */
  mode: "sleep" | "hang" | "ignore_abort" | "throw";
  /** Seconds to sleep (mode `sleep`). */
  seconds?: number;
  /** The hook's own time limit; the run's bound is this plus a 5 s grace. */
  timeout?: number;
}

/** What each run of `hook_executor_test_act` saw, in start order. */
const log: { start: number; end?: number; aborted?: boolean; reason?: unknown }[] = [];

class Act extends Hook<ActArgs> {
  static override schema = {
    type: "object",
    properties: {
      mode: { enum: ["sleep", "hang", "ignore_abort", "throw"] },
      seconds: { type: "number" },
      timeout: { type: "number" },
    },
    required: ["mode"],
    additionalProperties: false,
  };
  static override description = "Sleeps, hangs or throws, recording what it saw.";
  async run(): Promise<void> {
    const entry: (typeof log)[number] = { start: this.clock.now() };
    log.push(entry);
    this.signal.addEventListener("abort", () => {
      entry.aborted = true;
      entry.reason = this.signal.reason;
    });
    switch (this.config.mode) {
      case "sleep":
        await sleep(this.clock, (this.config.seconds ?? 0) * 1000, this.signal);
        break;
      case "hang":
        // Ends when the run is cancelled, like a well-behaved plugin.
        await new Promise((_, reject) => this.signal.addEventListener("abort", reject));
        break;
      case "ignore_abort":
        await new Promise(() => {});
        break;
      case "throw":
        throw new FactorError("factor 3 did not enable: the service is down");
    }
    entry.end = this.clock.now();
  }
}
registerHook("hook_executor_test_act", Act);

interface RunOptions {
  /** Simulated seconds after the start at which the hard signal aborts. */
  hardAt?: number;
  /** Simulated seconds after the start at which the soft signal aborts. */
  softAt?: number;
}

async function runWorkload(
  workload: Record<string, unknown>,
  options: RunOptions = {},
): Promise<WorkloadResult> {
  log.length = 0;
  const spec = parseTask(JSON.stringify({ "HookExecutorTest.sleep": [workload] }), "t.json");
  const clock = new SimulatedClock({ start: T0 });
  const hard = new AbortController();
  const soft = new AbortController();
  if (options.hardAt !== undefined) clock.setTimeout(() => hard.abort(), options.hardAt * 1000);
  if (options.softAt !== undefined) clock.setTimeout(() => soft.abort(), options.softAt * 1000);
  const run = await runSimulated(spec, { clock, signal: soft.signal, hardSignal: hard.signal });
  return run.workload;
}

function hook(action: ActArgs, trigger: Record<string, unknown>, description?: string) {
  return { name: "hook_executor_test_act", args: action, trigger, description };
}

// Seconds since the simulated start, for the readable assertions.
const rel = (epochSeconds: number) => Math.round(epochSeconds * 1000 - T0) / 1000;

function times(h: HookResult): [number, number][] {
  return h.results.map((r) => [rel(r.started_at), rel(r.finished_at)]);
}

const SIXTY_SECONDS = {
  runner: { type: "constant", times: 600, concurrency: 10 },
  args: { seconds: 1 },
};

Deno.test("runs of a slow hook fired every 10 s overlap, are all recorded in firing order, and the workload waits for them", async () => {
  const w = await runWorkload({
    ...SIXTY_SECONDS,
    hooks: [hook({ mode: "sleep", seconds: 30 }, {
      name: "periodic",
      args: { unit: "time", step: 10, start: 0, end: 50 },
    })],
  });
  const [h] = w.hooks;
  assert.deepEqual(h.results.map((r) => r.triggered_by.value), [0, 10, 20, 30, 40, 50]);
  assert.deepEqual(times(h), [[0, 30], [10, 40], [20, 50], [30, 60], [40, 70], [50, 80]]);
  assert.deepEqual(h.summary, { success: 6 });
  // Up to three runs at once.
  assert.deepEqual(log.map((e) => rel(e.start / 1000)), [0, 10, 20, 30, 40, 50]);
  assert.ok(log.every((e) => e.end !== undefined && !e.aborted));
  // The load is 60 s; the workload ends with the last run, 80 s in.
  assert.equal(w.load_duration, 60);
  assert.equal(w.full_duration, 80);
});

Deno.test("hook runs do not slow the load: iterations, load_duration and start times match a run without hooks", async () => {
  const plain = await runWorkload(SIXTY_SECONDS);
  const hooked = await runWorkload({
    ...SIXTY_SECONDS,
    hooks: [
      hook({ mode: "sleep", seconds: 30 }, { name: "periodic", args: { unit: "time", step: 7 } }),
      hook({ mode: "sleep", seconds: 7 }, {
        name: "periodic",
        args: { unit: "iteration", step: 3 },
      }),
      hook({ mode: "throw" }, { name: "event", args: { unit: "iteration", at: [1, 300] } }),
    ],
  });
  assert.equal(hooked.load_duration, plain.load_duration);
  assert.equal(hooked.start_time, plain.start_time);
  assert.equal(hooked.total_iteration_count, 600);
  assert.equal(hooked.failed_iteration_count, 0);
  assert.equal(hooked.status, "finished");
  assert.equal(hooked.hooks[1].results.length, 200);
  assert.deepEqual(hooked.hooks[2].summary, { failed: 2 });
  // Runs of the 7 s periodic hook started at 0 … 56 s and end 30 s later.
  assert.equal(hooked.hooks[0].results.length, 9);
  assert.equal(hooked.full_duration, 56 + 30);
  assert.equal(plain.full_duration, 60);
});

Deno.test("a run that never resolves fails with TimeoutError after the hook's timeout plus 5 s, and its signal is aborted", async () => {
  const w = await runWorkload({
    ...SIXTY_SECONDS,
    hooks: [hook({ mode: "hang", timeout: 10 }, {
      name: "event",
      args: { unit: "time", at: [2] },
    })],
  });
  const [run] = w.hooks[0].results;
  assert.equal(run.status, "failed");
  assert.equal(run.error?.etype, "TimeoutError");
  assert.match(run.error!.msg, /timed out after 15 s/);
  assert.deepEqual(times(w.hooks[0]), [[2, 17]]);
  assert.equal(log[0].aborted, true);
  assert.deepEqual(w.hooks[0].summary, { failed: 1 });
  assert.equal(w.failed_iteration_count, 0);
  assert.equal(w.status, "finished");
});

Deno.test("a run that ignores its signal and never resolves fails after the default 600 s and does not hold the workload", async () => {
  assert.equal(DEFAULT_HOOK_TIMEOUT_S, 600);
  const w = await runWorkload({
    runner: { type: "constant", times: 20, concurrency: 2 },
    hooks: [
      hook({ mode: "ignore_abort" }, { name: "event", args: { unit: "iteration", at: [4] } }),
    ],
  });
  const [run] = w.hooks[0].results;
  assert.equal(run.error?.etype, "TimeoutError");
  assert.equal(run.finished_at - run.started_at, 600);
  assert.equal(w.load_duration, 10);
  assert.equal(rel(run.started_at), 2);
  assert.equal(w.full_duration, 602);
});

Deno.test("the run's time limit is args.timeout + 5 s, else 600 s", () => {
  const specs = parseTask(
    JSON.stringify({
      "HookExecutorTest.sleep": [{
        hooks: [
          hook({ mode: "hang", timeout: 1.5 }, { name: "event", args: { unit: "time", at: [1] } }),
          hook({ mode: "hang" }, { name: "event", args: { unit: "time", at: [1] } }),
        ],
      }],
    }),
    "t.json",
  ).subtasks[0].workloads[0].hooks;
  assert.equal(hookTimeoutMs(specs[0]), 6_500);
  assert.equal(hookTimeoutMs(specs[1]), 600_000);
});

Deno.test("a throwing hook fails with the error's name, message and stack, and the load goes on unaffected", async () => {
  const w = await runWorkload({
    runner: { type: "constant", times: 40, concurrency: 4 },
    hooks: [hook({ mode: "throw" }, { name: "event", args: { unit: "iteration", at: [10, 20] } })],
  });
  const [h] = w.hooks;
  assert.deepEqual(h.summary, { failed: 2 });
  for (const run of h.results) {
    assert.equal(run.status, "failed");
    assert.deepEqual(Object.keys(run.error!).sort(), ["details", "etype", "msg"]);
    assert.equal(run.error!.etype, "FactorError");
    assert.equal(run.error!.msg, "factor 3 did not enable: the service is down");
    assert.match(run.error!.details, /FactorError: factor 3 did not enable/);
    assert.match(run.error!.details, /hook_executor_test\.ts/);
    assert.equal(run.output, undefined);
  }
  assert.equal(w.total_iteration_count, 40);
  assert.equal(w.failed_iteration_count, 0);
  assert.equal(w.load_duration, 10);
  assert.equal(w.pass_sla, true);
});

Deno.test("a hard abort while a run is running fails it with etype Aborted at once and aborts its signal", async () => {
  const w = await runWorkload({
    ...SIXTY_SECONDS,
    hooks: [
      hook({ mode: "sleep", seconds: 100 }, { name: "event", args: { unit: "time", at: [1] } }),
      hook({ mode: "ignore_abort" }, { name: "event", args: { unit: "time", at: [2] } }),
      hook({ mode: "sleep", seconds: 1 }, { name: "event", args: { unit: "time", at: [3, 10] } }),
    ],
  }, { hardAt: 5 });
  assert.equal(w.status, "aborted");
  const [slow, stubborn, quick] = w.hooks;
  for (const h of [slow, stubborn]) {
    const [run] = h.results;
    assert.equal(run.status, "failed");
    assert.equal(run.error?.etype, "Aborted");
    assert.match(run.error!.msg, /hard abort/);
    assert.equal(rel(run.finished_at), 5);
  }
  assert.equal(log[0].aborted, true);
  // The run that ended before the abort keeps its success; the point after it never fires.
  assert.deepEqual(quick.results.map((r) => r.status), ["success"]);
  assert.deepEqual(quick.not_reached, { values: [10], count: 1 });
  // Nothing waits 600 s for the run that ignores its signal.
  assert.ok(w.full_duration < 10, `full_duration ${w.full_duration}`);
});

Deno.test("a soft stop lets a running run finish, fires no later point, and the workload waits for the run", async () => {
  const w = await runWorkload({
    ...SIXTY_SECONDS,
    hooks: [hook({ mode: "sleep", seconds: 20 }, {
      name: "event",
      args: { unit: "time", at: [1, 10] },
    })],
  }, { softAt: 5 });
  assert.equal(w.status, "aborted");
  const [h] = w.hooks;
  assert.deepEqual(times(h), [[1, 21]]);
  assert.deepEqual(h.summary, { success: 1 });
  assert.deepEqual(h.not_reached, { values: [10], count: 1 });
  assert.equal(log[0].aborted, undefined);
  assert.equal(w.full_duration, 21);
  assert.ok(w.load_duration <= 6);
});

/** Fires at odd iteration counts up to `last`, skipping multiples of 3 and failing at `breakAt`. */
class OddTrigger extends Trigger<{ last: number; breakAt?: number }> {
  static override schema = {
    type: "object",
    properties: { last: { type: "integer" }, breakAt: { type: "integer" } },
    required: ["last"],
    additionalProperties: false,
  };
  static override description = "Odd iterations up to `last`, but not multiples of 3.";
  getListeningEvent(): TriggerUnit {
    return "iteration";
  }
  nextPoint(after?: number): number | undefined {
    const v = after === undefined ? 1 : after % 2 ? after + 2 : after + 1;
    return v <= this.config.last ? v : undefined;
  }
  override onEvent(eventType: TriggerUnit, value: number): boolean {
    if (value === this.config.breakAt) throw new RangeError(`cannot decide at ${value}`);
    return eventType === "iteration" && value % 3 !== 0;
  }
}
registerTrigger("hook_executor_test_odd", OddTrigger);

/** A buggy plugin whose next point does not move forward after 4. */
class StuckTrigger extends Trigger<Record<string, never>> {
  static override schema = { type: "object" };
  getListeningEvent(): TriggerUnit {
    return "iteration";
  }
  nextPoint(after?: number): number | undefined {
    return after === undefined ? 2 : Math.min(after + 2, 4);
  }
}
registerTrigger("hook_executor_test_stuck", StuckTrigger);

Deno.test("a trigger plugin decides the points; onEvent false skips one, and a throwing onEvent fails that run", async () => {
  const w = await runWorkload({
    runner: { type: "constant", times: 30, concurrency: 3 },
    hooks: [
      hook({ mode: "sleep", seconds: 0 }, {
        name: "hook_executor_test_odd",
        args: { last: 17, breakAt: 13 },
      }),
      hook({ mode: "sleep", seconds: 0 }, { name: "hook_executor_test_stuck", args: {} }),
    ],
  });
  const [odd, stuck] = w.hooks;
  assert.deepEqual(odd.results.map((r) => r.triggered_by.value), [1, 5, 7, 11, 13, 17]);
  const broken = odd.results.find((r) => r.triggered_by.value === 13)!;
  assert.equal(broken.status, "failed");
  assert.deepEqual(
    { etype: broken.error!.etype, msg: broken.error!.msg },
    { etype: "RangeError", msg: "cannot decide at 13" },
  );
  assert.deepEqual(odd.summary, { success: 5, failed: 1 });
  // A point that does not move forward counts as none left.
  assert.deepEqual(stuck.results.map((r) => r.triggered_by.value), [2, 4]);
});

/** A started hook executor for `hooks` (task-file entries) on `clock`, and its seam. */
function startExecutor(
  clock: SimulatedClock,
  hooks: unknown[],
  seam = new LoadSeam(),
  outputBudget?: HookOutputBudget,
) {
  const spec = parseTask(JSON.stringify({ "HookExecutorTest.sleep": [{ hooks }] }), "t.json");
  return createActor(hookExecutorMachine, {
    clock,
    input: {
      clock,
      hooks: spec.subtasks[0].workloads[0].hooks,
      plugins: spec.plugins,
      seam,
      outputBudget,
    },
  }).start();
}

Deno.test("the seam awaits the smallest next point of the iteration triggers, before and after LOAD_STARTED", async () => {
  const clock = new SimulatedClock();
  const seam = new LoadSeam();
  const actor = startExecutor(clock, [
    hook({ mode: "sleep", seconds: 0 }, {
      name: "event",
      args: { unit: "iteration", at: [5, 9] },
    }),
    hook({ mode: "sleep", seconds: 0 }, {
      name: "periodic",
      args: { unit: "iteration", step: 3, end: 6 },
    }),
    hook({ mode: "sleep", seconds: 0 }, { name: "event", args: { unit: "time", at: [1] } }),
  ], seam);
  // Known before the load starts: a scenario that returns at once may complete iterations first.
  assert.equal(seam.awaited, 3);
  actor.send({ type: "ITERATION", value: 3 });
  assert.equal(seam.awaited, 5);
  actor.send({ type: "LOAD_STARTED", at: clock.now() });
  // A value no trigger waits for changes nothing.
  actor.send({ type: "ITERATION", value: 4 });
  assert.equal(seam.awaited, 5);
  actor.send({ type: "ITERATION", value: 5 });
  assert.equal(seam.awaited, 6);
  actor.send({ type: "ITERATION", value: 6 });
  assert.equal(seam.awaited, 9);
  actor.send({ type: "ITERATION", value: 9 });
  assert.equal(seam.awaited, undefined);
  await clock.advance(500);
  actor.send({ type: "LOAD_ENDED" });
  await clock.runUntil(() => actor.getSnapshot().status === "done");
  const out = actor.getSnapshot().output!;
  assert.deepEqual(out.map((h) => h.results.map((r) => r.triggered_by.value)), [
    [5, 9],
    [3, 6],
    [],
  ]);
  assert.deepEqual(out.map((h) => h.not_reached), [undefined, undefined, {
    values: [1],
    count: 1,
  }]);
});

Deno.test("an executor whose load never started reports every bounded point as not reached", async () => {
  const clock = new SimulatedClock();
  const actor = startExecutor(clock, [
    hook({ mode: "sleep" }, { name: "event", args: { unit: "iteration", at: [2, 1] } }),
    hook({ mode: "sleep" }, { name: "periodic", args: { unit: "time", step: 2 } }),
    hook({ mode: "sleep" }, { name: "periodic", args: { unit: "time", step: 2, end: 4 } }),
  ]);
  actor.send({ type: "LOAD_ENDED" });
  await clock.runUntil(() => actor.getSnapshot().status === "done");
  const out = actor.getSnapshot().output!;
  assert.deepEqual(out.map((h) => h.results), [[], [], []]);
  assert.deepEqual(out.map((h) => h.summary), [{}, {}, {}]);
  assert.deepEqual(out.map((h) => h.not_reached), [
    { values: [1, 2], count: 2 },
    undefined,
    { values: [0, 2, 4], count: 3 },
  ]);
  assert.equal(clock.pending, 0);
});

Deno.test("the executor's output lists runs by firing order, not finishing order", async () => {
  const clock = new SimulatedClock({ start: T0 });
  const actor = startExecutor(clock, [
    hook({ mode: "sleep", seconds: 10 }, { name: "event", args: { unit: "time", at: [0] } }),
    hook({ mode: "sleep", seconds: 1 }, { name: "event", args: { unit: "time", at: [1, 2] } }),
  ]);
  log.length = 0;
  actor.send({ type: "LOAD_STARTED", at: clock.now() });
  await clock.advance(3_000);
  actor.send({ type: "LOAD_ENDED" });
  await clock.runUntil(() => actor.getSnapshot().status === "done");
  const out = actor.getSnapshot().output!;
  assert.deepEqual(out.map(times), [[[0, 10]], [[1, 2], [2, 3]]]);
  assert.equal(rel(clock.now() / 1000), 10);
});

Deno.test("triggers and runs live in their pools: the executor's children stay the two pools, however many hooks and runs", async () => {
  const clock = new SimulatedClock();
  const actor = startExecutor(clock, [
    hook({ mode: "sleep", seconds: 0 }, {
      name: "periodic",
      args: { unit: "iteration", step: 1 },
    }),
    hook({ mode: "sleep", seconds: 5 }, {
      name: "event",
      args: { unit: "iteration", at: [3] },
    }),
  ]);
  actor.send({ type: "LOAD_STARTED", at: clock.now() });
  for (let i = 1; i <= 50; i++) {
    actor.send({ type: "ITERATION", value: i });
    await clock.advance(0);
  }
  // The 5-second run from iteration 3 is in the run pool.
  assert.deepEqual(Object.keys(actor.getSnapshot().children).sort(), ["runs", "triggers"]);
  await clock.advance(5_000);
  assert.deepEqual(Object.keys(actor.getSnapshot().children).sort(), ["runs", "triggers"]);
  actor.send({ type: "LOAD_ENDED" });
  await clock.advance(0);
  const out = actor.getSnapshot().output!;
  assert.equal(out[0].results.length, 50);
  assert.deepEqual(out[1].results.map((r) => r.status), ["success"]);
});

class Print extends Hook<{ chars: number }> {
  static override schema = {
    type: "object",
    properties: { chars: { type: "integer" } },
    required: ["chars"],
  };
  static override description = "Prints `chars` characters.";
  run(): Promise<void> {
    this.addOutput({
      complete: { title: "out", chart_plugin: "TextArea", data: ["x".repeat(this.config.chars)] },
    });
    return Promise.resolve();
  }
}
registerHook("hook_executor_test_print", Print);

Deno.test("hook output past the task run's budget is not kept: those runs keep status and times, and a note", async () => {
  const clock = new SimulatedClock();
  const actor = startExecutor(
    clock,
    [{
      name: "hook_executor_test_print",
      args: { chars: 1_000 },
      trigger: { name: "event", args: { unit: "iteration", at: [1, 2, 3, 4, 5] } },
    }],
    new LoadSeam(),
    new HookOutputBudget(2_500),
  );
  actor.send({ type: "LOAD_STARTED", at: clock.now() });
  for (let i = 1; i <= 5; i++) {
    actor.send({ type: "ITERATION", value: i });
    await clock.advance(0);
  }
  actor.send({ type: "LOAD_ENDED" });
  await clock.advance(0);
  const [h] = actor.getSnapshot().output!;
  assert.deepEqual(h.results.map((r) => r.status), Array(5).fill("success"));
  const texts = h.results.map((r) => String(r.output!.complete[0].data));
  assert.deepEqual(texts.slice(0, 2), ["x".repeat(1_000), "x".repeat(1_000)]);
  for (const text of texts.slice(2)) {
    assert.match(text, /was not kept: the task run's hook output went past the 2500 characters/);
  }
});

class Spin extends Hook<Record<string, never>> {
  static override schema = { type: "object" };
  static override description = "Keeps the thread busy for 0.3 s, then returns.";
  run(): Promise<void> {
    const end = performance.now() + 300;
    while (performance.now() < end) { /* the mistake this notes */ }
    return Promise.resolve();
  }
}
registerHook("hook_executor_test_spin", Spin);

Deno.test("a hook run() that keeps the load's thread over 0.25 s before it waits gets a note saying so", async () => {
  const clock = new SimulatedClock();
  const actor = startExecutor(clock, [{
    name: "hook_executor_test_spin",
    args: {},
    trigger: { name: "event", args: { unit: "iteration", at: [1] } },
  }]);
  actor.send({ type: "LOAD_STARTED", at: clock.now() });
  actor.send({ type: "ITERATION", value: 1 });
  await clock.advance(0);
  actor.send({ type: "LOAD_ENDED" });
  await clock.advance(0);
  const [run] = actor.getSnapshot().output![0].results;
  assert.equal(run.status, "success");
  assert.equal(run.output!.complete[0].title, "Blocked the load");
  assert.match(String(run.output!.complete[0].data), /kept the load's thread for \d+\.\d\d s/);
});
