import assert from "node:assert/strict";
import { PerformanceDegradation } from "../src/sla/performance_degradation.ts";
import { failed, footprint, record, validator } from "./sla_records.ts";
import { defaultPlugins } from "../mod.ts";

function feed(sla: PerformanceDegradation, durations: number[]): boolean[] {
  return durations.map((d) => sla.addIteration(record(d)));
}

Deno.test("performance_degradation registers itself with its schema and description", () => {
  const entry = defaultPlugins().find("sla", "performance_degradation");
  assert.equal(entry?.impl, PerformanceDegradation);
  assert.equal(entry?.schema, PerformanceDegradation.schema);
  assert.match(entry?.description ?? "", /^Calculates performance degradation based on/);
});

Deno.test("performance_degradation schema requires max_degradation of 0 or more", () => {
  const valid = validator(PerformanceDegradation.schema);
  assert.equal(valid({ max_degradation: 50 }), true);
  assert.equal(valid({ max_degradation: 0 }), true);
  assert.equal(valid({}), false);
  assert.equal(valid({ max_degradation: -1 }), false);
  assert.equal(valid({ max_degradation: 50, min: 1 }), false);
  assert.equal(valid(50), false);
});

Deno.test("performance_degradation over no iterations is 0 % and passes", () => {
  const sla = new PerformanceDegradation({ max_degradation: 0 });
  assert.equal(sla.success(), true);
  assert.equal(sla.detail(), "Current degradation: 0.0% - Passed");
});

Deno.test("performance_degradation of one iteration is 0 %", () => {
  const sla = new PerformanceDegradation({ max_degradation: 0 });
  assert.equal(sla.addIteration(record(3)), true);
  assert.equal(sla.detail(), "Current degradation: 0.0% - Passed");
});

Deno.test("performance_degradation compares the slowest to the fastest and passes at the limit", () => {
  const sla = new PerformanceDegradation({ max_degradation: 50 });
  assert.deepEqual(feed(sla, [45, 45, 45, 30]), [true, true, true, true]);
  assert.equal(sla.detail(), "Current degradation: 50.0% - Passed");
});

Deno.test("performance_degradation above the limit fails", () => {
  const sla = new PerformanceDegradation({ max_degradation: 50 });
  assert.deepEqual(feed(sla, [15, 10, 20, 19]), [true, true, false, false]);
  assert.equal(sla.detail(), "Current degradation: 100.0% - Failed");
  const wide = new PerformanceDegradation({ max_degradation: 250 });
  feed(wide, [30, 56, 90, 73]);
  assert.equal(wide.detail(), "Current degradation: 200.0% - Passed");
});

Deno.test("performance_degradation prints up to six decimals as Rally does", () => {
  const sla = new PerformanceDegradation({ max_degradation: 50 });
  feed(sla, [7, 10]);
  assert.equal(sla.detail(), "Current degradation: 42.857143% - Passed");
});

Deno.test("performance_degradation leaves failed iterations out", () => {
  const sla = new PerformanceDegradation({ max_degradation: 50 });
  sla.addIteration(record(10));
  assert.equal(sla.addIteration(failed(100)), true);
  assert.equal(sla.addIteration(failed(1)), true);
  sla.addIteration(record(12));
  assert.equal(sla.detail(), "Current degradation: 20.0% - Passed");
});

Deno.test("performance_degradation leaves out iterations of 0 seconds", () => {
  const sla = new PerformanceDegradation({ max_degradation: 100 });
  assert.deepEqual(feed(sla, [0, 1, 2]), [true, true, true]);
  assert.equal(sla.detail(), "Current degradation: 100.0% - Passed");
});

Deno.test("performance_degradation keeps the same state after 10,000 more iterations", () => {
  const sla = new PerformanceDegradation({ max_degradation: 100 });
  feed(sla, [1, 1.5, 2]);
  const before = footprint(sla);
  for (let i = 0; i < 10_000; i++) sla.addIteration(record(1 + (i % 10) / 10));
  assert.equal(footprint(sla), before);
});
