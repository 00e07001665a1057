import assert from "node:assert/strict";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { runShareAlone } from "../src/engine/run_task.ts";
import { defaultPlugins } from "../mod.ts";
import { MergeError, mergeRuns, type MergeSource } from "../src/report/merge_results.ts";
import { SegmentSequence } from "../src/segment/segment_sequence.ts";
import { SegmentShare } from "../src/segment/segment_share.ts";
import { MemoryStore } from "../src/store/memory_store.ts";
import { runSimulated, T0, taskSpec } from "./helpers/run_simulated.ts";

const TASK = {
  "Dummy.dummy_random_fail_in_atomic": [{
    args: { exception_probability: 0.3 },
    runner: { type: "constant", times: 500, concurrency: 5 },
    sla: { failure_rate: { max: 25 } },
  }],
};

// A segment of the task run alone on the simulated clock, as `run --segment` without a coordinator.
async function alone(share: SegmentShare, name: string): Promise<MergeSource> {
  const clock = new SimulatedClock({ start: T0 });
  const store = new MemoryStore();
  let done = false;
  const run = runShareAlone(taskSpec(TASK), { clock, store, seed: 9 }, share)
    .finally(() => done = true);
  await clock.runUntil(() => done);
  const { document } = await run;
  const task = document.tasks[0];
  task.segments = {
    sequence: share.sequence.toString(),
    included: [share.segment.toString()],
    lost: [],
  };
  return { task, name, iterations: (w) => store.iterations(w.uuid) };
}

Deno.test("segments run alone and merged give the whole run's counts, statistics and SLA", async () => {
  const whole = await runSimulated(taskSpec(TASK), { seed: 9 });
  const seq = SegmentSequence.parse("0,1/4,3/4,1");
  const sources = await Promise.all(
    seq.segments.map((_, i) => alone(new SegmentShare(seq, i), `seg${i}.json`)),
  );
  const merged = mergeRuns(sources, defaultPlugins());
  const w = merged.task.subtasks[0].workloads[0];
  assert.equal(w.total_iteration_count, 500);
  assert.equal(w.failed_iteration_count, whole.workload.failed_iteration_count);
  assert.deepEqual(w.statistics, whole.workload.statistics);
  assert.deepEqual(w.sla_results, whole.workload.sla_results);
  assert.equal([...merged.iterations(w)].length, 500);
  assert.deepEqual(merged.task.segments, {
    sequence: "0,1/4,3/4,1",
    included: ["0:1/4", "1/4:3/4", "3/4:1"],
    lost: [],
  });
  const partial = mergeRuns(sources.slice(0, 2), defaultPlugins());
  assert.deepEqual(partial.task.segments!.lost, ["3/4:1"]);
});

Deno.test("merging refuses a segment given twice, another task, or a whole run with segments", async () => {
  const seq = SegmentSequence.even(2);
  const a = await alone(new SegmentShare(seq, 0), "a.json");
  assert.throws(
    () => mergeRuns([a, { ...a, name: "b.json" }], defaultPlugins()),
    new MergeError(
      "segment 0:1/2 is in both a.json and b.json: merging would count its share twice",
    ),
  );
  const other = { ...a, name: "c.json", task: { ...a.task, input_task: { other: true } } };
  assert.throws(() => mergeRuns([a, other], defaultPlugins()), /c\.json is a run of another task/);
  const wholeRun = { ...a, name: "w.json", task: { ...a.task, segments: undefined } };
  assert.throws(() => mergeRuns([a, wholeRun], defaultPlugins()), /w\.json is a whole run/);
});
