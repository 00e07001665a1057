/**
 * Live batches written by hand, for the live outputs' tests.
 *
 * @module
 */
import type { LiveBatch, LiveWorkloadInfo } from "../../src/live/live_batch.ts";

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
