import assert from "node:assert/strict";
import type { StatsNode, WorkloadResult } from "../src/model/results_document.ts";
import { responseTimesTable, workloadSummary } from "../src/report/summary_tables.ts";
import { WorkloadStats } from "../src/stats/workload_stats.ts";

function stats(
  name: string,
  figures: [number, number, number, number, number, number] | null,
  success: string,
  count: number,
  children: StatsNode[] = [],
  display_name = name,
): StatsNode {
  const [min, median, p90, p95, max, avg] = figures ?? [null, null, null, null, null, null];
  return {
    name,
    display_name,
    count_per_iteration: 1,
    data: {
      iteration_count: count,
      min,
      median,
      "90%ile": p90,
      "95%ile": p95,
      max,
      avg,
      success,
    },
    children,
  };
}

const STATISTICS: WorkloadResult["statistics"] = {
  durations: {
    atomics: [
      stats("foo", [0.5, 0.75, 0.95, 0.975, 1, 0.75], "50.0%", 2, [
        stats("bar", [0.25, 0.25, 0.25, 0.25, 0.25, 0.25], "100.0%", 2, [
          stats("deep", null, "n/a", 0),
        ]),
      ]),
      stats("baz", [0.125, 0.125, 0.225, 0.2375, 0.25, 0.16666], "100.0%", 2, [], "baz (x2)"),
    ],
    total: stats("total", [0.5, 1, 2.2, 2.35, 2.5, 4 / 3], "66.7%", 3, [
      stats("duration", [0.5, 1, 1.8, 1.9, 2, 3.5 / 3], "66.7%", 3),
      stats("idle_duration", [0, 0, 0.4, 0.45, 0.5, 0.5 / 3], "66.7%", 3),
    ]),
  },
};

const EXPECTED_TABLE = [
  "+----------------------------------------------------------------------------------------------------------------------+",
  "|                                                 Response Times (sec)                                                 |",
  "+-------------------+-----------+--------------+--------------+--------------+-----------+-----------+---------+-------+",
  "| Action            | Min (sec) | Median (sec) | 90%ile (sec) | 95%ile (sec) | Max (sec) | Avg (sec) | Success | Count |",
  "+-------------------+-----------+--------------+--------------+--------------+-----------+-----------+---------+-------+",
  "| foo               |     0.500 |        0.750 |        0.950 |        0.975 |     1.000 |     0.750 |   50.0% |     2 |",
  "|  -> bar           |     0.250 |        0.250 |        0.250 |        0.250 |     0.250 |     0.250 |  100.0% |     2 |",
  "|  --> deep         |       n/a |          n/a |          n/a |          n/a |       n/a |       n/a |     n/a |     0 |",
  "| baz (x2)          |     0.125 |        0.125 |        0.225 |        0.237 |     0.250 |     0.167 |  100.0% |     2 |",
  "| total             |     0.500 |        1.000 |        2.200 |        2.350 |     2.500 |     1.333 |   66.7% |     3 |",
  "|  -> duration      |     0.500 |        1.000 |        1.800 |        1.900 |     2.000 |     1.167 |   66.7% |     3 |",
  "|  -> idle_duration |     0.000 |        0.000 |        0.400 |        0.450 |     0.500 |     0.167 |   66.7% |     3 |",
  "+-------------------+-----------+--------------+--------------+--------------+-----------+-----------+---------+-------+",
].join("\n");

function workload(overrides: Partial<WorkloadResult> = {}): WorkloadResult {
  return {
    uuid: "u",
    position: 0,
    description: "",
    scenario: { "Dummy.dummy": { sleep: 0.05 } },
    runner: { constant: { times: 3 } },
    hooks: [],
    sla: {},
    sla_results: { sla: [] },
    pass_sla: true,
    contexts: {},
    status: "finished",
    start_time: 10,
    load_duration: 3,
    full_duration: 3.25,
    min_duration: 0.5,
    max_duration: 2,
    total_iteration_count: 3,
    failed_iteration_count: 1,
    statistics: STATISTICS,
    ...overrides,
  };
}

// deno-lint-ignore no-control-regex
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, "");

Deno.test("the response times table lists atomics with nested rows indented, then total", () => {
  assert.equal(responseTimesTable(STATISTICS), EXPECTED_TABLE);
});

Deno.test("the response times table of an empty workload shows n/a for total", () => {
  const table = responseTimesTable(new WorkloadStats().toStatistics());
  const rows = table.split("\n").filter((l) => l.startsWith("| ") && !l.includes("Action"));
  assert.deepEqual(rows.map((r) => r.split("|")[1].trim()), [
    "Response Times (sec)",
    "total",
    "-> duration",
    "-> idle_duration",
  ]);
  assert.ok(
    table.includes(
      "| total             |       n/a |          n/a |          n/a |          n/a |       n/a |       n/a |     n/a |     0 |",
    ),
  );
});

Deno.test("the response times table has no ANSI codes unless color is asked for", () => {
  assert.ok(!responseTimesTable(STATISTICS).includes("\x1b"));
  const colored = responseTimesTable(STATISTICS, { color: true });
  assert.ok(colored.includes("\x1b[31m66.7%\x1b[39m"));
  assert.ok(colored.includes("\x1b[1mAction\x1b[22m"));
  // Colors never shift columns.
  assert.equal(stripAnsi(colored), EXPECTED_TABLE);
});

Deno.test("the plain style lays out the same rows without borders", () => {
  const lines = responseTimesTable(STATISTICS, { style: "plain" }).split("\n");
  assert.equal(lines[0], "Response Times (sec)");
  assert.match(lines[1], /^Action {13}Min \(sec\)/);
  assert.match(lines[4], /^ -> bar /);
  assert.ok(lines.every((l) => !l.endsWith(" ")));
});

Deno.test("a workload summary has a heading, the table and the load figures", () => {
  const summary = workloadSummary(workload());
  assert.equal(
    summary,
    [
      "Dummy.dummy (workload 0, finished)",
      EXPECTED_TABLE,
      "Load duration: 3.000 s",
      "Full duration: 3.250 s",
      "Iterations: 3 (1 failed)",
    ].join("\n"),
  );
});

Deno.test("a colored workload summary marks failed iterations red and reads the same without color", () => {
  const colored = workloadSummary(workload(), { color: true });
  assert.ok(colored.endsWith("Iterations: 3 (\x1b[31m1 failed\x1b[39m)"));
  assert.equal(stripAnsi(colored), workloadSummary(workload()));
  const clean = workloadSummary(workload({ failed_iteration_count: 0 }), { color: true });
  assert.match(clean, /Iterations: 3 \(0 failed\)$/);
});
