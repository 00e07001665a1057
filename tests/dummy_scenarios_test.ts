/**
 * Rally's Dummy scenarios, each iteration run by the engine's own
 * IterationExecutor (the scenario context, atomic actions, outputs, the
 * iteration timeout and abort) on a simulated clock.
 */
import assert from "node:assert/strict";
import { Ajv } from "ajv";
import { defaultPlugins } from "../mod.ts";
import type { TimerId } from "../src/clock/clock.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { IterationExecutor } from "../src/engine/iteration_executor.ts";
import { iterationRandom } from "../src/engine/seeded_random.ts";
import type { AtomicAction, IterationRecord } from "../src/model/iteration_record.ts";
import { chartProblem } from "../src/model/output.ts";
import { firstLine } from "../src/model/plugin_registry.ts";
import type { ScenarioFn, ScenarioPlugin } from "../src/plugins/scenario.ts";

const RALLY_DEFAULTS: Record<string, Record<string, unknown>> = {
  "Dummy.dummy": { sleep: 0 },
  "Dummy.dummy_exception": { size_of_message: 1, sleep: 1, message: "" },
  "Dummy.dummy_exception_probability": { exception_probability: 0.5 },
  "Dummy.dummy_output": { random_range: 25 },
  "Dummy.dummy_random_fail_in_atomic": { exception_probability: 0.5 },
  "Dummy.dummy_random_action": { actions_num: 5, sleep_min: 0, sleep_max: 0 },
  "Dummy.dummy_timed_atomic_actions": { number_of_actions: 5, sleep_factor: 1 },
  "Dummy.failure": { sleep: 0.1, from_iteration: 0, to_iteration: 0, each: 1 },
};
const NAMES = Object.keys(RALLY_DEFAULTS);

const PLUGINS = defaultPlugins();
const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: true });

/** The registered scenario function of `name`. */
function scenarioOf(name: string): ScenarioFn<unknown, unknown> {
  return PLUGINS.get<ScenarioPlugin>("scenario", name).impl.run;
}

/** The registered args after schema validation with defaults filled in; throws on invalid args. */
function validArgs(name: string, args: Record<string, unknown> = {}): Record<string, unknown> {
  const validate = ajv.compile(PLUGINS.get("scenario", name).schema);
  const copy = structuredClone(args);
  if (!validate(copy)) {
    throw new Error(`${name} rejected ${JSON.stringify(args)}: ${ajv.errorsText(validate.errors)}`);
  }
  return copy;
}

/** Whether the schema of `name` accepts `args`. */
function isValid(name: string, args: Record<string, unknown>): boolean {
  return ajv.validate(PLUGINS.get("scenario", name).schema, structuredClone(args)) as boolean;
}

/** A simulated clock that remembers the delay of every timer set on it. */
class RecordingClock extends SimulatedClock {
  /** Milliseconds of each timer set, in order. */
  readonly delays: number[] = [];
  override setTimeout(fn: () => void, ms: number): TimerId {
    this.delays.push(ms);
    return super.setTimeout(fn, ms);
  }
}

/** A Dummy scenario run by the engine's executor, and what it did beyond its records. */
interface Engine {
  executor: IterationExecutor;
  clock: RecordingClock;
  /** Every number the iterations' random sources gave, in order. */
  draws: number[];
  /** Atomic actions the scenario started, counted even after its record was cut short. */
  actionsStarted: number;
  /** What the scenario itself threw or rejected with, by iteration, even after its record was cut. */
  thrown: Map<number, unknown>;
}

/**
 * An executor of scenario `name` with validated `args`, as a workload builds
 * it: a recording clock, iteration n drawing from `iterationRandom(seed)(n)`,
 * and `timeoutMs` as the iteration timeout.
 */
function engine(
  name: string,
  args: Record<string, unknown>,
  options: { seed?: number; timeoutMs?: number } = {},
): Engine {
  const run = scenarioOf(name);
  const randomOf = iterationRandom(options.seed ?? 1);
  const e: Engine = {
    executor: undefined!,
    clock: new RecordingClock(),
    draws: [],
    actionsStarted: 0,
    thrown: new Map(),
  };
  e.executor = new IterationExecutor({
    // The scenario itself, watched: the actions it starts and how it ends.
    scenario: (args, ctx) => {
      const atomic = ctx.atomic;
      ctx.atomic = <T>(name: string, fn: () => T | Promise<T>) => {
        e.actionsStarted++;
        return atomic.call(ctx, name, fn) as Promise<T>;
      };
      try {
        const result = run(args, ctx);
        if (result instanceof Promise) result.catch((error) => e.thrown.set(ctx.iteration, error));
        return result;
      } catch (error) {
        e.thrown.set(ctx.iteration, error);
        throw error;
      }
    },
    args: validArgs(name, args),
    clock: e.clock,
    random: (n) => {
      const random = randomOf(n);
      return () => {
        const x = random();
        e.draws.push(x);
        return x;
      };
    },
    timeoutMs: options.timeoutMs,
  });
  return e;
}

