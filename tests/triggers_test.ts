/**
 * Where the event and periodic triggers fire on whole workloads, driven by
 * runTask on a simulated clock: which points, how often, after how many
 * completed iterations and at which simulated times.
 */
import assert from "node:assert/strict";
import { Hook, parseTask, registerHook, registerScenario } from "../mod.ts";
import { EventTrigger } from "../triggers/event.ts";
import { PeriodicTrigger } from "../triggers/periodic.ts";
import type { HookResult, WorkloadResult } from "../mod.ts";
import { runSimulated } from "./helpers/run_simulated.ts";

// Iterations whose scenario has finished in the current run: what a hook sees at its start.
let completed = 0;

registerScenario(
  "TriggersTest.sleep",
  async (args: { seconds: number; jitter: number }, ctx) => {
    // Random-ish but seeded: the same seed gives the same interleaving every run.
    await ctx.sleep(args.seconds + ctx.random() * args.jitter);
    completed++;
  },
  {
    description:
      "Sleeps `seconds` plus up to `jitter` random seconds, then counts itself completed.",
    schema: {
      type: "object",
      properties: {
        seconds: { type: "number", minimum: 0, default: 1 },
        jitter: { type: "number", minimum: 0, default: 0 },
      },
      additionalProperties: false,
    },
  },
);

registerScenario("TriggersTest.instant", () => {
  completed++;
}, {
  description: "Returns at once (no promise): the whole load takes no time.",
  schema: { type: "object" },
});

/** Records, as its output, how many iterations had completed when it started. */
class CountProbe extends Hook<Record<string, never>> {
  static override schema = { type: "object", additionalProperties: false };
  static override description = "Records the completed-iteration count at its start.";
  run(): Promise<void> {
    this.addOutput({
      complete: { title: "completed", chart_plugin: "TextArea", data: [String(completed)] },
    });
    return Promise.resolve();
  }
}
registerHook("triggers_test_probe", CountProbe);

interface Load {
  /** The scenario (default `TriggersTest.sleep`). */
  scenario?: string;
  times?: number;
  concurrency?: number;
  /** Serial iterations of `seconds` each instead of `times`/`concurrency`. */
  serial?: number;
  seconds?: number;
  jitter?: number;
}

async function runWithTriggers(load: Load, triggers: unknown[]): Promise<WorkloadResult> {
  completed = 0;
  const runner = load.serial !== undefined
    ? { type: "serial", times: load.serial }
    : { type: "constant", times: load.times ?? 100, concurrency: load.concurrency ?? 10 };
  const spec = parseTask(
    JSON.stringify({
      [load.scenario ?? "TriggersTest.sleep"]: [{
        args: load.scenario ? {} : { seconds: load.seconds ?? 1, jitter: load.jitter ?? 0 },
        runner,
        hooks: triggers.map((trigger, i) => ({
          name: "triggers_test_probe",
          description: `hook ${i}`,
          args: {},
          trigger,
        })),
      }],
    }),
    "t.json",
  );
  const { workload } = await runSimulated(spec);
  assert.equal(workload.status, "finished");
  return workload;
}

function values(hook: HookResult): number[] {
  return hook.results.map((r) => r.triggered_by.value);
}

// The completed-iteration count each run's probe saw at its start.
function seen(hook: HookResult): number[] {
  return hook.results.map((r) => Number((r.output!.complete[0].data as string[])[0]));
}

Deno.test("event iteration [35, 40, 45] fires once at each, after exactly that many iterations completed", async () => {
  const w = await runWithTriggers({ times: 100, concurrency: 10 }, [
    { name: "event", args: { unit: "iteration", at: [35, 40, 45] } },
  ]);
  const [hook] = w.hooks;
  assert.deepEqual(values(hook), [35, 40, 45]);
  assert.deepEqual(seen(hook), [35, 40, 45]);
  assert.ok(
    hook.results.every((r) => r.triggered_by.event_type === "iteration" && r.status === "success"),
  );
  assert.deepEqual(hook.summary, { success: 3 });
  assert.equal(hook.not_reached, undefined);
});

