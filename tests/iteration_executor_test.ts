import assert from "node:assert/strict";
import { registerScenario, type ScenarioContext } from "../mod.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { sleep } from "../src/clock/clock.ts";
import { IterationExecutor } from "../src/engine/iteration_executor.ts";
import type { IterationRecord } from "../src/model/iteration_record.ts";
import type { ScenarioFn } from "../src/plugins/scenario.ts";
import {
  offset,
  oneWorkload,
  probe,
  resetProbe,
  runSimulated,
  T0,
} from "./helpers/run_simulated.ts";

const T0s = T0 / 1000;

function executor(
  scenario: ScenarioFn<unknown>,
  clock: SimulatedClock,
  timeoutMs?: number,
): IterationExecutor {
  return new IterationExecutor({ scenario, args: {}, clock, random: () => () => 0.5, timeoutMs });
}

// Runs one iteration to its record on the simulated clock.
async function runOne(
  scenario: ScenarioFn<unknown>,
  timeoutMs?: number,
): Promise<IterationRecord> {
  const clock = new SimulatedClock({ start: T0 });
  const r = executor(scenario, clock, timeoutMs).run(1);
  if (!(r instanceof Promise)) return r;
  let record: IterationRecord | undefined;
  r.then((x) => record = x);
  await clock.runUntil(() => record !== undefined);
  assert.ok(record, "the iteration never finished");
  return record;
}

// --- The record of one iteration -------------------------------------------

Deno.test("a synchronous scenario gives its record at once, without a promise", () => {
  const clock = new SimulatedClock({ start: T0 });
  const r = executor(() => {}, clock).run(1);
  assert.ok(!(r instanceof Promise));
  assert.deepEqual(r, {
    timestamp: T0s,
    duration: 0,
    idle_duration: 0,
    error: [],
    output: { additive: [], complete: [] },
    atomic_actions: [],
  });
});

Deno.test("an asynchronous scenario's record has its start in epoch seconds and its clock duration", async () => {
  const r = await runOne((_, ctx) => ctx.sleep(2.5));
  assert.equal(r.timestamp, T0s);
  assert.equal(r.duration, 2.5);
  assert.deepEqual(r.error, []);
});

Deno.test("the scenario sees its 1-based iteration number, the task's clock and random source", () => {
  const clock = new SimulatedClock({ start: T0 });
  const seen: [number, number, number][] = [];
  const ex = executor((_, ctx) => {
    seen.push([ctx.iteration, ctx.clock.now(), ctx.random()]);
  }, clock);
  ex.run(1);
  ex.run(2);
  assert.deepEqual(seen, [[1, T0, 0.5], [2, T0, 0.5]]);
});

Deno.test("outputs added by the scenario are in its record", async () => {
  const r = await runOne((_, ctx) => {
    ctx.addOutput({ additive: { title: "t", chart_plugin: "Lines", data: [["a", 1]] } });
    ctx.addOutput({ complete: { title: "c", chart_plugin: "TextArea", data: ["x"] } });
  });
  assert.equal(r.output.additive.length, 1);
  assert.equal(r.output.complete.length, 1);
});

Deno.test("an invalid output fails the iteration with a message naming the problem", async () => {
  const r = await runOne((_, ctx) => ctx.addOutput({ bogus: 1 } as never));
  assert.equal(r.error[0], "TypeError");
  assert.match(r.error[1] ?? "", /Invalid output/);
});

// --- Errors, including values that are not Errors --------------------------

Deno.test("a thrown Error gives [name, message, stack]", async () => {
  class CustomError extends Error {
    override name = "CustomError";
  }
  const r = await runOne(() => {
    throw new CustomError("bad thing");
  });
  assert.equal(r.error[0], "CustomError");
  assert.equal(r.error[1], "bad thing");
  assert.match(r.error[2] ?? "", /CustomError: bad thing/);
});

Deno.test("a rejected Error gives [name, message, stack] with the time until the rejection", async () => {
  const r = await runOne(async (_, ctx) => {
    await ctx.sleep(0.75);
    throw new RangeError("out of range");
  });
  assert.deepEqual(r.error.slice(0, 2), ["RangeError", "out of range"]);
  assert.equal(r.duration, 0.75);
});

Deno.test("throwing a string fails the iteration with the string as its message", async () => {
  const r = await runOne(() => {
    throw "plain text failure";
  });
  assert.deepEqual(r.error, [
    "NonErrorThrown",
    "plain text failure",
    "A value of type string was thrown, not an Error.",
  ]);
});