/** Runs iteration `n` to its record, firing the clock's timers until it is recorded. */
async function iterate(e: Engine, n: number): Promise<IterationRecord> {
  const running = e.executor.run(n);
  if (!(running instanceof Promise)) return running;
  let record: IterationRecord | undefined;
  running.then((r) => record = r);
  await e.clock.runUntil(() => record !== undefined);
  assert.ok(record, "the iteration neither ended nor left a timer pending");
  return record;
}

/** Runs iteration 1 of `name` with `args`: its record, the seconds of each timer set, the draws. */
async function run(
  name: string,
  args: Record<string, unknown> = {},
  options: { seed?: number } = {},
): Promise<{ record: IterationRecord; sleeps: number[]; draws: number[]; clock: RecordingClock }> {
  const e = engine(name, args, options);
  const record = await iterate(e, 1);
  return { record, sleeps: e.clock.delays.map((ms) => ms / 1000), draws: e.draws, clock: e.clock };
}

/** Runs iterations 1..n of `name` one after another on one executor, as a serial workload does. */
async function runIterations(
  name: string,
  args: Record<string, unknown>,
  n: number,
  seed = 1,
): Promise<IterationRecord[]> {
  const e = engine(name, args, { seed });
  const records = [];
  for (let i = 1; i <= n; i++) records.push(await iterate(e, i));
  return records;
}

/** The numbers (from 1) of the failed iterations. */
function failedIterations(records: IterationRecord[]): number[] {
  return records.flatMap((r, i) => r.error.length ? [i + 1] : []);
}

/** An action's duration in seconds, to the microsecond. */
function duration(a: AtomicAction): number {
  return Math.round((a.finished_at - a.started_at) * 1e6) / 1e6;
}

/** Actions as names, failed flags and children only. */
function shape(actions: AtomicAction[]): unknown[] {
  return actions.map((a) => ({
    name: a.name,
    ...(a.failed ? { failed: true } : {}),
    children: shape(a.children),
  }));
}

// Registration and schemas

Deno.test("all eight Rally Dummy scenarios are registered with a one-line summary", () => {
  for (const name of NAMES) {
    const entry = PLUGINS.get("scenario", name);
    assert.equal(entry.kind, "scenario");
    assert.equal(typeof (entry.impl as ScenarioPlugin).run, "function", name);
    const summary = firstLine(entry.description);
    assert.match(summary, /^[A-Z].*\.$/, `${name} summary: ${summary}`);
    assert.ok(summary.length <= 100, `${name} summary is too long: ${summary}`);
  }
});

Deno.test("every Dummy schema forbids unknown args and compiles in ajv strict mode", () => {
  for (const name of NAMES) {
    const schema = PLUGINS.get("scenario", name).schema;
    assert.equal(schema.additionalProperties, false, name);
    assert.equal(isValid(name, { no_such_arg: 1 }), false, name);
  }
});

Deno.test("an empty args object gets Rally's defaults for every Dummy scenario", () => {
  for (const name of NAMES) assert.deepEqual(validArgs(name), RALLY_DEFAULTS[name], name);
});

Deno.test("the Dummy schemas reject out-of-range and mistyped args", () => {
  const bad: [string, Record<string, unknown>][] = [
    ["Dummy.dummy", { sleep: -1 }],
    ["Dummy.dummy", { sleep: "1" }],
    ["Dummy.dummy_exception", { size_of_message: 0 }],
    ["Dummy.dummy_exception", { size_of_message: 2.5 }],
    ["Dummy.dummy_exception", { sleep: -0.1 }],
    ["Dummy.dummy_exception", { message: 3 }],
    ["Dummy.dummy_exception_probability", { exception_probability: 1.01 }],
    ["Dummy.dummy_exception_probability", { exception_probability: -0.5 }],
    ["Dummy.dummy_output", { random_range: 0 }],
    ["Dummy.dummy_random_fail_in_atomic", { exception_probability: 2 }],
    ["Dummy.dummy_random_action", { actions_num: -1 }],
    ["Dummy.dummy_random_action", { sleep_max: -1 }],
    ["Dummy.dummy_timed_atomic_actions", { number_of_actions: 1.5 }],
    ["Dummy.dummy_timed_atomic_actions", { sleep_factor: -2 }],
    ["Dummy.failure", { each: -1 }],
    ["Dummy.failure", { from_iteration: 0.5 }],
    ["Dummy.failure", { sleep: -1 }],
  ];
  for (const [name, args] of bad) {
    assert.equal(isValid(name, args), false, `${name} accepted ${JSON.stringify(args)}`);
  }
  assert.ok(isValid("Dummy.dummy_exception_probability", { exception_probability: 1 }));
  assert.ok(isValid("Dummy.dummy_exception_probability", { exception_probability: 0 }));
});

