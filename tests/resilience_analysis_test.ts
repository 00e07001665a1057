/**
 * The resilience analysis end to end on the simulated clock: a service whose
 * fault a hook switches (tests/helpers/scripted_fault.ts), and the figures
 * the results carry, each as computed by hand from the script. Iterations
 * run back to back at concurrency 1, so every end time is known; a hook's
 * time point fires before an iteration that ends at the same instant (its
 * timer was set first), so that iteration counts in the new window.
 */
import assert from "node:assert/strict";
import type { ResilienceResult, WindowFigures } from "../src/model/resilience.ts";
import { type HookPlan, runService, type ServiceArgs } from "./helpers/scripted_fault.ts";

/** Runs `Test.service` with `args` for `duration` s at concurrency 1, with the hooks planned. */
function run(
  args: ServiceArgs,
  duration: number,
  hooks: HookPlan[],
  extra: Record<string, unknown> = {},
  options: { abortOnSlaFailure?: boolean } = {},
) {
  return runService({ args, duration, hooks, extra, ...options });
}

/** The figures with every number rounded to 1e-9, so float noise does not hide the exact values. */
function rounded<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_, v) => typeof v === "number" ? Math.round(v * 1e9) / 1e9 : v),
  );
}

/** A window's figures without its identity, for comparing with hand-computed ones. */
function figures(w: WindowFigures): Partial<WindowFigures> {
  const { hook: _h, run: _r, trigger: _t, fault: _f, sla: _s, ...rest } = w;
  return rounded(rest);
}

function analysis(r: { workload: { resilience?: ResilienceResult } }): ResilienceResult {
  assert.ok(r.workload.resilience, "the workload has a resilience analysis");
  return r.workload.resilience;
}

Deno.test("clean recovery: on at 5 s, off at 10 s (taking 0.2 s), slow for 1 s after: every figure as computed by hand", async () => {
  // Healthy 0.1 s; fault 0.5 s with every 2nd iteration failing; 0.3 s for 1 s after the fault.
  const r = await run(
    { sleep: 0.1, fault_sleep: 0.5, fail: 2, lag: 1, lag_sleep: 0.3 },
    20,
    [
      { set: "on", fault: "on", at: [5] },
      { set: "off", fault: "off", takes: 0.2, at: [10] },
    ],
    { resilience: { warmup: 1 } },
  );
  const a = analysis(r);
  assert.deepEqual(a.settings, {
    warmup: 1,
    window: 1,
    step: 0.1,
    hold: 1,
    latency_margin: 0.5,
    failure_margin: 1,
    impact_factor: 2,
  });
  // Iterations ending at 1.0, 1.1 … 4.9 s.
  assert.deepEqual(rounded(a.baseline), {
    from: 1,
    to: 5,
    iterations: 40,
    failures: 0,
    failure_rate: 0,
    throughput: 10,
    mean: 0.1,
    p50: 0.1,
    p95: 0.1,
    p99: 0.1,
    stddev: 0,
    complete: true,
  });
  const [fault, recovery] = a.windows;
  assert.equal(a.windows.length, 2);
  assert.deepEqual([fault.hook, fault.run, fault.fault, fault.trigger], [0, 0, "on", {
    event_type: "time",
    value: 5,
  }]);
  // Ends 5.0 (started 4.9, healthy), then 0.5 s each: 5.5, 6.0 (fails), 6.5, 7.0 (fails) … 9.5.
  assert.deepEqual(figures(fault), {
    index: 1,
    kind: "fault",
    from: 5,
    to: 10,
    iterations: 10,
    failures: 4,
    failure_rate: 40,
    throughput: 2,
    mean: 0.46,
    p50: 0.5,
    p95: 0.5,
    p99: 0.5,
    run_finished: 5,
    // 5.5 s took 0.5 s, over the baseline's p99 × 2 = 0.2 s.
    impact: { seconds: 0.5, by: "latency" },
    // Failures at 6, 7, 8, 9 s, each followed by a success 0.5 s later: failing 2 of 5 s.
    downtime: { seconds: 3, first: 6, last: 9, share: 0.4, precision: 0.5 },
    degradation: { mean_absolute: 0.36, mean_relative: 4.6, p95_absolute: 0.4, p95_relative: 5 },
    recovery: null,
  });
  // Ends 10.0 (fails), 10.5 (started in the fault), 10.8, 11.1, 11.4 (lag, 0.3 s), then
  // 11.5 … 20.0 at 0.1 s. The fault ended at 10.2; the first sliding window of 1 s with at
  // most 5 % of its iterations over 0.15 s (baseline p95 × 1.5) and ≤ 1 % failures starts
  // at 11.5, and the ten after it (1 s of hold) are as good.
  assert.deepEqual(
    figures(recovery),
    rounded({
      index: 2,
      kind: "recovery",
      from: 10,
      to: 20,
      iterations: 91,
      failures: 1,
      failure_rate: 100 / 91,
      throughput: 9.1,
      mean: 10.5 / 91,
      p50: 0.1,
      p95: 0.2,
      p99: 0.5,
      run_finished: 10.2,
      impact: null,
      downtime: { seconds: 0, first: 10, last: 10, share: 0.05, precision: 0.5 },
      degradation: {
        mean_absolute: 10.5 / 91 - 0.1,
        mean_relative: 10.5 / 9.1,
        p95_absolute: 0.1,
        p95_relative: 2,
      },
      recovery: { from: 10.2, status: "recovered", seconds: 1.3, at: 11.5 },
    }),
  );
});