Deno.test("rejecting with a plain object fails the iteration with the object as JSON", async () => {
  const r = await runOne(() => Promise.reject({ code: 7, reason: "nope" }));
  assert.equal(r.error[0], "NonErrorThrown");
  assert.equal(r.error[1], '{"code":7,"reason":"nope"}');
  assert.match(r.error[2] ?? "", /object/);
});

Deno.test("throwing an Error-like object uses its name and message", async () => {
  const r = await runOne(() => {
    throw { name: "HttpError", message: "503 Service Unavailable" };
  });
  assert.deepEqual(r.error.slice(0, 2), ["HttpError", "503 Service Unavailable"]);
});

Deno.test("throwing undefined, null, a bigint or a cyclic object still gives a readable message", async () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const cases: [unknown, string][] = [
    [undefined, "undefined"],
    [null, "null"],
    [10n, "10"],
    [cyclic, "[object Object]"],
    [42, "42"],
  ];
  for (const [value, message] of cases) {
    const r = await runOne(() => {
      throw value;
    });
    assert.equal(r.error[0], "NonErrorThrown", `for ${String(value)}`);
    assert.equal(r.error[1], message);
    assert.equal(typeof r.error[2], "string");
  }
});

Deno.test("a task whose scenario throws a string or an object goes on and records every failure", async () => {
  for (const value of ["just a string", { detail: "an object" }]) {
    const { document, workload, records } = await runSimulated(
      oneWorkload("Test.throw_value", { value }, { type: "constant", times: 5, concurrency: 2 }),
    );
    assert.equal(document.tasks[0].status, "finished");
    assert.equal(workload.status, "finished");
    assert.equal(workload.total_iteration_count, 5);
    assert.equal(workload.failed_iteration_count, 5);
    assert.equal(records.length, 5);
    const expected = typeof value === "string" ? value : JSON.stringify(value);
    assert.ok(records.every((r) => r.error[0] === "NonErrorThrown" && r.error[1] === expected));
  }
});

// --- Atomic actions --------------------------------------------------------

registerScenario<Record<string, never>>("Test.nested_atomics", async (_, ctx) => {
  await ctx.atomic("outer", async () => {
    await ctx.sleep(1);
    await ctx.atomic("inner_a", () => ctx.sleep(0.5));
    await ctx.atomic("inner_b", async () => {
      await ctx.atomic("deepest", () => ctx.sleep(0.25));
    });
  });
  await ctx.atomic("after", () => ctx.sleep(2));
}, {
  description: "Test scenario: nested atomic actions with known times.",
  schema: { type: "object", additionalProperties: false },
});

Deno.test("an atomic action inside another appears in its children, with clock times in epoch seconds", async () => {
  const { records, workload } = await runSimulated(
    oneWorkload("Test.nested_atomics", {}, { type: "serial", times: 1 }),
  );
  const [outer, after] = records[0].atomic_actions;
  const at = (s: number) => T0s + s;
  assert.deepEqual(records[0].atomic_actions, [
    {
      name: "outer",
      started_at: at(0),
      finished_at: at(1.75),
      children: [
        { name: "inner_a", started_at: at(1), finished_at: at(1.5), children: [] },
        {
          name: "inner_b",
          started_at: at(1.5),
          finished_at: at(1.75),
          children: [{ name: "deepest", started_at: at(1.5), finished_at: at(1.75), children: [] }],
        },
      ],
    },
    { name: "after", started_at: at(1.75), finished_at: at(3.75), children: [] },
  ]);
  assert.equal(outer.failed, undefined);
  assert.equal(after.failed, undefined);
  const atomics = workload.statistics.durations.atomics;
  assert.deepEqual(atomics.map((a) => a.name), ["outer", "after"]);
  assert.deepEqual(atomics[0].children.map((a) => a.name), ["inner_a", "inner_b"]);
  assert.equal(atomics[0].data.max, 1.75);
  assert.equal(atomics[0].children[1].children[0].data.max, 0.25);
});

