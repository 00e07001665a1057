/**
 * Live progress of a run, for a sink of your own (`runTask`'s `progress`
 * option): workloads as they start and end, hook runs as they start and
 * end, and each running workload's figures so far.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask } from "@brunt/brunt";
 * import type { HookRunNotice, ProgressSink } from "@brunt/brunt/progress";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const runs: HookRunNotice[] = [];
 * const progress: ProgressSink = {
 *   workloadStarted() {},
 *   workloadFinished() {},
 *   hookRunFinished: (notice) => void runs.push(notice),
 * };
 * const task = parseTask(JSON.stringify({
 *   "Dummy.dummy": [{
 *     runner: { type: "serial", times: 4 },
 *     hooks: [{ name: "sys_call", args: "true", trigger: { name: "event", args: { unit: "iteration", at: [2] } } }],
 *   }],
 * }), "task.json");
 * await runSimulated(task, { progress });
 * assert.deepEqual(runs.map((n) => n.run.triggered_by), [{ event_type: "iteration", value: 2 }]);
 * ```
 *
 * @module
 */
export type {
  HookRunNotice,
  HookRunStart,
  HookRunStartNotice,
  ProgressSink,
  WorkloadFigures,
  WorkloadProgress,
} from "../model/progress.ts";
export type { HistogramCounts } from "../model/histogram_counts.ts";
