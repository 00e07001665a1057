import assert from "node:assert/strict";
import { MaxAvgDurationPerAtomic } from "../src/sla/max_avg_duration_per_atomic.ts";
import { failed, footprint, record, validator } from "./sla_records.ts";
import { defaultPlugins } from "../mod.ts";

function detail(lines: string[], status: string): string {
  return ["Average duration of one iteration for atomic actions:", ...lines, `Status: ${status}`]
    .join("\n");
}

Deno.test("max_avg_duration_per_atomic registers itself with its schema and description", () => {
  const entry = defaultPlugins().find("sla", "max_avg_duration_per_atomic");
  assert.equal(entry?.impl, MaxAvgDurationPerAtomic);
  assert.equal(entry?.schema, MaxAvgDurationPerAtomic.schema);
  assert.equal(
    entry?.description,
    "Maximum average duration of one iterations atomic actions in seconds.",
  );
});

Deno.test("max_avg_duration_per_atomic schema takes action names with numbers", () => {
  const valid = validator(MaxAvgDurationPerAtomic.schema);
  assert.equal(valid({ boot: 1 }), true);
  assert.equal(valid({ "nova.boot_server": 1.5, delete: 0.5 }), true);
  assert.equal(valid({}), false);
  assert.equal(valid({ boot: "1" }), false);
  assert.equal(valid(1), false);
});

Deno.test("max_avg_duration_per_atomic over no iterations lists every action at 0 s and passes", () => {
  const sla = new MaxAvgDurationPerAtomic({ boot: 1, delete: 0.5 });
  assert.equal(sla.success(), true);
  assert.equal(
    sla.detail(),
    detail(["Action: 'boot'. 0.00s <= 1.00s", "Action: 'delete'. 0.00s <= 0.50s"], "Passed"),
  );
});

Deno.test("max_avg_duration_per_atomic passes a mean of exactly the limit", () => {
  const sla = new MaxAvgDurationPerAtomic({ boot: 1, delete: 0.5 });
  assert.equal(sla.addIteration(record(1, { atomics: [["boot", 0.5], ["delete", 0.25]] })), true);
  assert.equal(sla.addIteration(record(2, { atomics: [["boot", 1.5], ["list", 9]] })), true);
  assert.equal(
    sla.detail(),
    detail(["Action: 'boot'. 1.00s <= 1.00s", "Action: 'delete'. 0.25s <= 0.50s"], "Passed"),
  );
});

Deno.test("max_avg_duration_per_atomic fails when one action's mean is above its limit", () => {
  const sla = new MaxAvgDurationPerAtomic({ boot: 1, delete: 0.5 });
  sla.addIteration(record(1, { atomics: [["boot", 0.5], ["delete", 0.25]] }));
  assert.equal(sla.addIteration(record(1, { atomics: [["delete", 1.25]] })), false);
  assert.equal(sla.success(), false);
  assert.equal(
    sla.detail(),
    detail(["Action: 'boot'. 0.50s <= 1.00s", "Action: 'delete'. 0.75s <= 0.50s"], "Failed"),
  );
});

Deno.test("max_avg_duration_per_atomic counts each run of an action within one iteration", () => {
  const sla = new MaxAvgDurationPerAtomic({ boot: 1 });
  sla.addIteration(record(1, { atomics: [["boot", 0.5]] }));
  sla.addIteration(record(3, { atomics: [["boot", 1.5], ["boot", 1.5]] }));
  assert.equal(sla.detail(), detail(["Action: 'boot'. 1.17s <= 1.00s"], "Failed"));
});

Deno.test("max_avg_duration_per_atomic leaves failed iterations and nested actions out", () => {
  const sla = new MaxAvgDurationPerAtomic({ boot: 1 });
  sla.addIteration(record(1, { atomics: [["boot", 0.5]] }));
  assert.equal(sla.addIteration(failed(10, { atomics: [["boot", 10]] })), true);
  const nested = {
    name: "wrapper",
    started_at: 0,
    finished_at: 10,
    children: [{ name: "boot", started_at: 0, finished_at: 10, children: [] }],
  };
  assert.equal(sla.addIteration(record(10, { atomics: [nested] })), true);
  assert.equal(sla.detail(), detail(["Action: 'boot'. 0.50s <= 1.00s"], "Passed"));
});

Deno.test("max_avg_duration_per_atomic state does not grow with iterations or unknown actions", () => {
  const sla = new MaxAvgDurationPerAtomic({ boot: 1 });
  for (let i = 0; i < 10; i++) sla.addIteration(record(1, { atomics: [["boot", 0.5]] }));
  const before = footprint(sla);
  for (let i = 0; i < 10_000; i++) {
    sla.addIteration(record(1, { atomics: [["boot", 0.5], [`other_${i}`, 0.1]] }));
  }
  assert.equal(footprint(sla), before);
});
