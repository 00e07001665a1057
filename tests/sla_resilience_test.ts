/**
 * The SLA criteria on the resilience analysis, end to end on the simulated
 * clock with the scripted-fault service: verdicts and Rally-style details,
 * per-window verdicts in the results, and `--abort-on-sla-failure` stopping
 * the load as soon as a verdict is decided (and not before).
 */
import assert from "node:assert/strict";
import { cleanRecovery, runService } from "./helpers/scripted_fault.ts";

/**
 * The clean recovery (see `cleanRecovery`): the fault window's failure rate is
 * 40 %, its downtime 3 s (6 to 9 s), its mean 4.6 times the baseline's; the
 * recovery window's p95 is 0.2 s (twice the baseline's), and the recovery
 * takes 1.3 s.
 */
async function run(sla: Record<string, unknown>, abortOnSlaFailure = false) {
  return (await runService({ ...cleanRecovery({ sla }), abortOnSlaFailure })).workload;
}

function loadSeconds(w: { load_duration: number }): number {
  return Math.round(w.load_duration * 1e6) / 1e6;
}

Deno.test("failure_rate during the fault is judged on the fault window when it closes", async () => {
  const w = await run({
    failure_rate: { max: 50 },
    during: { fault: { failure_rate: { max: 20 } } },
  });
  assert.deepEqual(w.sla_results.sla, [
    {
      criterion: "failure_rate",
      success: true,
      detail: "Failure rate criteria 0.00% <= 3.33% <= 50.00% - Passed",
    },
    {
      criterion: "failure_rate (during fault)",
      success: false,
      detail: "During fault window #1 (hook #0 at time 5): " +
        "Failure rate criteria 0.00% <= 40.00% <= 20.00% - Failed",
    },
  ]);
  assert.equal(w.pass_sla, false);
  assert.deepEqual(w.sla, {
    failure_rate: { max: 50 },
    during: { fault: { failure_rate: { max: 20 } } },
  });
  assert.deepEqual(w.resilience!.windows.map((x) => x.sla), [
    [{ criterion: "failure_rate (during fault)", success: false }],
    [],
  ]);
});

Deno.test("with --abort-on-sla-failure a window-scoped criterion stops the load when its window closes", async () => {
  const w = await run({ during: { fault: { failure_rate: { max: 20 } } } }, true);
  // Failing 50 % already at 6 s, but decided only as the fault window closes at 10 s.
  assert.equal(w.status, "aborted");
  assert.equal(w.sla_results.aborted_on_sla_failure, true);
  assert.equal(loadSeconds(w), 10);
});

Deno.test("downtime fails as soon as a window's first-to-last failure passes max, and stops the load there", async () => {
  const passing = await run({ downtime: { max: 3 } });
  assert.deepEqual(passing.sla_results.sla, [{
    criterion: "downtime",
    success: true,
    detail: "Maximum downtime 3.00s <= 3.00s - Passed",
  }]);
  const w = await run({ downtime: { max: 2 } }, true);
  assert.deepEqual(w.sla_results.sla[0], {
    criterion: "downtime",
    success: false,
    detail: "Maximum downtime 3.00s (window #1) <= 2.00s - Failed",
  });
  // The failure at 9 s makes it 3 s: no iteration starts after it.
  assert.equal(loadSeconds(w), 9);
});

Deno.test("degradation judges each window's mean (or p95) against the baseline's", async () => {
  const w = await run({
    degradation: { max_relative: 3 },
    during: { recovery: { degradation: { max_relative: 3, of: "p95" } } },
  });
  assert.deepEqual(w.sla_results.sla, [
    {
      criterion: "degradation",
      success: false,
      detail: "Maximum relative degradation of the mean 4.60 (window #1) <= 3.00 - Failed",
    },
    {
      criterion: "degradation (during recovery)",
      success: true,
      detail:
        "During recovery windows: Maximum relative degradation of the p95 2.00 <= 3.00 - Passed",
    },
  ]);
  assert.deepEqual(w.resilience!.windows.map((x) => x.sla), [
    [{ criterion: "degradation", success: false }],
    [
      { criterion: "degradation", success: true },
      { criterion: "degradation (during recovery)", success: true },
    ],
  ]);
});

Deno.test("recovery_time passes within max and says the longest recovery", async () => {
  const w = await run({ recovery_time: { max: 1.3 } });
  assert.deepEqual(w.sla_results.sla, [{
    criterion: "recovery_time",
    success: true,
    detail: "Recovery time 1.30s <= 1.30s - Passed",
  }]);
  const late = await run({ recovery_time: { max: 1 } });
  assert.equal(
    late.sla_results.sla[0].detail,
    "Recovery time: window #2 still recovering after 1.10s <= 1.00s - Failed",
  );
});

Deno.test("a percentile of the whole load is judged at its end, so it never stops the load early", async () => {
  const w = await run({ percentile: { p95: 0.4, p50: 0.1 } }, true);
  assert.equal(w.status, "finished");
  assert.equal(w.sla_results.aborted_on_sla_failure, undefined);
  assert.deepEqual(w.sla_results.sla, [{
    criterion: "percentile",
    success: false,
    detail: "Percentile p50 0.100s <= 0.100s, p95 0.500s <= 0.400s - Failed",
  }]);
});

Deno.test("a percentile scoped to recovery windows is judged on each of them", async () => {
  const w = await run({
    during: { recovery: { percentile: { p95: 0.15 } }, baseline: { percentile: { p99: 0.1 } } },
  });
  assert.deepEqual(w.sla_results.sla, [
    {
      criterion: "percentile (during recovery)",
      success: false,
      detail:
        "During recovery window #2 (hook #1 at time 10): Percentile p95 0.200s <= 0.150s - Failed",
    },
    {
      criterion: "percentile (during baseline)",
      success: true,
      detail: "During the baseline: Percentile p99 0.100s <= 0.100s - Passed",
    },
  ]);
});
