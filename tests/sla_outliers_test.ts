import assert from "node:assert/strict";
import { Outliers, type OutliersArgs } from "../src/sla/outliers.ts";
import { failed, footprint, record, validator } from "./sla_records.ts";
import { validatedArgs } from "./helpers/validated_args.ts";
import { defaultPlugins } from "../mod.ts";

// The criterion for `args` as a task file gives them (Rally's defaults filled in).
function outliers(args: Partial<OutliersArgs> = {}): Outliers {
  return new Outliers(validatedArgs<OutliersArgs>(Outliers.schema, args));
}

function feed(sla: Outliers, durations: number[]): boolean[] {
  return durations.map((d) => sla.addIteration(record(d)));
}

Deno.test("outliers registers itself with its schema and description", () => {
  const entry = defaultPlugins().find("sla", "outliers");
  assert.equal(entry?.impl, Outliers);
  assert.equal(entry?.schema, Outliers.schema);
  assert.match(
    entry?.description ?? "",
    /^Limit the number of outliers \(iterations that take too much time\)\./,
  );
});

Deno.test("outliers schema fills Rally's defaults and rejects bad values", () => {
  const valid = validator(Outliers.schema);
  const args = {};
  assert.equal(valid(args), true);
  assert.deepEqual(args, { max: 0, min_iterations: 3, sigmas: 3 });
  assert.equal(valid({ max: 1, min_iterations: 10, sigmas: 2.5 }), true);
  assert.equal(valid({ max: 1.5 }), false);
  assert.equal(valid({ max: -1 }), false);
  assert.equal(valid({ min_iterations: 2 }), false);
  assert.equal(valid({ sigmas: 0 }), false);
  assert.equal(valid({ sigma: 2 }), false);
});

Deno.test("outliers over no iterations finds none and passes", () => {
  const sla = outliers();
  assert.equal(sla.success(), true);
  assert.equal(sla.detail(), "Maximum number of outliers 0 <= 0 - Passed");
});

Deno.test("outliers counts an iteration above mean + 3 std of the ones before it", () => {
  // After four 1 s iterations the threshold is 1 + 3 * 0 = 1, so 10 s is an outlier.
  const sla = outliers();
  assert.deepEqual(feed(sla, [1, 1, 1, 1, 10]), [true, true, true, true, false]);
  assert.equal(sla.detail(), "Maximum number of outliers 1 <= 0 - Failed");
});

Deno.test("outliers passes with exactly max outliers", () => {
  const sla = outliers({ max: 1 });
  feed(sla, [1, 1, 1, 10]);
  assert.equal(sla.success(), true);
  assert.equal(sla.detail(), "Maximum number of outliers 1 <= 1 - Passed");
});

Deno.test("outliers judges each iteration against the iterations before it only", () => {
  // Before 3.5: mean 2, std √2, threshold 3.414 → outlier. With 3.5 itself
  // in the data the threshold would be 3.82 and it would not be one.
  const sla = outliers({ max: 0, sigmas: 1 });
  feed(sla, [1, 3, 3.5]);
  assert.equal(sla.detail(), "Maximum number of outliers 1 <= 0 - Failed");
});

Deno.test("outliers ignores iterations before min_iterations", () => {
  // 10 s is the third iteration: an outlier with min_iterations 3, not with 4.
  // 20 s then exceeds mean 4 + 3 * √27 = 19.59 either way.
  const four = outliers({ max: 5, min_iterations: 4 });
  feed(four, [1, 1, 10, 20]);
  assert.equal(four.detail(), "Maximum number of outliers 1 <= 5 - Passed");
  const three = outliers({ max: 5, min_iterations: 3 });
  feed(three, [1, 1, 10, 20]);
  assert.equal(three.detail(), "Maximum number of outliers 2 <= 5 - Passed");
});

Deno.test("outliers leaves failed iterations out", () => {
  const sla = outliers();
  sla.addIteration(record(1));
  sla.addIteration(record(1));
  assert.equal(sla.addIteration(failed(100)), true);
  sla.addIteration(record(1));
  assert.equal(sla.detail(), "Maximum number of outliers 0 <= 0 - Passed");
});

Deno.test("outliers finds none while the threshold is 0, as Rally does", () => {
  const sla = outliers();
  feed(sla, [0, 0, 5]);
  assert.equal(sla.detail(), "Maximum number of outliers 0 <= 0 - Passed");
});

Deno.test("outliers keeps the same state after 10,000 more iterations", () => {
  const sla = outliers({ max: 10_000 });
  feed(sla, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const before = footprint(sla);
  for (let i = 0; i < 10_000; i++) sla.addIteration(i % 100 === 0 ? record(50) : record(1));
  assert.equal(footprint(sla), before);
});
