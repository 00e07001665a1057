/**
 * Atomic action statistics as Rally computes them: the raw iterations of
 * Rally 3.3's own runs (tests/fixtures/rally/q4_atomics_rally_results.json, from its JSON
 * reports of q4_atomics.json and q4_atomic_shapes.json) fed to brunt's
 * streaming statistics give Rally's `statistics` block: actions merged by
 * name within an iteration, their durations summed, one row per repeat
 * count (`name (xN)`), Rally's `<no-name-action>` row. Rally rounds its
 * figures to 3 decimals; brunt keeps full precision.
 */
import assert from "node:assert/strict";
import type { IterationRecord } from "../../src/model/iteration_record.ts";
import type { StatsNode } from "../../src/model/results_document.ts";
import { WorkloadStats } from "../../src/stats/workload_stats.ts";
import { rallyStats, type RallyStatsNode } from "../../src/report/rally_export.ts";

interface RallyWorkload {
  title: string;
  data: IterationRecord[];
  statistics: { durations: { total: RallyStatsNode; atomics: RallyStatsNode[] } };
}

const FIXTURE: { workloads: RallyWorkload[] } = JSON.parse(
  Deno.readTextFileSync(
    new URL("../fixtures/rally/q4_atomics_rally_results.json", import.meta.url),
  ),
);

// brunt's node in Rally's form (3 decimals, "n/a"), cut to `depth` levels: Rally merges three
// levels of nesting and drops the rest.
function asRally(node: StatsNode, depth = 3): RallyStatsNode {
  const rally = rallyStats(node);
  const cut = (n: RallyStatsNode, left: number): RallyStatsNode => ({
    ...n,
    children: left > 1 ? n.children.map((c) => cut(c, left - 1)) : [],
  });
  return cut(rally, depth);
}

// Rally rounds half to even on binary floats; brunt's figures may differ by one in the third
// decimal on a tie. Everything else must be equal.
function assertSameRow(brunt: RallyStatsNode, rally: RallyStatsNode, where: string): void {
  assert.equal(brunt.display_name, rally.display_name, where);
  assert.equal(brunt.name, rally.name, where);
  assert.equal(brunt.count_per_iteration, rally.count_per_iteration, where);
  for (const [key, value] of Object.entries(rally.data)) {
    const got = brunt.data[key];
    if (typeof value === "number" && typeof got === "number" && key !== "iteration_count") {
      assert.ok(Math.abs(got - value) <= 0.0010001, `${where} ${key}: ${got} vs Rally's ${value}`);
    } else assert.equal(got, value, `${where} ${key}`);
  }
  assert.deepEqual(
    brunt.children.map((c) => c.display_name),
    rally.children.map((c) => c.display_name),
    `${where} children`,
  );
  brunt.children.forEach((c, i) =>
    assertSameRow(c, rally.children[i], `${where} > ${c.display_name}`)
  );
}

for (const workload of FIXTURE.workloads) {
  Deno.test(`statistics of Rally's "${workload.title}" iterations are Rally's rows and figures`, () => {
    const stats = new WorkloadStats();
    for (const record of workload.data) stats.add(record);
    const { durations } = stats.toStatistics();
    const rally = workload.statistics.durations;
    assertSameRow(asRally(durations.total), rally.total, "total");
    assert.deepEqual(
      durations.atomics.map((a) => a.display_name),
      rally.atomics.map((a) => a.display_name),
    );
    durations.atomics.forEach((a, i) =>
      assertSameRow(asRally(a), rally.atomics[i], a.display_name)
    );
  });
}

Deno.test("Dummy.dummy_random_fail_in_atomic: rows per repeat count with Rally's counts and successes", () => {
  const workload = FIXTURE.workloads.find((w) => w.title === "random fail in atomic")!;
  const stats = new WorkloadStats();
  for (const record of workload.data) stats.add(record);
  const rows = (nodes: StatsNode[], depth = 0): string[] =>
    nodes.flatMap((n) => [
      `${" ".repeat(depth)}${n.display_name} ${n.data.success} ${n.data.iteration_count}`,
      ...rows(n.children, depth + 1),
    ]);
  // Rally's table (FINDINGS §4): 39 iterations ran dummy_fail_test twice, 11 once.
  assert.deepEqual(rows(stats.toStatistics().durations.atomics), [
    "dummy_fail_test (x2) 79.5% 39",
    " dummy_fail_inner_test (x2) 93.9% 33",
    " dummy_fail_inner_test 100.0% 6",
    "dummy_fail_test 0.0% 11",
    " dummy_fail_inner_test 0.0% 4",
  ]);
});

Deno.test("brunt keeps nesting levels beyond Rally's three", () => {
  const workload = FIXTURE.workloads.find((w) => w.title === "deep")!;
  const stats = new WorkloadStats();
  for (const record of workload.data) stats.add(record);
  const [level1] = stats.toStatistics().durations.atomics;
  assert.equal(level1.children[0].children[0].children[0]?.name, "level4");
});
