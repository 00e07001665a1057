/**
 * A workload split into execution segments (run in this thread on the
 * simulated clock, as worker threads run them on the real one) gives the
 * merged result of the unsplit run: statistics, SLA and hook results.
 */
import assert from "node:assert/strict";
import { Hook, registerHook } from "../mod.ts";
import type { WorkloadResult } from "../src/model/results_document.ts";
import { runSimulated, taskSpec } from "./helpers/run_simulated.ts";

/** Takes a simulated tenth of a second and succeeds. */
class Tenth extends Hook<Record<string, never>> {
  static override schema = { type: "object", additionalProperties: false };
  static override description = "Takes a tenth of a second.";
  override async run(): Promise<void> {
    await new Promise<void>((resolve) => this.clock.setTimeout(resolve, 100));
  }
}
registerHook("split_test_tenth", Tenth);

const HOOKS = [
  {
    description: "iteration points",
    action: { split_test_tenth: {} },
    trigger: { event: { unit: "iteration", at: [1, 10, 57, 100, 399] } },
  },
  {
    description: "time points",
    action: { split_test_tenth: {} },
    trigger: { periodic: { unit: "time", step: 1.5, start: 0.5, end: 6 } },
  },
];

function task(runner: Record<string, unknown>, scenario: Record<string, unknown>) {
  return taskSpec({
    version: 2,
    title: "split",
    subtasks: [{
      title: "w",
      workloads: [{
        scenario,
        runner,
        hooks: HOOKS,
        sla: {
          failure_rate: { max: 40 },
          max_avg_duration: 5,
          performance_degradation: { max_degradation: 1000 },
        },
      }],
    }],
  });
}

// What must be the same however the load is split (ids and timestamps of real hook runs aside).
function comparable(w: WorkloadResult) {
  return {
    statistics: w.statistics,
    counts: [w.total_iteration_count, w.failed_iteration_count],
    times: [w.start_time, w.load_duration, w.min_duration, w.max_duration],
    sla: w.sla_results,
    pass: w.pass_sla,
    status: w.status,
    hooks: w.hooks.map((h) => ({
      config: h.config,
      summary: h.summary,
      runs: h.results.map((r) => [r.triggered_by, r.status, r.started_at]),
    })),
  };
}

// Failures drawn at random (each iteration draws from its own source), and durations.
const RANDOM_FAILS = { "Dummy.dummy_random_fail_in_atomic": { exception_probability: 0.3 } };
const SLEEPS = { "Dummy.dummy": { sleep: 0.25 } };

for (
  const [runner, scenario] of [
    [{ constant: { times: 400, concurrency: 8 } }, RANDOM_FAILS],
    [{ constant: { times: 103, concurrency: 12 } }, SLEEPS],
    [{ rps: { rps: 50, times: 300 } }, RANDOM_FAILS],
    [{ rps: { rps: { start: 10, end: 40, step: 10 }, times: 120, max_concurrency: 8 } }, SLEEPS],
    [{ constant_for_duration: { duration: 5, concurrency: 6 } }, SLEEPS],
  ]
) {
  Deno.test(`${Object.keys(runner)[0]} of ${Object.keys(scenario)[0]} split into 1, 2 and 4 segments merges to the unsplit result`, async () => {
    const whole = await runSimulated(task(runner, scenario), { seed: 7 });
    const expected = comparable(whole.workload);
    assert.ok(whole.workload.total_iteration_count > 0);
    for (const workers of [1, 2, 4]) {
      const split = await runSimulated(task(runner, scenario), { seed: 7, workers });
      assert.deepEqual(comparable(split.workload), expected, `${workers} segments`);
      assert.equal(split.records.length, whole.records.length);
    }
  });
}

Deno.test("an SLA failure on the merged figures stops every segment of a split load", async () => {
  const spec = taskSpec({
    "Dummy.dummy_random_fail_in_atomic": [{
      args: { exception_probability: 0.5 },
      runner: { type: "rps", rps: 100, times: 5000 },
      sla: { failure_rate: { max: 10 } },
    }],
  });
  const { workload } = await runSimulated(spec, { seed: 3, workers: 4, abortOnSlaFailure: true });
  assert.equal(workload.status, "aborted");
  assert.equal(workload.sla_results.aborted_on_sla_failure, true);
  // Stopped within one round of reports (a tenth of a simulated second: 10 arrivals here).
  assert.ok(workload.total_iteration_count < 100, `${workload.total_iteration_count} iterations`);
});