// Dummy.dummy

Deno.test("Dummy.dummy with sleep 0 touches no timer and records foo > bar", async () => {
  const e = engine("Dummy.dummy", { sleep: 0 });
  const running = e.executor.run(1);
  assert.equal(e.clock.pending, 0, "a timer was set for sleep 0");
  const record = await running;
  assert.deepEqual(e.clock.delays, []);
  assert.deepEqual(record.error, []);
  assert.deepEqual(shape(record.atomic_actions), [
    { name: "foo", children: [{ name: "bar", children: [] }] },
  ]);
  assert.equal(duration(record.atomic_actions[0]), 0);
});

Deno.test("Dummy.dummy sleeps the given seconds on the clock inside bar", async () => {
  const { record, sleeps } = await run("Dummy.dummy", { sleep: 2.5 });
  assert.deepEqual(record.error, []);
  assert.equal(record.duration, 2.5);
  assert.deepEqual(sleeps, [2.5]);
  const [foo] = record.atomic_actions;
  assert.equal(duration(foo), 2.5);
  assert.equal(duration(foo.children[0]), 2.5);
});

Deno.test("Dummy.dummy's sleep rejects with the abort reason when the signal aborts", async () => {
  const e = engine("Dummy.dummy", { sleep: 10 });
  const running = e.executor.run(1);
  await e.clock.advance(3_000);
  const reason = new Error("iteration timed out");
  e.executor.abort(reason);
  const record = await running;
  assert.deepEqual(record.error.slice(0, 2), ["Error", "iteration timed out"]);
  assert.equal(record.duration, 3);
  assert.deepEqual(shape(record.atomic_actions), [
    { name: "foo", failed: true, children: [{ name: "bar", failed: true, children: [] }] },
  ]);
  // The abort reached the scenario's sleep: it rejected with the reason and cancelled its timer.
  await e.clock.runUntil(() => false);
  assert.equal(e.thrown.get(1), reason);
  assert.equal(e.clock.pending, 0);
  assert.equal(e.clock.now() - new SimulatedClock().now(), 3_000);
});

Deno.test("Dummy.dummy's sleep ends at the iteration's timeout: foo and bar fail there and no timer is left", async () => {
  const e = engine("Dummy.dummy", { sleep: 10 }, { timeoutMs: 3_000 });
  const record = await iterate(e, 1);
  assert.deepEqual(record.error.slice(0, 2), ["TimeoutError", "Iteration timed out after 3 s"]);
  assert.equal(record.duration, 3);
  assert.deepEqual(shape(record.atomic_actions), [
    { name: "foo", failed: true, children: [{ name: "bar", failed: true, children: [] }] },
  ]);
  assert.equal(duration(record.atomic_actions[0].children[0]), 3);
  // The abort reached the scenario's sleep, which cancelled its timer.
  await e.clock.runUntil(() => false);
  assert.equal((e.thrown.get(1) as Error).name, "TimeoutError");
  assert.equal(e.clock.pending, 0);
  assert.equal(e.clock.now() - new SimulatedClock().now(), 3_000);
});

// Dummy.dummy_exception

Deno.test("Dummy.dummy_exception sleeps 1 s by default, then throws DummyScenarioException 'M'", async () => {
  const { record } = await run("Dummy.dummy_exception");
  assert.equal(record.duration, 1);
  assert.deepEqual(record.error.slice(0, 2), [
    "DummyScenarioException",
    "Dummy scenario expected exception: 'M'",
  ]);
});