Deno.test("never recovers: still slow when the load ends, so not recovered; recovery_time fails", async () => {
  // Slow (0.5 s) from 2 s on, also after the fault is off at 4 s.
  const r = await run(
    { sleep: 0.1, fault_sleep: 0.5, lag: 100 },
    8,
    [{ set: "on", fault: "on", at: [2] }, { set: "off", fault: "off", at: [4] }],
    { sla: { recovery_time: { max: 2 } } },
  );
  const a = analysis(r);
  // The default warm-up: 10 % of the planned 8 s. Ends 0.8 … 1.9 s.
  assert.equal(a.settings.warmup, 0.8);
  assert.deepEqual(rounded([a.baseline.from, a.baseline.to, a.baseline.iterations]), [0.8, 2, 12]);
  const [fault, recovery] = a.windows;
  // Ends 2.0 (started healthy), 2.5, 3.0, 3.5.
  assert.deepEqual(
    rounded([fault.iterations, fault.mean, fault.p50, fault.impact, fault.downtime]),
    [4, 0.4, 0.5, { seconds: 0.5, by: "latency" }, null],
  );
  // Ends 4.0, 4.5 … 8.0: nine iterations of 0.5 s.
  assert.deepEqual(rounded([recovery.iterations, recovery.to]), [9, 8]);
  assert.deepEqual(recovery.recovery, {
    from: 4,
    status: "not_recovered",
    seconds: null,
    at: null,
  });
  assert.deepEqual(r.workload.sla_results.sla, [{
    criterion: "recovery_time",
    success: false,
    detail: "Recovery time: window #2 still recovering after 2.10s <= 2.00s - Failed",
  }]);
  assert.deepEqual(recovery.sla, [{ criterion: "recovery_time", success: false }]);
  assert.equal(r.workload.pass_sla, false);
});

