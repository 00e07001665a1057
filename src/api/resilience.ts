/**
 * The resilience analysis's types: a workload's `resilience` settings, the
 * figures of its baseline and of each window its hook runs cut (in the
 * results as `WorkloadResult.resilience`), and what SLA criteria hear of
 * them (`Sla.addResilience`).
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask } from "@brunt/brunt";
 * import type { WindowFigures } from "@brunt/brunt/resilience";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask(JSON.stringify({
 *   "Dummy.dummy": [{
 *     args: { sleep: 0.1 },
 *     runner: { type: "serial", times: 60 },
 *     hooks: [{
 *       name: "sys_call", args: "true", fault: "pulse",
 *       trigger: { name: "event", args: { unit: "time", at: [3] } },
 *     }],
 *   }],
 * }), "task.json");
 * const { document } = await runSimulated(task);
 * const analysis = document.tasks[0].subtasks[0].workloads[0].resilience!;
 * const window: WindowFigures = analysis.windows[0];
 * assert.equal(analysis.baseline.iterations, 20); // ends 1.0 … 2.9 s (the warm-up is 1 s)
 * assert.equal(window.kind, "fault");
 * assert.equal(window.impact, null); // the fault did nothing to Dummy.dummy
 * ```
 *
 * @module
 */
export type {
  BaselineFigures,
  DegradationFigures,
  DowntimeFigures,
  FaultRole,
  ImpactFigures,
  RecoveryFigures,
  RecoveryStatus,
  ResilienceConfig,
  ResilienceEvent,
  ResilienceResult,
  ResilienceSettings,
  SpanFigures,
  WindowFigures,
  WindowKind,
  WindowRef,
  WindowScope,
  WindowVerdict,
} from "../model/resilience.ts";
export type { SlaRef } from "../model/task_spec.ts";