Deno.test("Dummy.dummy_exception repeats M size_of_message times unless a message is given", async () => {
  const sized = await run("Dummy.dummy_exception", { size_of_message: 5, sleep: 0 });
  assert.equal(sized.record.error[1], "Dummy scenario expected exception: 'MMMMM'");
  assert.equal(sized.record.duration, 0);
  assert.deepEqual(sized.sleeps, []);
  const given = await run("Dummy.dummy_exception", { size_of_message: 5, message: "boom" });
  assert.equal(given.record.error[1], "Dummy scenario expected exception: 'boom'");
});

// Dummy.dummy_exception_probability

Deno.test("Dummy.dummy_exception_probability 0 never fails and 1 always fails", async () => {
  const never = await runIterations(
    "Dummy.dummy_exception_probability",
    { exception_probability: 0 },
    500,
  );
  assert.deepEqual(failedIterations(never), []);
  const always = await runIterations(
    "Dummy.dummy_exception_probability",
    { exception_probability: 1 },
    500,
  );
  assert.equal(failedIterations(always).length, 500);
  assert.deepEqual(always[0].error.slice(0, 2), [
    "DummyScenarioException",
    "Dummy scenario expected exception: 'Dummy Scenario Exception: Probability: 1'",
  ]);
});

Deno.test("Dummy.dummy_exception_probability fails about the given share, the same ones per seed", async () => {
  const args = { exception_probability: 0.3 };
  const a = failedIterations(
    await runIterations("Dummy.dummy_exception_probability", args, 2000, 7),
  );
  const b = failedIterations(
    await runIterations("Dummy.dummy_exception_probability", args, 2000, 7),
  );
  const c = failedIterations(
    await runIterations("Dummy.dummy_exception_probability", args, 2000, 8),
  );
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(Math.abs(a.length / 2000 - 0.3) < 0.04, `failure share ${a.length / 2000}`);
});

// Dummy.dummy_output

Deno.test("Dummy.dummy_output adds valid additive and complete charts of every plugin", async () => {
  const { record } = await run("Dummy.dummy_output");
  const { output } = record;
  assert.deepEqual(record.error, []);
  for (const chart of output.additive) assert.equal(chartProblem(chart, "additive"), undefined);
  for (const chart of output.complete) assert.equal(chartProblem(chart, "complete"), undefined);
  // Rally's charts of one iteration: the same titles, kinds, texts, keys (in order) and data
  // shapes; only the random numbers differ.
  const rally = JSON.parse(
    Deno.readTextFileSync(new URL("./fixtures/rally/q5_dummy_output_rally.json", import.meta.url)),
  ).output;
  const shape = (value: unknown): unknown =>
    typeof value === "number"
      ? "n"
      : Array.isArray(value)
      ? value.map(shape)
      : value !== null && typeof value === "object"
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]))
      : value;
  const keys = (charts: object[]) => charts.map((c) => Object.keys(c));
  assert.deepEqual(shape(output), shape(rally));
  assert.deepEqual(keys(output.additive), keys(rally.additive));
  assert.deepEqual(keys(output.complete), keys(rally.complete));
  const stacked = output.complete[1].data as [string, [number, number][]][];
  assert.deepEqual(stacked.map(([name, points]) => [name, points.length]), [
    ["alpha", 50],
    ["beta", 50],
    ["gamma", 50],
  ]);
  const table = output.complete[4].data as { cols: string[]; rows: unknown[][] };
  assert.equal(table.cols.length, 5);
  assert.ok(table.rows.every((r) => r.length === 5));
});

Deno.test("Dummy.dummy_output draws integers from 1 to random_range through ctx.random", async () => {
  const values = ({ output }: IterationRecord) => {
    const additive = output.additive.flatMap((c) =>
      (c.data as [string, number][]).map((p) => p[1])
    );
    const lines = (output.complete[0].data as [string, [number, number][]][])
      .flatMap(([, points]) => points.map((p) => p[1]));
    return [...additive, ...lines];
  };
  const wide = await run("Dummy.dummy_output", { random_range: 3 }, { seed: 5 });
  const drawn = values(wide.record);
  assert.ok(drawn.every((v) => Number.isInteger(v) && v >= 1 && v <= 3), String(drawn));
  assert.deepEqual(new Set(drawn), new Set([1, 2, 3]));
  assert.ok(wide.draws.length > drawn.length);
  const again = await run("Dummy.dummy_output", { random_range: 3 }, { seed: 5 });
  assert.deepEqual(again.record.output, wide.record.output);
  const ones = await run("Dummy.dummy_output", { random_range: 1 });
  assert.ok(values(ones.record).every((v) => v === 1));
});