Deno.test("with --abort-on-sla-failure, recovery_time stops the load as soon as max has passed without a recovery", async () => {
  const r = await run(
    { sleep: 0.1, fault_sleep: 0.5, lag: 100 },
    8,
    [{ set: "on", fault: "on", at: [2] }, { set: "off", fault: "off", at: [4] }],
    { sla: { recovery_time: { max: 2 } } },
    { abortOnSlaFailure: true },
  );
  // The window starting 2.0 s after the fault's end (at 6.0 s) is complete when an iteration
  // ends at 7.0 s: it is the first whose start (2.1 s after) is past max. No iteration starts after.
  assert.equal(r.workload.status, "aborted");
  assert.equal(r.workload.sla_results.aborted_on_sla_failure, true);
  const [, recovery] = analysis(r).windows;
  assert.deepEqual(rounded([recovery.to, recovery.iterations]), [7, 7]);
  assert.equal(Math.round(r.workload.load_duration * 1e6) / 1e6, 7);
});

Deno.test("flapping: each recovery cut short by the next fault is interrupted; the last one is measured", async () => {
  // On at 2, 3, 4 s and off at 2.5, 3.5, 4.5 s; every iteration in the fault fails (0.3 s).
  const r = await run(
    { sleep: 0.1, fault_sleep: 0.3, fail: true },
    8,
    [
      { set: "on", fault: "on", at: { step: 1, start: 2, end: 4 } },
      { set: "off", fault: "off", at: { step: 1, start: 2.5, end: 4.5 } },
    ],
    { resilience: { warmup: 1 } },
  );
  const windows = analysis(r).windows;
  assert.deepEqual(
    rounded(windows.map((w) => [w.index, w.kind, w.from, w.to, w.iterations, w.failures])),
    [
      [1, "fault", 2, 2.5, 2, 1], // ends 2.0, 2.3 (fails)
      [2, "recovery", 2.5, 3, 4, 1], // 2.6 (fails), 2.7, 2.8, 2.9
      [3, "fault", 3, 3.5, 2, 1], // 3.0, 3.3 (fails)
      [4, "recovery", 3.5, 4, 4, 1], // 3.6 (fails), 3.7, 3.8, 3.9
      [5, "fault", 4, 4.5, 2, 1], // 4.0, 4.3 (fails)
      [6, "recovery", 4.5, 8, 35, 1], // 4.6 (fails), 4.7 … 8.0
    ],
  );
  assert.deepEqual(windows.map((w) => w.recovery?.status ?? null), [
    null,
    "interrupted",
    null,
    "interrupted",
    null,
    "recovered",
  ]);
  // From 4.5 s: the windows starting 4.5 and 4.6 hold the failure at 4.6; the one at 4.7 is clean.
  assert.deepEqual(rounded(windows[5].recovery), {
    from: 4.5,
    status: "recovered",
    seconds: 0.2,
    at: 4.7,
  });
  // The first fault window: the failure at 2.3 s, 0.3 s after the last success (2.0 s); the
  // failing span runs from 2.3 s to the window's end.
  assert.deepEqual(rounded(windows[0].impact), { seconds: 0.3, by: "failure" });
  assert.deepEqual(rounded(windows[0].downtime), {
    seconds: 0,
    first: 2.3,
    last: 2.3,
    share: 0.4,
    precision: 0.3,
  });
  // The recovery window that follows: failing from its start (2.5) to the success at 2.7;
  // 0.6 s since the last success before its failure, 0.1 s to the next one.
  assert.deepEqual(rounded(windows[1].downtime), {
    seconds: 0,
    first: 2.6,
    last: 2.6,
    share: 0.4,
    precision: 0.35,
  });
  assert.equal(windows[1].impact, null, "a recovery window has no time to impact");
});

Deno.test("a fault with no effect: no impact, no downtime, no degradation, recovered at once", async () => {
  const r = await run(
    { sleep: 0.1 },
    8,
    [{ set: "on", fault: "on", at: [2] }, { set: "off", fault: "off", at: [4] }],
    { resilience: { warmup: 1 } },
  );
  const [fault, recovery] = analysis(r).windows;
  assert.deepEqual(
    rounded([fault.iterations, fault.impact, fault.downtime, fault.degradation]),
    [20, null, null, { mean_absolute: 0, mean_relative: 1, p95_absolute: 0, p95_relative: 1 }],
  );
  assert.deepEqual(rounded(recovery.recovery), { from: 4, status: "recovered", seconds: 0, at: 4 });
  assert.equal(recovery.iterations, 41);
});

