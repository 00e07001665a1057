import assert from "node:assert/strict";
import type { StatsNode, WorkloadResult } from "../src/model/results_document.ts";
import { failuresTable, responseTimesTable, slaTable } from "../src/report/summary_tables.ts";
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
  "+-------------------------------------------------------------------------------------------+",
  "|                                      Response Times                                       |",
  "+-------------------+--------+--------+--------+--------+--------+--------+---------+-------+",
  "| Action            |    Min | Median | 90%ile | 95%ile |    Max |    Avg | Success | Count |",
  "+-------------------+--------+--------+--------+--------+--------+--------+---------+-------+",
  "| foo               | 500 ms | 750 ms | 950 ms | 975 ms |    1 s | 750 ms |   50.0% |     2 |",
  "|  -> bar           | 250 ms | 250 ms | 250 ms | 250 ms | 250 ms | 250 ms |  100.0% |     2 |",
  "|  --> deep         |    n/a |    n/a |    n/a |    n/a |    n/a |    n/a |     n/a |     0 |",
  "| baz (x2)          | 125 ms | 125 ms | 225 ms | 238 ms | 250 ms | 167 ms |  100.0% |     2 |",
  "| total             | 500 ms |    1 s |  2.2 s | 2.35 s |  2.5 s | 1.33 s |   66.7% |     3 |",
  "|  -> duration      | 500 ms |    1 s |  1.8 s |  1.9 s |    2 s | 1.17 s |   66.7% |     3 |",
  "|  -> idle_duration |    0 s |    0 s | 400 ms | 450 ms | 500 ms | 167 ms |   66.7% |     3 |",
  "+-------------------+--------+--------+--------+--------+--------+--------+---------+-------+",
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

Deno.test("the response times table lists atomics with nested rows indented, then total, in units that suit each", () => {
  assert.equal(responseTimesTable(STATISTICS), EXPECTED_TABLE);
});

Deno.test("sub-millisecond durations read in µs, never as 0.000", () => {
  const tiny = stats(
    "total",
    [0.0000031, 0.0000042, 0.000012, 0.000013, 0.00009, 0.0000051],
    "100.0%",
    9,
  );
  const table = responseTimesTable({ durations: { atomics: [], total: tiny } });
  assert.match(
    table,
    /\| total +\| 3\.1 µs \| 4\.2 µs \| +12 µs \| +13 µs \| +90 µs \| 5\.1 µs \|/,
  );
});

Deno.test("the response times table of an empty workload shows n/a for total", () => {
  const table = responseTimesTable(new WorkloadStats().toStatistics());
  const rows = table.split("\n").filter((l) => l.startsWith("| ") && !l.includes("Action"));
  assert.deepEqual(rows.map((r) => r.split("|")[1].trim()), [
    "Response Times",
    "total",
    "-> duration",
    "-> idle_duration",
  ]);
  assert.match(table, /\| total +\| n\/a \| +n\/a \|/);
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
  assert.equal(lines[0], "Response Times");
  assert.match(lines[1], /^Action {16}Min/);
  assert.match(lines[4], /^ -> bar /);
  assert.ok(lines.every((l) => !l.endsWith(" ")));
});

Deno.test("on 80 and 60 columns the response times table fits, keeping action, median and success", () => {
  for (const width of [80, 60]) {
    const lines = responseTimesTable(STATISTICS, { width }).split("\n");
    assert.ok(lines.every((l) => l.length <= width), `${width}:\n${lines.join("\n")}`);
    assert.match(lines[3], /Action .*Median .*Success/);
  }
  const at60 = responseTimesTable(STATISTICS, { width: 60 }).split("\n");
  assert.match(at60[3], /^\| Action +\| Median \| 95%ile \| +Max \| Success \|$/);
  assert.equal(at60.at(-1), "(not shown, to fit 60 columns: 90%ile, Min, Avg, Count)");
});

Deno.test("the failures table groups errors with their count, share and first iteration", () => {
  const w = workload({ failed_iteration_count: 5, total_iteration_count: 50 });
  const table = failuresTable(w, [
    {
      etype: "ValueError",
      msg: "code 500",
      details: "",
      count: 4,
      first: { iteration: 7, timestamp: 12.5 },
    },
    {
      etype: "ConnectionError",
      msg: "refused",
      details: "",
      count: 1,
      first: { iteration: 9, timestamp: 13 },
    },
  ], 0);
  const lines = table.split("\n");
  assert.match(lines[1], /Failures: 5 of 50 iterations/);
  assert.match(lines[5], /^\| ValueError: code 500 +\| +4 \| 80\.0 % \| #7 at \+2\.5 s \|$/);
  assert.match(lines[6], /^\| ConnectionError: refused \| +1 \| 20\.0 % \| #9 at \+3 s +\|$/);
  assert.equal(failuresTable(workload({ failed_iteration_count: 0 }), [], 0), "");
});

Deno.test("SLA table lists each criterion with PASS or FAIL and its detail", () => {
  const text = slaTable(workload({
    sla_results: {
      sla: [{
        criterion: "failure_rate",
        success: false,
        detail: "Failure rate criteria 0.00% <= 5.00% <= 0.00% - Failed",
      }],
    },
  }));
  assert.match(
    text,
    /failure_rate\s*\|\s*FAIL\s*\|\s*Failure rate criteria 0.00% <= 5.00% <= 0.00% - Failed/,
  );
  assert.equal(slaTable(workload()), "");
});