// Dummy.dummy_random_fail_in_atomic

Deno.test("Dummy.dummy_random_fail_in_atomic with probability 0 runs both rounds of nested actions", async () => {
  const { record, draws } = await run("Dummy.dummy_random_fail_in_atomic", {
    exception_probability: 0,
  });
  assert.deepEqual(record.error, []);
  const round = {
    name: "dummy_fail_test",
    children: [{ name: "dummy_fail_inner_test", children: [] }],
  };
  assert.deepEqual(shape(record.atomic_actions), [round, round]);
  assert.equal(draws.length, 4);
});

Deno.test("Dummy.dummy_random_fail_in_atomic with probability 1 fails the first action with KeyError", async () => {
  const { record } = await run("Dummy.dummy_random_fail_in_atomic", {
    exception_probability: 1,
  });
  assert.deepEqual(record.error.slice(0, 2), ["KeyError", "'Dummy test exception'"]);
  assert.deepEqual(shape(record.atomic_actions), [
    { name: "dummy_fail_test", failed: true, children: [] },
  ]);
});

Deno.test("Dummy.dummy_random_fail_in_atomic marks the failed inner action and its parent", async () => {
  // Find a seed whose first failure is in the first inner action.
  for (let seed = 1; seed < 200; seed++) {
    const { record, draws } = await run(
      "Dummy.dummy_random_fail_in_atomic",
      { exception_probability: 0.9 },
      { seed },
    );
    if (!record.error.length || draws.length !== 2) continue;
    assert.deepEqual(shape(record.atomic_actions), [{
      name: "dummy_fail_test",
      failed: true,
      children: [{ name: "dummy_fail_inner_test", failed: true, children: [] }],
    }]);
    return;
  }
  assert.fail("no seed below 200 failed in the first inner action");
});

Deno.test("Dummy.dummy_random_fail_in_atomic fails each of its four actions with a quarter of the chance", async () => {
  const records = await runIterations(
    "Dummy.dummy_random_fail_in_atomic",
    { exception_probability: 0.5 },
    4000,
    11,
  );
  // Each of up to four draws fails with 0.5 / 4, so an iteration fails with 1 - (7/8)^4.
  const share = failedIterations(records).length / 4000;
  assert.ok(Math.abs(share - (1 - (7 / 8) ** 4)) < 0.03, `failure share ${share}`);
  const again = await runIterations(
    "Dummy.dummy_random_fail_in_atomic",
    { exception_probability: 0.5 },
    4000,
    11,
  );
  assert.deepEqual(failedIterations(again), failedIterations(records));
});

// Dummy.dummy_random_action

Deno.test("Dummy.dummy_random_action sleeps a uniform time in [sleep_min, sleep_max] per action", async () => {
  const { record, sleeps } = await run(
    "Dummy.dummy_random_action",
    { actions_num: 20, sleep_min: 1, sleep_max: 3 },
    { seed: 3 },
  );
  assert.deepEqual(
    record.atomic_actions.map((a) => a.name),
    Array.from({ length: 20 }, (_, i) => `action_${i}`),
  );
  const durations = record.atomic_actions.map(duration);
  assert.ok(durations.every((d) => d >= 1 && d <= 3), String(durations));
  assert.ok(new Set(durations).size > 10, "durations should vary");
  assert.ok(Math.abs(record.duration - durations.reduce((s, d) => s + d, 0)) < 1e-6);
  const again = await run(
    "Dummy.dummy_random_action",
    { actions_num: 20, sleep_min: 1, sleep_max: 3 },
    { seed: 3 },
  );
  assert.deepEqual(again.sleeps, sleeps);
});

Deno.test("Dummy.dummy_random_action by default runs five actions without sleeping", async () => {
  const { record, sleeps, clock } = await run("Dummy.dummy_random_action");
  assert.equal(record.atomic_actions.length, 5);
  assert.deepEqual(sleeps, []);
  assert.equal(record.duration, 0);
  assert.equal(clock.pending, 0);
});

Deno.test("Dummy.dummy_random_action with sleep_min equal to sleep_max sleeps exactly that", async () => {
  const { record } = await run("Dummy.dummy_random_action", {
    actions_num: 3,
    sleep_min: 0.5,
    sleep_max: 0.5,
  });
  assert.deepEqual(record.atomic_actions.map(duration), [0.5, 0.5, 0.5]);
  assert.equal(record.duration, 1.5);
});

// Dummy.dummy_timed_atomic_actions

