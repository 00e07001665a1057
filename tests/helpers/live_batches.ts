/**
 * Live batches written by hand, for the live outputs' tests.
 *
 * @module
 */
import type { LiveBatch, LiveWindow, LiveWorkloadInfo } from "../../src/live/live_batch.ts";
import { DurationHistogram } from "../../src/stats/duration_histogram.ts";
import { WorkloadStats } from "../../src/stats/workload_stats.ts";

/** Epoch seconds the batches start at. */
export const T = 1_700_000_000;

/** A workload `w1` (`Dummy.dummy#0`) with one hook, "fault on". */
export const INFO: LiveWorkloadInfo = {
  uuid: "w1",
  key: "Dummy.dummy#0",
  title: "fault test",
  scenario: "Dummy.dummy",
  runner: "constant",
  plan: { iterations: 100 },
  hooks: ["fault on"],
};

/** An empty batch of task "nightly" (run `run-1`) at `at`, with `extra` in it. */
export function liveBatch(at: number, extra: Partial<LiveBatch> = {}): LiveBatch {
  return {
    at,
    task: { title: "nightly", uuid: "run-1" },
    started: [],
    windows: [],
    hookRuns: [],
    droppedHookRuns: 0,
    finished: [],
    ...extra,
  };
}

/**
 * The first window of workload `w1` ending at `at`: iterations with these
 * `durations`, each failing with the error type at its place in `etypes`
 * ("" for none), each with one atomic action `get` as long as itself; two
 * more iterations still in flight.
 */
export function firstWindow(at: number, durations: number[], etypes: string[] = []): LiveWindow {
  const stats = new WorkloadStats();
  const before = stats.figures();
  durations.forEach((d, i) =>
    stats.add({
      timestamp: at - 0.5,
      duration: d,
      idle_duration: 0,
      error: etypes[i] ? [etypes[i], "m", ""] : [],
      output: { additive: [], complete: [] },
      atomic_actions: [{
        name: "get",
        started_at: at - 0.5,
        finished_at: at - 0.5 + d,
        children: [],
      }],
    })
  );
  const total = stats.figures();
  return {
    uuid: "w1",
    from: at - 1,
    to: at,
    loadStart: T,
    started: durations.length + 2,
    total,
    window: {
      completed: total.completed,
      failed: total.failed,
      failures: total.failures,
      durations: DurationHistogram.countsSince(total.durations, before.durations),
    },
  };
}
