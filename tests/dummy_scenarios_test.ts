import assert from "node:assert/strict";
import { Ajv } from "ajv";
import "../src/scenarios/dummy.ts";
import type { AtomicAction } from "../src/model/iteration_record.ts";
import { chartProblem } from "../src/model/output.ts";
import { firstLine } from "../src/model/plugin_registry.ts";
import type { ScenarioPlugin } from "../src/plugins/scenario.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import {
  fakeScenarioContext,
  type FakeScenarioContextOptions,
  runScenario,
  type ScenarioOutcome,
} from "./helpers/fake_scenario_context.ts";
import { defaultPlugins } from "../mod.ts";

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

const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: true });

/** The registered args after schema validation with defaults filled in; throws on invalid args. */
function validArgs(name: string, args: Record<string, unknown> = {}): Record<string, unknown> {
  const validate = ajv.compile(defaultPlugins().get("scenario", name).schema);
  const copy = structuredClone(args);
  if (!validate(copy)) {
    throw new Error(`${name} rejected ${JSON.stringify(args)}: ${ajv.errorsText(validate.errors)}`);
  }
  return copy;
}

function isValid(name: string, args: Record<string, unknown>): boolean {
  return ajv.validate(
    defaultPlugins().get("scenario", name).schema,
    structuredClone(args),
  ) as boolean;
}

/** Runs scenario `name` once with validated `args` on a fresh fake context. */
async function run(
  name: string,
  args: Record<string, unknown> = {},
  options: FakeScenarioContextOptions = {},
) {
  const ctx = fakeScenarioContext(options);
  const scenario = defaultPlugins().get<ScenarioPlugin>("scenario", name).impl.run;
  const outcome = await runScenario(scenario, validArgs(name, args), ctx);
  return { ctx, ...outcome };
}

/** Runs iterations 1..n of `name` on one clock and one seed; returns each outcome. */
async function runIterations(
  name: string,
  args: Record<string, unknown>,
  n: number,
  seed = 1,
): Promise<ScenarioOutcome[]> {
  const clock = new SimulatedClock();
  const scenario = defaultPlugins().get<ScenarioPlugin>("scenario", name).impl.run;
  const valid = validArgs(name, args);
  // One random stream for the whole run, as the engine gives one per task.
  const shared = fakeScenarioContext({ seed });
  const outcomes = [];
  for (let iteration = 1; iteration <= n; iteration++) {
    const ctx = { ...fakeScenarioContext({ iteration, clock }), random: () => shared.random() };
    outcomes.push(await runScenario(scenario, valid, ctx));
  }
  return outcomes;
}

function failedIterations(outcomes: ScenarioOutcome[]): number[] {
  return outcomes.flatMap((o, i) => o.error ? [i + 1] : []);
}

function duration(a: AtomicAction): number {
  return Math.round((a.finished_at - a.started_at) * 1e6) / 1e6;
}

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
    const entry = defaultPlugins().get("scenario", name);
    assert.equal(entry.kind, "scenario");
    assert.equal(typeof (entry.impl as ScenarioPlugin).run, "function", name);
    const summary = firstLine(entry.description);
    assert.match(summary, /^[A-Z].*\.$/, `${name} summary: ${summary}`);
    assert.ok(summary.length <= 100, `${name} summary is too long: ${summary}`);
  }
});

