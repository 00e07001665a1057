/**
 * Testing brunt tasks and plugins: the simulated clock, and running a task to
 * its end on it.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask('{"Dummy.dummy": [{"runner": {"type": "serial", "times": 2}}]}', "t.json");
 * const { document } = await runSimulated(task);
 * assert.equal(document.tasks[0].status, "finished");
 * ```
 *
 * @module
 */
export { SimulatedClock, type SimulatedClockOptions } from "../clock/simulated_clock.ts";
export {
  runSimulated,
  type RunSimulatedOptions,
  type SimulatedRun,
} from "../testing/run_simulated.ts";
