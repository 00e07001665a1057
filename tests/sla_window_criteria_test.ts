import assert from "node:assert/strict";
import type { WindowFigures } from "../src/model/resilience.ts";
import { FailureRate } from "../src/sla/failure_rate.ts";
import { Percentile } from "../src/sla/percentile.ts";
import { RecoveryTime } from "../src/sla/recovery_time.ts";
import { WindowScoped } from "../src/sla/window_scoped.ts";

function window(index: number, recovery: WindowFigures["recovery"]): WindowFigures {
  return {
    index,
    kind: "recovery",
    hook: 1,
    run: 0,
    trigger: { event_type: "time", value: 10 },
    fault: "off",
    from: 10,
    to: 20,
    iterations: 0,
    failures: 0,
    failure_rate: null,
    throughput: null,
    mean: null,
    p50: null,
    p95: null,
    p99: null,
    run_finished: 10,
    impact: null,
    downtime: null,
    degradation: null,
    recovery,
    sla: [],
  };
}

Deno.test("recovery_time: a load that ends before recovering fails; an interrupted recovery is not judged", () => {
  const sla = new RecoveryTime({ max: 5 });
  sla.addResilience({
    type: "recovery_decided",
    window: window(2, { from: 10, status: "interrupted", seconds: null, at: null }),
  });
  assert.equal(
    sla.detail(),
    "Recovery time: no fault ended (1 cut short by the next fault, not judged) - Passed",
  );
  sla.addResilience({
    type: "recovery_decided",
    window: window(4, { from: 12, status: "recovered", seconds: 2.5, at: 14.5 }),
  });
  assert.equal(
    sla.detail(),
    "Recovery time 2.50s <= 5.00s (1 cut short by the next fault, not judged) - Passed",
  );
  const ok = sla.addResilience({
    type: "recovery_decided",
    window: window(6, { from: 16, status: "not_recovered", seconds: null, at: null }),
  });
  assert.equal(ok, false);
  assert.equal(
    sla.detail(),
    "Recovery time: window #6 not recovered <= 5.00s (1 cut short by the next fault, not judged) - Failed",
  );
  assert.deepEqual([...sla.windowVerdicts()], [[4, true], [6, false]]);
});

Deno.test("a scoped criterion with no window of its kind passes and says so", () => {
  assert.equal(
    new WindowScoped("fault", FailureRate, { max: 20 }).detail(),
    "During fault windows: none ran - Passed",
  );
  assert.equal(
    new WindowScoped("baseline", Percentile, { p95: 1 }).detail(),
    "During the baseline: none ran - Passed",
  );
});

Deno.test("percentile checks its percentiles in increasing order, and passes with no iterations", () => {
  const sla = new Percentile({ p99: 1, "p99.9": 2, p50: 0.5 });
  assert.equal(sla.success(), true);
  assert.equal(
    sla.detail(),
    "Percentile p50 0.000s <= 0.500s, p99 0.000s <= 1.000s, p99.9 0.000s <= 2.000s - Passed",
  );
});