Deno.test("a throwing atomic action is marked failed, as is each enclosing one, and fails the iteration", async () => {
  const r = await runOne(async (_, ctx) => {
    await ctx.atomic("outer", async () => {
      await ctx.atomic("ok", () => ctx.sleep(1));
      await ctx.atomic("boom", async () => {
        await ctx.sleep(0.5);
        throw new Error("exploded");
      });
    });
  });
  assert.deepEqual(r.error.slice(0, 2), ["Error", "exploded"]);
  const [outer] = r.atomic_actions;
  assert.equal(outer.failed, true);
  assert.equal(outer.children[0].failed, undefined);
  assert.equal(outer.children[1].failed, true);
  assert.equal(outer.children[1].finished_at - T0s, 1.5);
  assert.equal(r.duration, 1.5);
});

Deno.test("an atomic action whose error the scenario catches is failed while the iteration succeeds", async () => {
  const r = await runOne(async (_, ctx) => {
    try {
      await ctx.atomic("flaky", () => {
        throw new Error("transient");
      });
    } catch {
      await ctx.atomic("retry", () => ctx.sleep(1));
    }
  });
  assert.deepEqual(r.error, []);
  assert.deepEqual(r.atomic_actions.map((a) => [a.name, a.failed]), [
    ["flaky", true],
    ["retry", undefined],
  ]);
});

Deno.test("atomic actions run one after another at the same level stay siblings", async () => {
  const r = await runOne(async (_, ctx) => {
    for (let i = 0; i < 3; i++) await ctx.atomic("step", () => ctx.sleep(0.1));
  });
  assert.equal(r.atomic_actions.length, 3);
  assert.ok(r.atomic_actions.every((a) => a.children.length === 0));
});

// --- Per-iteration timeout -------------------------------------------------

Deno.test("a 5 s iteration with timeout 1 fails with TimeoutError after 1 s and its signal is aborted", async () => {
  resetProbe();
  const { records, workload, clock } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 5 }, { type: "constant", times: 3, timeout: 1 }),
  );
  assert.equal(records.length, 3);
  for (const r of records) {
    assert.equal(r.error[0], "TimeoutError");
    assert.match(r.error[1] ?? "", /timed out after 1 s/);
    assert.equal(r.duration, 1);
  }
  assert.deepEqual(records.map((r) => offset(r.timestamp)), [0, 1, 2]);
  assert.ok(probe.entries.every((e) => e.aborted === true), "ctx.signal was not aborted");
  // The scenarios' sleeps were cut at the timeout, not left to run 5 s.
  assert.deepEqual(probe.entries.map((e) => (e.endMs! - e.startMs) / 1000), [1, 1, 1]);
  assert.equal(workload.failed_iteration_count, 3);
  assert.equal(workload.load_duration, 3);
  assert.equal(clock.now() - T0, 3000);
});

Deno.test("the load ends at the timeouts even when the scenario ignores its signal", async () => {
  resetProbe();
  const { records, workload, clock } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 5, deaf: true }, {
      type: "constant",
      times: 4,
      concurrency: 2,
      timeout: 1,
    }),
  );
  assert.deepEqual(records.map((r) => [r.error[0], r.duration]), [
    ["TimeoutError", 1],
    ["TimeoutError", 1],
    ["TimeoutError", 1],
    ["TimeoutError", 1],
  ]);
  assert.equal(workload.load_duration, 2);
  assert.equal(clock.now() - T0, 2000);
});

Deno.test("a scenario that never settles times out and the workload still finishes", async () => {
  const { records, workload } = await runSimulated(
    oneWorkload("Test.hang", {}, { type: "rps", rps: 2, times: 4, timeout: 3 }),
  );
  assert.equal(records.length, 4);
  assert.ok(records.every((r) => r.error[0] === "TimeoutError" && r.duration === 3));
  assert.equal(workload.status, "finished");
  assert.equal(workload.load_duration, 1.5 + 3);
});

Deno.test("with overlapping iterations only those past their own deadline time out", async () => {
  resetProbe();
  const { records } = await runSimulated(
    oneWorkload("Test.probe", { sleeps: [5, 0.5, 2, 0.25] }, {
      type: "constant",
      times: 8,
      concurrency: 4,
      timeout: 1.5,
    }),
  );
  const byStart = [...records].sort((a, b) => a.timestamp - b.timestamp || a.duration - b.duration);
  const outcome = records.map((r) => [offset(r.timestamp), r.duration, r.error[0] ?? "ok"]);
  assert.equal(records.length, 8);
  for (const r of byStart) {
    if (r.error.length) {
      assert.equal(r.error[0], "TimeoutError", JSON.stringify(outcome));
      assert.equal(r.duration, 1.5);
    } else assert.ok(r.duration < 1.5, JSON.stringify(outcome));
  }
  assert.equal(records.filter((r) => r.error.length).length, 4);
});