Deno.test("event iteration points are fired in order even when listed out of order", async () => {
  const w = await runWithTriggers({ times: 50, concurrency: 5 }, [
    { name: "event", args: { unit: "iteration", at: [45, 3, 20] } },
  ]);
  assert.deepEqual(values(w.hooks[0]), [3, 20, 45]);
  assert.deepEqual(seen(w.hooks[0]), [3, 20, 45]);
});

Deno.test("periodic iteration step 20 fires after 20, 40, 60, 80 and 100 iterations", async () => {
  const w = await runWithTriggers({ times: 100, concurrency: 10 }, [
    { name: "periodic", args: { unit: "iteration", step: 20 } },
  ]);
  assert.deepEqual(values(w.hooks[0]), [20, 40, 60, 80, 100]);
  assert.deepEqual(seen(w.hooks[0]), [20, 40, 60, 80, 100]);
  // Unbounded: nothing to list as not reached.
  assert.equal(w.hooks[0].not_reached, undefined);
});

Deno.test("the spec's periodic iteration step 20 start 0 end 1000 fires after 20 … 100 and lists the rest as not reached", async () => {
  const w = await runWithTriggers({ times: 100, concurrency: 10 }, [
    { name: "periodic", args: { unit: "iteration", step: 20, start: 0, end: 1000 } },
  ]);
  const [hook] = w.hooks;
  assert.deepEqual(values(hook), [20, 40, 60, 80, 100]);
  assert.deepEqual(seen(hook), [20, 40, 60, 80, 100]);
  assert.equal(hook.not_reached?.count, 45);
  assert.deepEqual(hook.not_reached?.values.slice(0, 3), [120, 140, 160]);
  assert.equal(hook.not_reached?.values.at(-1), 1000);
});

Deno.test("periodic iteration with a start fires at start, start + step, … (start itself included)", async () => {
  const w = await runWithTriggers({ times: 30, concurrency: 3 }, [
    { name: "periodic", args: { unit: "iteration", step: 10, start: 5, end: 25 } },
  ]);
  assert.deepEqual(values(w.hooks[0]), [5, 15, 25]);
  assert.deepEqual(seen(w.hooks[0]), [5, 15, 25]);
});

Deno.test("periodic time step 15 start 100 end 200 fires at exactly 100, 115, … 190 s after the load started", async () => {
  const w = await runWithTriggers({ serial: 250, seconds: 1 }, [
    { name: "periodic", args: { unit: "time", step: 15, start: 100, end: 200 } },
  ]);
  const [hook] = w.hooks;
  const expected = [100, 115, 130, 145, 160, 175, 190];
  assert.deepEqual(values(hook), expected);
  assert.ok(hook.results.every((r) => r.triggered_by.event_type === "time"));
  const start = w.start_time!;
  assert.deepEqual(hook.results.map((r) => r.started_at - start), expected);
  assert.equal(hook.not_reached, undefined);
  assert.equal(w.load_duration, 250);
});

Deno.test("event time [1, 50, 100] on a 60 s load fires at 1 and 50 and lists 100 as not reached", async () => {
  const w = await runWithTriggers({ serial: 60, seconds: 1 }, [
    { name: "event", args: { unit: "time", at: [1, 50, 100] } },
  ]);
  const [hook] = w.hooks;
  assert.deepEqual(values(hook), [1, 50]);
  assert.deepEqual(hook.results.map((r) => r.started_at - w.start_time!), [1, 50]);
  assert.deepEqual(hook.not_reached, { values: [100], count: 1 });
  assert.deepEqual(hook.summary, { success: 2 });
});

