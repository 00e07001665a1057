import assert from "node:assert/strict";
import { ActionStats, formatSuccess } from "../src/stats/action_stats.ts";

Deno.test("success is written with one decimal as Rally writes it", () => {
  assert.equal(formatSuccess(5, 5), "100.0%");
  assert.equal(formatSuccess(0, 5), "0.0%");
  assert.equal(formatSuccess(2, 3), "66.7%");
  assert.equal(formatSuccess(1, 3), "33.3%");
  assert.equal(formatSuccess(1, 8), "12.5%");
  assert.equal(formatSuccess(999, 1000), "99.9%");
  assert.equal(formatSuccess(19999, 20000), "100.0%");
});

Deno.test("success rounds exact ties to even, as Python's %.1f does", () => {
  assert.equal(formatSuccess(49, 400), "12.2%"); // 12.25
  assert.equal(formatSuccess(51, 400), "12.8%"); // 12.75
});

Deno.test("success of an action that never ran is n/a", () => {
  assert.equal(formatSuccess(0, 0), "n/a");
});

Deno.test("a row of an action run three times an iteration is named name (x3) and counts iterations", () => {
  const stats = new ActionStats("foo", {}, 3);
  stats.record(1.5, false);
  stats.record(0.5, true);
  stats.record(1, false);
  assert.equal(stats.iterationCount, 3);
  assert.equal(stats.failedCount, 1);
  const node = stats.toStatsNode();
  assert.equal(node.name, "foo");
  assert.equal(node.display_name, "foo (x3)");
  assert.equal(node.count_per_iteration, 3);
  assert.equal(node.data.iteration_count, 3);
  assert.equal(node.data.success, "66.7%");
  assert.equal(node.data.median, 1);
});

Deno.test("children keep the order they were first asked for and are reused by name and count", () => {
  const stats = new ActionStats("root");
  const b = stats.child("b");
  stats.child("a");
  const b2 = stats.child("b", 2);
  assert.equal(stats.child("b"), b);
  assert.equal(stats.child("b", 2), b2);
  assert.deepEqual(stats.toStatsNode().children.map((c) => c.display_name), ["b", "a", "b (x2)"]);
});