Deno.test("an atomic action cut by the timeout ends at the timeout and is marked failed", async () => {
  const r = await runOne(async (_, ctx) => {
    await ctx.atomic("quick", () => ctx.sleep(0.25));
    await ctx.atomic("slow", () => ctx.sleep(10));
  }, 1000);
  assert.equal(r.error[0], "TimeoutError");
  const [quick, slow] = r.atomic_actions;
  assert.equal(quick.finished_at - T0s, 0.25);
  assert.equal(slow.finished_at - T0s, 1);
  assert.equal(slow.failed, true);
});

Deno.test("a timed-out iteration's record does not change when its scenario carries on", async () => {
  const clock = new SimulatedClock({ start: T0 });
  const ex = executor(
    async (_, ctx: ScenarioContext) => {
      await ctx.atomic("first", () => sleep(clock, 2000));
      await ctx.atomic("late", () => sleep(clock, 1000));
      ctx.addOutput({ complete: { title: "late", chart_plugin: "TextArea", data: ["x"] } });
    },
    clock,
    1000,
  );
  let record: IterationRecord | undefined;
  (ex.run(1) as Promise<IterationRecord>).then((x) => record = x);
  await clock.runUntil(() => record !== undefined);
  const snapshot = structuredClone(record!);
  await clock.advance(5000);
  assert.deepEqual(record, snapshot);
  assert.equal(record!.atomic_actions.length, 1);
  assert.equal(record!.output.complete.length, 0);
});

Deno.test("the watchdog leaves no timer behind once the executor is disposed", async () => {
  const clock = new SimulatedClock({ start: T0 });
  const ex = executor((_, ctx) => ctx.sleep(0.5), clock, 10_000);
  const r = ex.run(1) as Promise<IterationRecord>;
  await clock.advance(500);
  assert.deepEqual((await r).error, []);
  ex.dispose();
  assert.equal(clock.pending, 0);
});

// --- Hard abort ------------------------------------------------------------

Deno.test("abort fails pending iterations at once with etype Aborted and fails later ones too", async () => {
  const clock = new SimulatedClock({ start: T0 });
  const signals: AbortSignal[] = [];
  const ex = executor((_, ctx) => {
    signals.push(ctx.signal);
    return ctx.sleep(10);
  }, clock);
  const a = ex.run(1) as Promise<IterationRecord>;
  await clock.advance(2000);
  const b = ex.run(2) as Promise<IterationRecord>;
  await clock.advance(1000);
  ex.abort();
  const [ra, rb] = await Promise.all([a, b]);
  assert.deepEqual([ra.error[0], ra.duration], ["Aborted", 3]);
  assert.deepEqual([rb.error[0], rb.duration], ["Aborted", 1]);
  assert.ok(signals.every((s) => s.aborted));
  assert.equal(ex.pendingCount, 0);
  const later = ex.run(3);
  assert.ok(!(later instanceof Promise));
  assert.equal(later.error[0], "Aborted");
});

Deno.test("an atomic action still open when the iteration times out is recorded as ending then, failed", async () => {
  const clock = new SimulatedClock({ start: T0 });
  const ex = executor(
    async (_, ctx: ScenarioContext) => {
      await ctx.atomic("outer", () => ctx.atomic("deaf", () => sleep(clock, 5000)));
    },
    clock,
    1000,
  );
  let delivered: IterationRecord | undefined;
  // A copy at delivery: what a streaming store writes at once.
  (ex.run(1) as Promise<IterationRecord>).then((x) => delivered = structuredClone(x));
  await clock.runUntil(() => delivered !== undefined);
  const [outer] = delivered!.atomic_actions;
  assert.deepEqual(outer, {
    name: "outer",
    started_at: T0s,
    finished_at: T0s + 1,
    failed: true,
    children: [{ name: "deaf", started_at: T0s, finished_at: T0s + 1, failed: true, children: [] }],
  });
});

Deno.test("an iteration lasting exactly its timeout succeeds, however its time is split into sleeps", async () => {
  for (const sleeps of [[1], [0.5, 0.5], [0.25, 0.25, 0.5]]) {
    const r = await runOne(async (_, ctx) => {
      for (const s of sleeps) await ctx.sleep(s);
    }, 1000);
    assert.deepEqual([r.error[0] ?? "ok", r.duration], ["ok", 1], `sleeps ${sleeps}`);
  }
});