Deno.test("event time 0 fires at the load's start, and fractional seconds fire exactly", async () => {
  const w = await runWithTriggers({ serial: 10, seconds: 1 }, [
    { name: "event", args: { unit: "time", at: [0, 2.5, 7.25] } },
  ]);
  const [hook] = w.hooks;
  assert.deepEqual(values(hook), [0, 2.5, 7.25]);
  assert.deepEqual(
    hook.results.map((r) => Math.round((r.started_at - w.start_time!) * 1e6) / 1e6),
    [0, 2.5, 7.25],
  );
  assert.deepEqual(seen(hook), [0, 2, 7]);
});

Deno.test("a time point at 0 fires as the load starts, not after its first burst of iterations", async () => {
  const w = await runWithTriggers(
    { scenario: "TriggersTest.instant", times: 200, concurrency: 1 },
    [
      { name: "event", args: { unit: "time", at: [0] } },
    ],
  );
  // The first iteration has run (its start is the load's start); no other.
  assert.deepEqual(seen(w.hooks[0]), [1]);
  assert.equal(w.hooks[0].results[0].started_at, w.start_time);
});

Deno.test("points after the load's end never fire, in either unit, and a bounded trigger lists them", async () => {
  const w = await runWithTriggers({ serial: 20, seconds: 1 }, [
    { name: "event", args: { unit: "iteration", at: [20, 21, 500] } },
    { name: "event", args: { unit: "time", at: [19, 20.5, 300] } },
    { name: "periodic", args: { unit: "time", step: 6, start: 0, end: 40 } },
    { name: "periodic", args: { unit: "iteration", step: 8 } },
  ]);
  assert.deepEqual(values(w.hooks[0]), [20]);
  assert.deepEqual(w.hooks[0].not_reached, { values: [21, 500], count: 2 });
  assert.deepEqual(values(w.hooks[1]), [19]);
  assert.deepEqual(w.hooks[1].not_reached, { values: [20.5, 300], count: 2 });
  assert.deepEqual(values(w.hooks[2]), [0, 6, 12, 18]);
  assert.deepEqual(w.hooks[2].not_reached, { values: [24, 30, 36], count: 3 });
  assert.deepEqual(values(w.hooks[3]), [8, 16]);
  assert.equal(w.hooks[3].not_reached, undefined);
});

Deno.test("at concurrency 100 over 1,000 random-length iterations, periodic iteration step 7 fires every multiple of 7 exactly once", async () => {
  const w = await runWithTriggers({ times: 1000, concurrency: 100, seconds: 0.01, jitter: 2 }, [
    { name: "periodic", args: { unit: "iteration", step: 7 } },
    { name: "event", args: { unit: "iteration", at: [1, 999, 1000] } },
  ]);
  const expected = Array.from({ length: 142 }, (_, k) => 7 * (k + 1));
  assert.deepEqual(values(w.hooks[0]), expected);
  assert.deepEqual(seen(w.hooks[0]), expected);
  assert.deepEqual(values(w.hooks[1]), [1, 999, 1000]);
  assert.deepEqual(seen(w.hooks[1]), [1, 999, 1000]);
  assert.equal(w.total_iteration_count, 1000);
});

Deno.test("iteration hooks fire from iteration 1 even when the scenario returns at once", async () => {
  for (const runner of [{ serial: 100 }, { times: 100, concurrency: 10 }]) {
    const w = await runWithTriggers({ scenario: "TriggersTest.instant", ...runner }, [
      { name: "event", args: { unit: "iteration", at: [1, 5, 50] } },
      { name: "periodic", args: { unit: "iteration", step: 25 } },
    ]);
    assert.deepEqual(values(w.hooks[0]), [1, 5, 50]);
    assert.deepEqual(seen(w.hooks[0]), [1, 5, 50]);
    assert.deepEqual(values(w.hooks[1]), [25, 50, 75, 100]);
    assert.equal(w.hooks[0].not_reached, undefined);
  }
});