Deno.test("overlapping hook runs: two pulses cut two windows, and the recovery counts from the end of the later one", async () => {
  // Pulse A from 2 to 4 s, pulse B from 3 to 5 s; the service fails (0.5 s) from 2 s until A
  // ends at 4 s. The fault is the two together: it ends when B ends.
  const r = await run(
    { sleep: 0.1, fault_sleep: 0.5, fail: true },
    8,
    [
      { set: "pulse", fault: "pulse", takes: 2, at: [2] },
      { set: "pulse", fault: "pulse", takes: 2, at: [3] },
    ],
    { resilience: { warmup: 1 } },
  );
  const [a, b] = analysis(r).windows;
  // A's window: ends 2.0 and 2.5 (fails).
  assert.deepEqual(
    rounded([a.kind, a.from, a.to, a.iterations, a.failures, a.impact, a.run_finished]),
    ["fault", 2, 3, 2, 1, { seconds: 0.5, by: "failure" }, 4],
  );
  assert.equal(a.recovery, null, "B still ran when A ended: no recovery is measured from there");
  // B's window: ends 3.0, 3.5, 4.0 (all fail), then 4.1 … 8.0 (40).
  assert.deepEqual(
    rounded([b.kind, b.from, b.to, b.iterations, b.failures, b.impact, b.run_finished]),
    ["fault", 3, 8, 43, 3, { seconds: 0, by: "failure" }, 5],
  );
  // Failing from 3.0 s to the success at 4.1 s; the last success before 3.0 s was at 2.0 s
  // (1 s before), the next one 0.1 s after the last failure.
  assert.deepEqual(
    rounded(b.downtime),
    rounded({ seconds: 1, first: 3, last: 4, share: 1.1 / 5, precision: 0.55 }),
  );
  assert.deepEqual(rounded(b.recovery), { from: 5, status: "recovered", seconds: 0, at: 5 });
});

Deno.test("a fault before the warm-up ends: the baseline is what came before it, marked incomplete", async () => {
  // The default warm-up is 0.8 s (10 % of 8 s); the fault comes at 0.5 s.
  const r = await run(
    { sleep: 0.1, fault_sleep: 0.5, fail: true },
    8,
    [{ set: "on", fault: "on", at: [0.5] }, { set: "off", fault: "off", at: [2] }],
  );
  const a = analysis(r);
  assert.deepEqual(rounded(a.baseline), {
    from: 0,
    to: 0.5,
    iterations: 4, // ends 0.1 … 0.4
    failures: 0,
    failure_rate: 0,
    throughput: 8,
    mean: 0.1,
    p50: 0.1,
    p95: 0.1,
    p99: 0.1,
    stddev: 0,
    complete: false,
  });
  assert.deepEqual(a.windows.map((w) => w.kind), ["fault", "recovery"]);
  assert.equal(a.windows[1].recovery?.status, "recovered");
});

Deno.test("a fault at the load's very start: an empty baseline, so no degradation and impact only by failures", async () => {
  const r = await run(
    { sleep: 0.1, fault_sleep: 0.5, fail: 3 },
    6,
    [{ set: "on", fault: "on", at: [0] }, { set: "off", fault: "off", at: [2] }],
  );
  const a = analysis(r);
  assert.equal(a.baseline.iterations, 0);
  assert.equal(a.baseline.complete, false);
  const [fault] = a.windows;
  // The first iteration starts with the load, before the point at 0 s fires: healthy, it
  // ends at 0.1 s; then 0.6, 1.1 and 1.6 s (the third in the fault fails).
  assert.deepEqual(rounded([fault.impact, fault.degradation]), [
    { seconds: 1.6, by: "failure" },
    null,
  ]);
});
