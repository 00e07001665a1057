import assert from "node:assert/strict";
import { MaxAvgDuration } from "../src/sla/max_avg_duration.ts";
import { failed, footprint, record, validator } from "./sla_records.ts";
import { defaultPlugins } from "../mod.ts";

Deno.test("max_avg_duration registers itself with its schema and description", () => {
  const entry = defaultPlugins().find("sla", "max_avg_duration");
  assert.equal(entry?.impl, MaxAvgDuration);
  assert.equal(entry?.schema, MaxAvgDuration.schema);
  assert.equal(entry?.description, "Maximum average duration of one iteration in seconds.");
});

Deno.test("max_avg_duration schema takes a number of seconds above 0", () => {
  const valid = validator(MaxAvgDuration.schema);
  assert.equal(valid(1), true);
  assert.equal(valid(0.5), true);
  assert.equal(valid(0), false);
  assert.equal(valid(-0.5), false);
  assert.equal(valid(null), false);
});

Deno.test("max_avg_duration over no iterations is 0 s and passes", () => {
  const sla = new MaxAvgDuration(1);
  assert.equal(sla.success(), true);
  assert.equal(sla.detail(), "Average duration of one iteration 0.00s <= 1.00s - Passed");
});

Deno.test("max_avg_duration passes a mean of exactly the limit", () => {
  const sla = new MaxAvgDuration(1);
  assert.equal(sla.addIteration(record(0.5)), true);
  assert.equal(sla.addIteration(record(1.5)), true);
  assert.equal(sla.detail(), "Average duration of one iteration 1.00s <= 1.00s - Passed");
});

Deno.test("max_avg_duration leaves failed iterations out of the mean", () => {
  const sla = new MaxAvgDuration(1);
  sla.addIteration(record(0.5));
  assert.equal(sla.addIteration(failed(10)), true);
  assert.equal(sla.addIteration(record(1.5)), true);
  assert.equal(sla.detail(), "Average duration of one iteration 1.00s <= 1.00s - Passed");
});

Deno.test("max_avg_duration fails above the limit and recovers when the mean falls", () => {
  const sla = new MaxAvgDuration(1);
  sla.addIteration(record(0.5));
  sla.addIteration(record(1.5));
  assert.equal(sla.addIteration(record(1.3)), false);
  assert.equal(sla.detail(), "Average duration of one iteration 1.10s <= 1.00s - Failed");
  assert.equal(sla.addIteration(record(0.3)), true);
  assert.equal(sla.detail(), "Average duration of one iteration 0.90s <= 1.00s - Passed");
});

Deno.test("max_avg_duration with only failed iterations passes at 0 s", () => {
  const sla = new MaxAvgDuration(1);
  assert.equal(sla.addIteration(failed(5)), true);
  assert.equal(sla.detail(), "Average duration of one iteration 0.00s <= 1.00s - Passed");
});

Deno.test("max_avg_duration keeps the same state after 10,000 more iterations", () => {
  const sla = new MaxAvgDuration(1);
  for (let i = 0; i < 10; i++) sla.addIteration(record(0.25));
  const before = footprint(sla);
  for (let i = 0; i < 10_000; i++) sla.addIteration(i % 3 ? record(0.75) : failed(9));
  assert.equal(footprint(sla), before);
  assert.equal(sla.detail(), "Average duration of one iteration 0.75s <= 1.00s - Passed");
});