Deno.test("two hooks on the same iteration point both fire, in configuration order", async () => {
  const w = await runWithTriggers({ times: 10, concurrency: 2 }, [
    { name: "event", args: { unit: "iteration", at: [4] } },
    { name: "periodic", args: { unit: "iteration", step: 4 } },
  ]);
  assert.deepEqual(values(w.hooks[0]), [4]);
  assert.deepEqual(values(w.hooks[1]), [4, 8]);
  assert.deepEqual(seen(w.hooks[1]), [4, 8]);
});

Deno.test("periodic nextPoint: start defaults to 0, iteration points begin at 1, end is inclusive", () => {
  const points = (args: ConstructorParameters<typeof PeriodicTrigger>[0], n = 10) => {
    const t = new PeriodicTrigger(args);
    const out: number[] = [];
    for (let v = t.nextPoint(); v !== undefined && out.length < n; v = t.nextPoint(v)) out.push(v);
    return out;
  };
  assert.deepEqual(points({ unit: "iteration", step: 20 }, 3), [20, 40, 60]);
  assert.deepEqual(points({ unit: "iteration", step: 1 }, 3), [1, 2, 3]);
  assert.deepEqual(points({ unit: "iteration", step: 3, start: 2, end: 11 }), [2, 5, 8, 11]);
  assert.deepEqual(points({ unit: "time", step: 15, start: 100, end: 200 }), [
    100,
    115,
    130,
    145,
    160,
    175,
    190,
  ]);
  assert.deepEqual(points({ unit: "time", step: 1.5, start: 0, end: 6 }), [0, 1.5, 3, 4.5, 6]);
  assert.deepEqual(points({ unit: "time", step: 0.1, start: 0, end: 0.5 }), [
    0,
    0.1,
    0.2,
    0.3,
    0.4,
    0.5,
  ]);
  assert.deepEqual(points({ unit: "time", step: 5, start: 10, end: 9 }), []);
  // Asked from any point, not only from a point it announced.
  const t = new PeriodicTrigger({ unit: "iteration", step: 20, start: 0, end: 1000 });
  assert.equal(t.nextPoint(33), 40);
  assert.equal(t.nextPoint(40), 60);
  assert.equal(t.nextPoint(1000), undefined);
  assert.equal(t.isBounded(), true);
  assert.equal(new PeriodicTrigger({ unit: "time", step: 1 }).isBounded(), false);
});

Deno.test("event nextPoint walks the listed points in ascending order", () => {
  const t = new EventTrigger({ unit: "time", at: [100, 1, 50] });
  assert.equal(t.nextPoint(), 1);
  assert.equal(t.nextPoint(1), 50);
  assert.equal(t.nextPoint(10), 50);
  assert.equal(t.nextPoint(50), 100);
  assert.equal(t.nextPoint(100), undefined);
  assert.equal(t.getListeningEvent(), "time");
});

Deno.test("a time point at the very instant the load ends fires, whichever clock timer runs first", async () => {
  // Serial 10 × 1 s: the load ends exactly at 10 s; 0 and 10 belong to it, 10.5 does not.
  const w = await runWithTriggers({ serial: 10, seconds: 1 }, [
    { name: "event", args: { unit: "time", at: [0, 10, 10.5] } },
  ]);
  const [hook] = w.hooks;
  assert.deepEqual(values(hook), [0, 10]);
  assert.deepEqual(hook.not_reached, { values: [10.5], count: 1 });
});

Deno.test("time point 0 fires on a load that takes no time at all", async () => {
  const w = await runWithTriggers({ scenario: "TriggersTest.instant", times: 5, concurrency: 1 }, [
    { name: "event", args: { unit: "time", at: [0, 1] } },
  ]);
  assert.deepEqual(values(w.hooks[0]), [0]);
  assert.deepEqual(w.hooks[0].not_reached, { values: [1], count: 1 });
});
