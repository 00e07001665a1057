import assert from "node:assert/strict";
import { FailureRate } from "../src/sla/failure_rate.ts";
import { failed, footprint, record, validator } from "./sla_records.ts";
import { defaultPlugins } from "../mod.ts";

Deno.test("failure_rate registers itself with its schema and description", () => {
  const entry = defaultPlugins().find("sla", "failure_rate");
  assert.equal(entry?.impl, FailureRate);
  assert.equal(entry?.schema, FailureRate.schema);
  assert.equal(entry?.description, "Failure rate minimum and maximum in percents.");
});

Deno.test("failure_rate schema takes min and max percentages and nothing else", () => {
  const valid = validator(FailureRate.schema);
  assert.equal(valid({ max: 0 }), true);
  assert.equal(valid({ min: 0, max: 100 }), true);
  assert.equal(valid({ min: 2.5 }), true);
  assert.equal(valid({}), false);
  assert.equal(valid({ max: 101 }), false);
  assert.equal(valid({ min: -1 }), false);
  assert.equal(valid({ max: "5" }), false);
  assert.equal(valid({ max: 5, maximum: 6 }), false);
  assert.equal(valid(5), false);
});

Deno.test("failure_rate over no iterations is 0 % and passes", () => {
  const sla = new FailureRate({ max: 0 });
  assert.equal(sla.success(), true);
  assert.equal(sla.detail(), "Failure rate criteria 0.00% <= 0.00% <= 0.00% - Passed");
});

Deno.test("failure_rate with a minimum above 0 fails an empty workload", () => {
  const sla = new FailureRate({ min: 10 });
  assert.equal(sla.success(), false);
  assert.equal(sla.detail(), "Failure rate criteria 10.00% <= 0.00% <= 100.00% - Failed");
});

Deno.test("failure_rate exactly at the maximum passes and one more failure fails", () => {
  const sla = new FailureRate({ max: 25 });
  assert.deepEqual([record(1), record(1), record(1), failed(1)].map((r) => sla.addIteration(r)), [
    true,
    true,
    true,
    true,
  ]);
  assert.equal(sla.detail(), "Failure rate criteria 0.00% <= 25.00% <= 25.00% - Passed");
  assert.equal(sla.addIteration(failed(1)), false);
  assert.equal(sla.success(), false);
  assert.equal(sla.detail(), "Failure rate criteria 0.00% <= 40.00% <= 25.00% - Failed");
});

Deno.test("failure_rate below the minimum fails and recovers once enough iterations failed", () => {
  const sla = new FailureRate({ min: 10, max: 50 });
  assert.equal(sla.addIteration(record(1)), false);
  assert.equal(sla.addIteration(failed(1, { error: ["TimeoutError", "late", ""] })), true);
  assert.equal(sla.addIteration(record(1)), true);
  assert.equal(sla.detail(), "Failure rate criteria 10.00% <= 33.33% <= 50.00% - Passed");
});

Deno.test("failure_rate keeps the same state after 10,000 more iterations", () => {
  const sla = new FailureRate({ max: 50 });
  for (let i = 0; i < 10; i++) sla.addIteration(i % 2 ? failed(1) : record(1));
  const before = footprint(sla);
  for (let i = 0; i < 10_000; i++) sla.addIteration(i % 2 ? failed(1) : record(1));
  assert.equal(footprint(sla), before);
  assert.equal(sla.detail(), "Failure rate criteria 0.00% <= 50.00% <= 50.00% - Passed");
});
