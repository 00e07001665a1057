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

Deno.test("runs of one iteration raise count_per_iteration, not iteration_count", () => {
  const stats = new ActionStats("foo");
  stats.record(0.5, false, 0);
  stats.record(0.25, true, 0);
  stats.record(0.75, false, 0);
  stats.record(1, false, 1);
  assert.equal(stats.runs, 4);
  assert.equal(stats.failedRuns, 1);
  assert.equal(stats.iterationCount, 2);
  assert.equal(stats.countPerIteration, 3);
  const node = stats.toStatsNode();
  assert.equal(node.display_name, "foo (x3)");
  assert.equal(node.count_per_iteration, 3);
  assert.equal(node.data.success, "75.0%");
  assert.equal(node.data.median, 0.625);
});

Deno.test("children keep the order they were first asked for and are reused by name", () => {
  const stats = new ActionStats("root");
  const b = stats.child("b");
  stats.child("a");
  assert.equal(stats.child("b"), b);
  assert.deepEqual(stats.toStatsNode().children.map((c) => c.name), ["b", "a"]);
});
