import assert from "node:assert/strict";
import { Hook, registerHook } from "../mod.ts";
import { sleep } from "../src/clock/clock.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import type { HookRunStartNotice, ProgressSink } from "../src/model/progress.ts";
import { DurationHistogram } from "../src/stats/duration_histogram.ts";
import type { LiveBatch, LiveOutput } from "../src/live/live_batch.ts";
import { LiveFeed } from "../src/live/live_feed.ts";
import { runSimulated, T0, taskSpec } from "./helpers/run_simulated.ts";

/** A hook that takes `seconds` of the task's clock. */
class LiveWait extends Hook<{ seconds: number }> {
  static override schema = {
    type: "object",
    properties: { seconds: { type: "number" } },
    required: ["seconds"],
    additionalProperties: false,
  };
  static override description = "Waits on the task's clock.";
  override async run(): Promise<void> {
    await sleep(this.clock, this.config.seconds * 1000, this.signal);
  }
}
registerHook("live_wait", LiveWait);

/** An output that keeps every batch. */
function collector(): LiveOutput & { batches: LiveBatch[] } {
  const batches: LiveBatch[] = [];
  return { batches, take: (b) => void batches.push(b), close: () => Promise.resolve([]) };
}

// 4 s at 2 in flight, 0.1 s each: 20 iterations a second, every fifth failing;
// a 1.5 s hook run at second 1.
const TASK = {
  "Dummy.failure": [{
    args: { sleep: 0.1, from_iteration: 1, to_iteration: 1000, each: 5 },
    runner: { type: "constant_for_duration", duration: 4, concurrency: 2 },
    hooks: [{
      name: "live_wait",
      description: "fault on",
      args: { seconds: 1.5 },
      trigger: { name: "event", args: { unit: "time", at: [1] } },
    }],
  }],
};

async function runWithFeed(next?: ProgressSink) {
  const spec = taskSpec(TASK);
  const clock = new SimulatedClock({ start: T0 });
  const feed = new LiveFeed({ spec, clock, next });
  const output = collector();
  feed.subscribe(output);
  const run = await runSimulated(spec, {
    clock,
    progress: feed,
    onStart: (uuid) => {
      feed.taskStarted(uuid);
      feed.start();
    },
  });
  const warnings = await feed.close();
  return { run, batches: output.batches, warnings };
}

Deno.test("the live feed hands out one batch a second whose windows add up to the workload's results", async () => {
  const { run, batches, warnings } = await runWithFeed();
  const w = run.workload;
  assert.deepEqual(warnings, []);
  const windows = batches.flatMap((b) => b.windows);
  assert.ok(windows.every((x) => x.uuid === w.uuid));
  const sum = (f: (x: typeof windows[0]) => number) => windows.reduce((n, x) => n + f(x), 0);
  assert.equal(sum((x) => x.window.completed), w.total_iteration_count);
  assert.equal(sum((x) => x.window.failed), w.failed_iteration_count);
  assert.equal(sum((x) => x.window.failures.DummyScenarioException ?? 0), w.failed_iteration_count);
  assert.equal(sum((x) => x.window.durations.count), w.total_iteration_count);
  // One window a second while the load runs, back to back.
  for (let i = 1; i < windows.length; i++) assert.equal(windows[i].from, windows[i - 1].to);
  const full = windows.slice(1, 3);
  for (const x of full) {
    assert.equal(x.to - x.from, 1);
    assert.ok(Math.abs(x.window.completed - 20) <= 2, `${x.window.completed} iterations`);
    const p50 = DurationHistogram.fromCounts(x.window.durations).quantile(0.5)!;
    assert.ok(Math.abs(p50 - 0.1) <= 0.1 * 2 ** -8, `p50 ${p50}`);
  }
  const last = windows.at(-1)!;
  assert.equal(last.total.completed, w.total_iteration_count);
  assert.equal(last.loadStart, w.start_time);
  assert.deepEqual(batches.flatMap((b) => b.finished.map((f) => f.uuid)), [w.uuid]);
  assert.equal(batches[0].task.uuid, run.document.tasks[0].uuid);
  assert.deepEqual(batches.flatMap((b) => b.started.map((s) => [s.key, s.hooks])), [
    ["Dummy.failure#0", ["fault on"]],
  ]);
});

Deno.test("a hook run's start and end reach the feed as they happen, with the result's times", async () => {
  const starts: HookRunStartNotice[] = [];
  const { run, batches } = await runWithFeed({
    workloadStarted() {},
    workloadFinished() {},
    hookRunStarted: (s) => void starts.push(s),
  });
  const result = run.workload.hooks[0].results[0];
  assert.deepEqual(starts, [{
    workloadUuid: run.workload.uuid,
    hookIndex: 0,
    seq: 1,
    run: { triggered_by: { event_type: "time", value: 1 }, started_at: result.started_at },
  }]);
  // Started in the second second, ended 1.5 s later, in the fourth: each in the batch after it.
  const at = (type: string) =>
    batches.findIndex((b) => b.hookRuns.some((e) => e.type === type)) + 1;
  assert.equal(at("started"), 2);
  assert.equal(at("finished"), 3);
  const finished = batches.flatMap((b) => b.hookRuns).find((e) => e.type === "finished")!;
  assert.equal(finished.type === "finished" && finished.run.finished_at, result.finished_at);
  assert.equal(result.finished_at - result.started_at, 1.5);
});

Deno.test("an output that throws is cut off and named in the warnings; the others go on", async () => {
  const spec = taskSpec(TASK);
  const clock = new SimulatedClock({ start: T0 });
  const feed = new LiveFeed({ spec, clock });
  feed.subscribe({
    take: () => {
      throw new Error("disk full");
    },
    close: () => Promise.resolve([]),
  });
  const good = collector();
  feed.subscribe(good);
  const { workload } = await runSimulated(spec, {
    clock,
    progress: feed,
    onStart: () => feed.start(),
  });
  const warnings = await feed.close();
  assert.deepEqual(warnings, ["a live output failed and was stopped: disk full"]);
  assert.equal(
    good.batches.flatMap((b) => b.windows).reduce((n, x) => n + x.window.completed, 0),
    workload.total_iteration_count,
  );
});
