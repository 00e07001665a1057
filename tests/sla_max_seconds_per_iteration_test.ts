import assert from "node:assert/strict";
import { MaxSecondsPerIteration } from "../src/sla/max_seconds_per_iteration.ts";
import { failed, footprint, record, validator } from "./sla_records.ts";
import { defaultPlugins } from "../mod.ts";

Deno.test("max_seconds_per_iteration registers itself with its schema and description", () => {
  const entry = defaultPlugins().find("sla", "max_seconds_per_iteration");
  assert.equal(entry?.impl, MaxSecondsPerIteration);
  assert.equal(entry?.schema, MaxSecondsPerIteration.schema);
  assert.equal(entry?.description, "Maximum time for one iteration in seconds.");
});

Deno.test("max_seconds_per_iteration schema takes a number of seconds above 0", () => {
  const valid = validator(MaxSecondsPerIteration.schema);
  assert.equal(valid(2), true);
  assert.equal(valid(0.001), true);
  assert.equal(valid(0), false);
  assert.equal(valid(-1), false);
  assert.equal(valid("2"), false);
  assert.equal(valid({ max: 2 }), false);
});

Deno.test("max_seconds_per_iteration over no iterations is 0 s and passes", () => {
  const sla = new MaxSecondsPerIteration(2);
  assert.equal(sla.success(), true);
  assert.equal(sla.detail(), "Maximum seconds per iteration 0.00s <= 2.00s - Passed");
});

Deno.test("max_seconds_per_iteration passes an iteration of exactly the limit", () => {
  const sla = new MaxSecondsPerIteration(2);
  assert.equal(sla.addIteration(record(1.5)), true);
  assert.equal(sla.addIteration(record(2)), true);
  assert.equal(sla.detail(), "Maximum seconds per iteration 2.00s <= 2.00s - Passed");
});

Deno.test("max_seconds_per_iteration counts failed iterations and stays failed", () => {
  const sla = new MaxSecondsPerIteration(2);
  sla.addIteration(record(1));
  assert.equal(sla.addIteration(failed(2.5)), false);
  assert.equal(sla.addIteration(record(0.1)), false);
  assert.equal(sla.success(), false);
  assert.equal(sla.detail(), "Maximum seconds per iteration 2.50s <= 2.00s - Failed");
});

Deno.test("max_seconds_per_iteration keeps the same state after 10,000 more iterations", () => {
  const sla = new MaxSecondsPerIteration(5);
  for (let i = 0; i < 10; i++) sla.addIteration(record(i / 10));
  const before = footprint(sla);
  for (let i = 0; i < 10_000; i++) sla.addIteration(record(i / 10_000));
  assert.equal(footprint(sla), before);
});
