/**
 * Running a task to its end on a simulated clock: hours of load with their
 * hooks in a moment, the same result on every run.
 *
 * @module
 */
import { SimulatedClock } from "../clock/simulated_clock.ts";
import { runTask, type RunTaskOptions, type TaskRun } from "../engine/run_task.ts";
import type { TaskSpec } from "../model/task_spec.ts";

/** Options of {@linkcode runSimulated}. */
export interface RunSimulatedOptions extends Omit<RunTaskOptions, "clock"> {
  /**
   * The clock to run on; pass one to act on it while the task runs.
   * @default {new SimulatedClock()}
   */
  clock?: SimulatedClock;
  /**
   * Simulated milliseconds after which the run is declared stuck.
   * @default 2_592_000_000 (30 days)
   */
  limitMs?: number;
}

/** What {@linkcode runSimulated} returns: the run's results and the clock it ran on. */
export interface SimulatedRun extends TaskRun {
  /** The clock the task ran on. */
  clock: SimulatedClock;
}

/**
 * Runs `task` (a loaded task, or a task file's path or URL) to its end on a
 * simulated clock, firing every timer in time order as soon as the engine
 * waits for it.
 *
 * @param task The task, or its file's path or URL.
 * @param options As {@linkcode runTask}'s, with the simulated clock and a limit.
 * @returns The results and the clock.
 * @throws {Error} (as a rejection) when the task has not ended within
 *   `limitMs` of simulated time, or waits with no timer pending (it hangs).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask(JSON.stringify({
 *   "Dummy.dummy": [{ args: { sleep: 60 }, runner: { type: "constant", times: 600, concurrency: 1 } }],
 * }), "task.json");
 * const { document, clock } = await runSimulated(task, { seed: 1 });
 * const workload = document.tasks[0].subtasks[0].workloads[0];
 * assert.equal(workload.total_iteration_count, 600);
 * assert.ok(workload.load_duration >= 36_000); // ten hours, simulated
 * assert.ok(clock.now() > Date.UTC(2023, 0, 1));
 * ```
 */
export async function runSimulated(
  task: TaskSpec | string | URL,
  options: RunSimulatedOptions = {},
): Promise<SimulatedRun> {
  const { clock = new SimulatedClock(), limitMs = 2_592_000_000, ...rest } = options;
  // Reading and rendering a task file is real work the clock waits for.
  let done = false;
  const running = runTask(task, { ...rest, clock }).finally(() => done = true);
  await clock.runUntil(() => done, limitMs);
  if (!done) {
    running.catch(() => {});
    throw new Error(
      `runSimulated: the task did not end within ${limitMs} ms of simulated time ` +
        `(${clock.pending} timers pending)`,
    );
  }
  return { ...(await running), clock };
}