Deno.test("Dummy.dummy_timed_atomic_actions action_i lasts i × sleep_factor seconds", async () => {
  const { record, sleeps } = await run("Dummy.dummy_timed_atomic_actions", {
    number_of_actions: 4,
    sleep_factor: 0.5,
  });
  assert.deepEqual(
    record.atomic_actions.map((a) => [a.name, duration(a)]),
    [["action_0", 0], ["action_1", 0.5], ["action_2", 1], ["action_3", 1.5]],
  );
  assert.deepEqual(sleeps, [0.5, 1, 1.5], "action_0 must not sleep at all");
  assert.equal(record.duration, 3);
});

Deno.test("Dummy.dummy_timed_atomic_actions by default takes 0+1+2+3+4 = 10 seconds", async () => {
  const { record } = await run("Dummy.dummy_timed_atomic_actions");
  assert.equal(record.atomic_actions.length, 5);
  assert.equal(record.duration, 10);
});

// Dummy.failure

Deno.test("Dummy.failure fails the multiples of each between from_iteration and to_iteration", async () => {
  const records = await runIterations(
    "Dummy.failure",
    { sleep: 0, from_iteration: 5, to_iteration: 15, each: 3 },
    20,
  );
  assert.deepEqual(failedIterations(records), [6, 9, 12, 15]);
  assert.deepEqual(records[5].error.slice(0, 2), [
    "DummyScenarioException",
    "Dummy scenario expected exception: 'Expected failure'",
  ]);
});

Deno.test("Dummy.failure with each 1 fails the whole range, bounds included", async () => {
  const records = await runIterations(
    "Dummy.failure",
    { sleep: 0, from_iteration: 3, to_iteration: 5 },
    8,
  );
  assert.deepEqual(failedIterations(records), [3, 4, 5]);
});

Deno.test("Dummy.failure fails nothing with the defaults or with each 0", async () => {
  assert.deepEqual(failedIterations(await runIterations("Dummy.failure", {}, 10)), []);
  const none = await runIterations(
    "Dummy.failure",
    { sleep: 0, from_iteration: 1, to_iteration: 10, each: 0 },
    10,
  );
  assert.deepEqual(failedIterations(none), []);
});

Deno.test("Dummy.failure sleeps 0.1 s by default before deciding", async () => {
  const { record } = await run("Dummy.failure", { from_iteration: 1, to_iteration: 1 });
  assert.equal(record.duration, 0.1);
  assert.equal(record.error[0], "DummyScenarioException");
});

// Actions that do not sleep

Deno.test("actions that do not sleep yield to the event loop every 1,000, and a cancelled iteration stops at the next yield", async () => {
  for (
    const [name, args] of [
      ["Dummy.dummy_random_action", { actions_num: 100_000 }],
      ["Dummy.dummy_timed_atomic_actions", { number_of_actions: 100_000, sleep_factor: 0 }],
    ] as const
  ) {
    const e = engine(name, args);
    const running = e.executor.run(1);
    // A real turn of the event loop: the first thousand actions have run,
    // and the scenario waits for its yield (a zero-delay timer on the clock).
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(e.actionsStarted, 1_000, name);
    assert.deepEqual(e.clock.delays, [0], name);
    assert.equal(e.clock.pending, 1, name);
    const cancelled = new Error("cancelled");
    e.executor.abort(cancelled);
    const record = await running;
    assert.deepEqual(record.error.slice(0, 2), ["Error", "cancelled"], name);
    assert.equal(record.atomic_actions.length, 1_000, name);
    assert.ok(record.atomic_actions.every((a) => !a.failed), name);
    await e.clock.runUntil(() => false);
    assert.equal(e.thrown.get(1), cancelled, name);
    assert.equal(e.clock.pending, 0, name);
    assert.equal(e.actionsStarted, 1_000, `${name} stopped at the yield`);
  }
});

Deno.test("more atomic actions than a record can sensibly hold, or a gigabyte message, are refused", () => {
  assert.equal(isValid("Dummy.dummy_random_action", { actions_num: 100_000 }), true);
  assert.equal(isValid("Dummy.dummy_random_action", { actions_num: 100_001 }), false);
  assert.equal(isValid("Dummy.dummy_timed_atomic_actions", { number_of_actions: 1e7 }), false);
  assert.equal(isValid("Dummy.dummy_exception", { size_of_message: 1e9 }), false);
  assert.equal(isValid("Dummy.dummy", { sleep: 1e9 }), true);
  assert.equal(isValid("Dummy.dummy", { sleep: 1e10 }), false);
});