Deno.test("every Dummy schema forbids unknown args and compiles in ajv strict mode", () => {
  for (const name of NAMES) {
    const schema = defaultPlugins().get("scenario", name).schema;
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
  const ctx = fakeScenarioContext();
  const scenario = defaultPlugins().get<ScenarioPlugin>("scenario", "Dummy.dummy").impl.run;
  const result = scenario({ sleep: 0 }, ctx);
  assert.equal(ctx.clock.pending, 0, "a timer was set for sleep 0");
  await result;
  assert.deepEqual(ctx.sleeps, []);
  assert.deepEqual(shape(ctx.atomicActions), [
    { name: "foo", children: [{ name: "bar", children: [] }] },
  ]);
  assert.equal(duration(ctx.atomicActions[0]), 0);
});

Deno.test("Dummy.dummy sleeps the given seconds on the clock inside bar", async () => {
  const { ctx, error, elapsed } = await run("Dummy.dummy", { sleep: 2.5 });
  assert.equal(error, undefined);
  assert.equal(elapsed, 2.5);
  assert.deepEqual(ctx.sleeps, [2.5]);
  const [foo] = ctx.atomicActions;
  assert.equal(duration(foo), 2.5);
  assert.equal(duration(foo.children[0]), 2.5);
});

Deno.test("Dummy.dummy's sleep rejects with the abort reason when the signal aborts", async () => {
  const abort = new AbortController();
  const ctx = fakeScenarioContext({ signal: abort.signal });
  const scenario = defaultPlugins().get<ScenarioPlugin>("scenario", "Dummy.dummy").impl.run;
  const done = scenario({ sleep: 10 }, ctx);
  await ctx.clock.advance(3_000);
  abort.abort(new Error("iteration timed out"));
  await assert.rejects(Promise.resolve(done), /iteration timed out/);
  assert.equal(ctx.atomicActions[0].failed, true);
  assert.equal(ctx.atomicActions[0].children[0].failed, true);
});

// Dummy.dummy_exception

Deno.test("Dummy.dummy_exception sleeps 1 s by default, then throws DummyScenarioException 'M'", async () => {
  const { error, elapsed } = await run("Dummy.dummy_exception");
  assert.equal(elapsed, 1);
  assert.ok(error instanceof Error);
  assert.equal(error.name, "DummyScenarioException");
  assert.equal(error.message, "Dummy scenario expected exception: 'M'");
});

Deno.test("Dummy.dummy_exception repeats M size_of_message times unless a message is given", async () => {
  const sized = await run("Dummy.dummy_exception", { size_of_message: 5, sleep: 0 });
  assert.equal((sized.error as Error).message, "Dummy scenario expected exception: 'MMMMM'");
  assert.equal(sized.elapsed, 0);
  assert.deepEqual(sized.ctx.sleeps, []);
  const given = await run("Dummy.dummy_exception", { size_of_message: 5, message: "boom" });
  assert.equal((given.error as Error).message, "Dummy scenario expected exception: 'boom'");
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
  const error = always[0].error as Error;
  assert.equal(error.name, "DummyScenarioException");
  assert.equal(
    error.message,
    "Dummy scenario expected exception: 'Dummy Scenario Exception: Probability: 1'",
  );
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
  const { ctx, error } = await run("Dummy.dummy_output");
  assert.equal(error, undefined);
  for (const chart of ctx.output.additive) assert.equal(chartProblem(chart, "additive"), undefined);
  for (const chart of ctx.output.complete) assert.equal(chartProblem(chart, "complete"), undefined);
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
  assert.deepEqual(shape(ctx.output), shape(rally));
  assert.deepEqual(keys(ctx.output.additive), keys(rally.additive));
  assert.deepEqual(keys(ctx.output.complete), keys(rally.complete));
  const stacked = ctx.output.complete[1].data as [string, [number, number][]][];
  assert.deepEqual(stacked.map(([name, points]) => [name, points.length]), [
    ["alpha", 50],
    ["beta", 50],
    ["gamma", 50],
  ]);
  const table = ctx.output.complete[4].data as { cols: string[]; rows: unknown[][] };
  assert.equal(table.cols.length, 5);
  assert.ok(table.rows.every((r) => r.length === 5));
});

Deno.test("Dummy.dummy_output draws integers from 1 to random_range through ctx.random", async () => {
  const values = (ctx: ReturnType<typeof fakeScenarioContext>) => {
    const additive = ctx.output.additive.flatMap((c) =>
      (c.data as [string, number][]).map((p) => p[1])
    );
    const lines = (ctx.output.complete[0].data as [string, [number, number][]][])
      .flatMap(([, points]) => points.map((p) => p[1]));
    return [...additive, ...lines];
  };
  const wide = await run("Dummy.dummy_output", { random_range: 3 }, { seed: 5 });
  const drawn = values(wide.ctx);
  assert.ok(drawn.every((v) => Number.isInteger(v) && v >= 1 && v <= 3), String(drawn));
  assert.deepEqual(new Set(drawn), new Set([1, 2, 3]));
  assert.ok(wide.ctx.draws.length > drawn.length);
  const again = await run("Dummy.dummy_output", { random_range: 3 }, { seed: 5 });
  assert.deepEqual(again.ctx.output, wide.ctx.output);
  const ones = await run("Dummy.dummy_output", { random_range: 1 });
  assert.ok(values(ones.ctx).every((v) => v === 1));
});

// Dummy.dummy_random_fail_in_atomic

Deno.test("Dummy.dummy_random_fail_in_atomic with probability 0 runs both rounds of nested actions", async () => {
  const { ctx, error } = await run("Dummy.dummy_random_fail_in_atomic", {
    exception_probability: 0,
  });
  assert.equal(error, undefined);
  const round = {
    name: "dummy_fail_test",
    children: [{ name: "dummy_fail_inner_test", children: [] }],
  };
  assert.deepEqual(shape(ctx.atomicActions), [round, round]);
  assert.equal(ctx.draws.length, 4);
});

Deno.test("Dummy.dummy_random_fail_in_atomic with probability 1 fails the first action with KeyError", async () => {
  const { ctx, error } = await run("Dummy.dummy_random_fail_in_atomic", {
    exception_probability: 1,
  });
  assert.ok(error instanceof Error);
  assert.equal(error.name, "KeyError");
  assert.equal(error.message, "'Dummy test exception'");
  assert.deepEqual(shape(ctx.atomicActions), [
    { name: "dummy_fail_test", failed: true, children: [] },
  ]);
});

Deno.test("Dummy.dummy_random_fail_in_atomic marks the failed inner action and its parent", async () => {
  // Find a seed whose first failure is in the first inner action.
  for (let seed = 1; seed < 200; seed++) {
    const { ctx, error } = await run(
      "Dummy.dummy_random_fail_in_atomic",
      { exception_probability: 0.9 },
      { seed },
    );
    if (!error || ctx.draws.length !== 2) continue;
    assert.deepEqual(shape(ctx.atomicActions), [{
      name: "dummy_fail_test",
      failed: true,
      children: [{ name: "dummy_fail_inner_test", failed: true, children: [] }],
    }]);
    return;
  }
  assert.fail("no seed below 200 failed in the first inner action");
});

Deno.test("Dummy.dummy_random_fail_in_atomic fails each of its four actions with a quarter of the chance", async () => {
  const outcomes = await runIterations(
    "Dummy.dummy_random_fail_in_atomic",
    { exception_probability: 0.5 },
    4000,
    11,
  );
  // Each of up to four draws fails with 0.5 / 4, so an iteration fails with 1 - (7/8)^4.
  const share = failedIterations(outcomes).length / 4000;
  assert.ok(Math.abs(share - (1 - (7 / 8) ** 4)) < 0.03, `failure share ${share}`);
  const again = await runIterations(
    "Dummy.dummy_random_fail_in_atomic",
    { exception_probability: 0.5 },
    4000,
    11,
  );
  assert.deepEqual(failedIterations(again), failedIterations(outcomes));
});

// Dummy.dummy_random_action

Deno.test("Dummy.dummy_random_action sleeps a uniform time in [sleep_min, sleep_max] per action", async () => {
  const { ctx, elapsed } = await run(
    "Dummy.dummy_random_action",
    { actions_num: 20, sleep_min: 1, sleep_max: 3 },
    { seed: 3 },
  );
  assert.deepEqual(
    ctx.atomicActions.map((a) => a.name),
    Array.from({ length: 20 }, (_, i) => `action_${i}`),
  );
  const durations = ctx.atomicActions.map(duration);
  assert.ok(durations.every((d) => d >= 1 && d <= 3), String(durations));
  assert.ok(new Set(durations).size > 10, "durations should vary");
  assert.ok(Math.abs(elapsed - durations.reduce((s, d) => s + d, 0)) < 1e-6);
  const again = await run(
    "Dummy.dummy_random_action",
    { actions_num: 20, sleep_min: 1, sleep_max: 3 },
    { seed: 3 },
  );
  assert.deepEqual(again.ctx.sleeps, ctx.sleeps);
});

Deno.test("Dummy.dummy_random_action by default runs five actions without sleeping", async () => {
  const { ctx, elapsed } = await run("Dummy.dummy_random_action");
  assert.equal(ctx.atomicActions.length, 5);
  assert.deepEqual(ctx.sleeps, []);
  assert.equal(elapsed, 0);
  assert.equal(ctx.clock.pending, 0);
});

Deno.test("Dummy.dummy_random_action with sleep_min equal to sleep_max sleeps exactly that", async () => {
  const { ctx, elapsed } = await run("Dummy.dummy_random_action", {
    actions_num: 3,
    sleep_min: 0.5,
    sleep_max: 0.5,
  });
  assert.deepEqual(ctx.atomicActions.map(duration), [0.5, 0.5, 0.5]);
  assert.equal(elapsed, 1.5);
});

// Dummy.dummy_timed_atomic_actions

Deno.test("Dummy.dummy_timed_atomic_actions action_i lasts i × sleep_factor seconds", async () => {
  const { ctx, elapsed } = await run("Dummy.dummy_timed_atomic_actions", {
    number_of_actions: 4,
    sleep_factor: 0.5,
  });
  assert.deepEqual(
    ctx.atomicActions.map((a) => [a.name, duration(a)]),
    [["action_0", 0], ["action_1", 0.5], ["action_2", 1], ["action_3", 1.5]],
  );
  assert.deepEqual(ctx.sleeps, [0.5, 1, 1.5], "action_0 must not sleep at all");
  assert.equal(elapsed, 3);
});

Deno.test("Dummy.dummy_timed_atomic_actions by default takes 0+1+2+3+4 = 10 seconds", async () => {
  const { ctx, elapsed } = await run("Dummy.dummy_timed_atomic_actions");
  assert.equal(ctx.atomicActions.length, 5);
  assert.equal(elapsed, 10);
});

// Dummy.failure

Deno.test("Dummy.failure fails the multiples of each between from_iteration and to_iteration", async () => {
  const outcomes = await runIterations(
    "Dummy.failure",
    { sleep: 0, from_iteration: 5, to_iteration: 15, each: 3 },
    20,
  );
  assert.deepEqual(failedIterations(outcomes), [6, 9, 12, 15]);
  const error = outcomes[5].error as Error;
  assert.equal(error.name, "DummyScenarioException");
  assert.equal(error.message, "Dummy scenario expected exception: 'Expected failure'");
});

Deno.test("Dummy.failure with each 1 fails the whole range, bounds included", async () => {
  const outcomes = await runIterations(
    "Dummy.failure",
    { sleep: 0, from_iteration: 3, to_iteration: 5 },
    8,
  );
  assert.deepEqual(failedIterations(outcomes), [3, 4, 5]);
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
  const { elapsed, error } = await run("Dummy.failure", { from_iteration: 1, to_iteration: 1 });
  assert.equal(elapsed, 0.1);
  assert.equal((error as Error).name, "DummyScenarioException");
});

// Actions that do not sleep

Deno.test("actions that do not sleep yield to the event loop every 1,000, and a cancelled iteration stops at the next yield", async () => {
  for (
    const [name, args] of [
      ["Dummy.dummy_random_action", { actions_num: 100_000 }],
      ["Dummy.dummy_timed_atomic_actions", { number_of_actions: 100_000, sleep_factor: 0 }],
    ] as const
  ) {
    const cancel = new AbortController();
    const ctx = fakeScenarioContext({ signal: cancel.signal });
    const scenario = defaultPlugins().get<ScenarioPlugin>("scenario", name).impl.run;
    const iteration = Promise.resolve(scenario(validArgs(name, args), ctx));
    // A real turn of the event loop: the first thousand actions have run,
    // and the scenario waits for its yield (a zero-delay timer on the clock).
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.equal(ctx.atomicActions.length, 1_000, name);
    assert.equal(ctx.clock.pending, 1, name);
    cancel.abort(new Error("cancelled"));
    await assert.rejects(iteration, /cancelled/);
    assert.equal(ctx.atomicActions.length, 1_000, `${name} stopped at the yield`);
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
