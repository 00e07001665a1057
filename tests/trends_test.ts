/**
 * Trends across runs: lining up workloads, marking what got worse or better,
 * and the page that shows it.
 */
import assert from "node:assert/strict";
import type { TaskResult, WorkloadResult } from "../src/model/results_document.ts";
import { buildTrends } from "../src/report/trends.ts";
import { trendsHtml, writeTrendsHtml } from "../src/report/html/trends_page.ts";
import { hasChromium, openPage } from "./helpers/headless_chromium.ts";

interface Figures {
  median: number;
  p95: number;
  total?: number;
  failed?: number;
  pass?: boolean;
  hookFailed?: number;
  scenario?: string;
}

function workload(uuid: string, f: Figures): WorkloadResult {
  const total = f.total ?? 100;
  return {
    uuid,
    position: 0,
    description: "",
    scenario: { [f.scenario ?? "Dummy.dummy"]: {} },
    runner: { constant: { times: total } },
    hooks: [{
      config: { description: "fault", action: { sys_call: "true" }, trigger: { event: {} } },
      results: [],
      summary: { success: 1, ...(f.hookFailed ? { failed: f.hookFailed } : {}) },
    }],
    sla: {},
    sla_results: { sla: [] },
    pass_sla: f.pass ?? true,
    contexts: {},
    status: "finished",
    start_time: 1,
    load_duration: 1,
    full_duration: 1,
    min_duration: f.median / 2,
    max_duration: f.p95 * 2,
    total_iteration_count: total,
    failed_iteration_count: f.failed ?? 0,
    statistics: {
      durations: {
        total: {
          name: "total",
          display_name: "total",
          count_per_iteration: 1,
          data: {
            iteration_count: total,
            min: f.median / 2,
            median: f.median,
            "90%ile": f.p95 * 0.9,
            "95%ile": f.p95,
            max: f.p95 * 2,
            avg: f.median,
            success: "100.0%",
          },
          children: [],
        },
        atomics: [],
      },
    },
  };
}

function task(uuid: string, createdAt: string, ...workloads: WorkloadResult[]): TaskResult {
  return {
    uuid,
    title: "nightly <load>",
    description: "",
    status: "finished",
    tags: [],
    seed: 1,
    created_at: createdAt,
    updated_at: createdAt,
    pass_sla: workloads.every((w) => w.pass_sla),
    input_task: {},
    subtasks: [{
      uuid: `${uuid}-s`,
      title: "main",
      description: "",
      status: "finished",
      run_in_parallel: false,
      workloads,
    }],
  };
}

Deno.test("runs are ordered by start and workloads matched by scenario and occurrence", () => {
  const late = task(
    "b",
    "2024-01-02T00:00:00Z",
    workload("b1", { median: 1, p95: 2 }),
    workload("b2", { median: 5, p95: 6 }),
  );
  const early = task("a", "2024-01-01T00:00:00Z", workload("a1", { median: 1, p95: 2 }));
  const trends = buildTrends([late, early]);
  assert.deepEqual(trends.runs.map((r) => r.uuid), ["a", "b"]);
  assert.deepEqual(trends.workloads.map((w) => w.key), ["Dummy.dummy#0", "Dummy.dummy#1"]);
  assert.deepEqual(trends.workloads[0].points.map((p) => p?.workloadUuid), ["a1", "b1"]);
  assert.deepEqual(trends.workloads[1].points.map((p) => p?.workloadUuid ?? null), [null, "b2"]);
  assert.equal(trends.workloads[0].label, "main (Dummy.dummy)");
});

Deno.test("a p95 up by more than 10 %, more failures, a failed SLA and more failed hook runs are worse", () => {
  const trends = buildTrends([
    task("a", "2024-01-01T00:00:00Z", workload("a1", { median: 1, p95: 2, failed: 1 })),
    task(
      "b",
      "2024-01-02T00:00:00Z",
      workload("b1", { median: 1.05, p95: 2.3, failed: 5, pass: false, hookFailed: 1 }),
    ),
    task("c", "2024-01-03T00:00:00Z", workload("c1", { median: 0.8, p95: 2.3, failed: 5 })),
  ]);
  const [first, second, third] = trends.workloads[0].points;
  assert.deepEqual(first!.changes, {});
  assert.deepEqual(second!.changes, {
    p95: "worse",
    p90: "worse",
    max: "worse",
    failureRate: "worse",
    passSla: "worse",
    hookFailures: "worse",
  });
  assert.equal(second!.values.failureRate, 5);
  assert.deepEqual(third!.changes, {
    median: "better",
    avg: "better",
    passSla: "better",
    hookFailures: "better",
  });
});

Deno.test("a workload missing from a run is compared with the last run that had it", () => {
  const trends = buildTrends([
    task("a", "2024-01-01T00:00:00Z", workload("a1", { median: 1, p95: 1, scenario: "X.y" })),
    task("b", "2024-01-02T00:00:00Z", workload("b1", { median: 1, p95: 1 })),
    task("c", "2024-01-03T00:00:00Z", workload("c1", { median: 2, p95: 1, scenario: "X.y" })),
  ]);
  const xy = trends.workloads.find((w) => w.key === "X.y#0")!;
  assert.equal(xy.points[1], null);
  assert.equal(xy.points[2]!.changes.median, "worse");
});

Deno.test("the trends page marks the newest run's regressions and escapes what it shows", () => {
  const trends = buildTrends([
    task("run-a", "2024-01-01T00:00:00Z", workload("a1", { median: 0.01, p95: 0.02 })),
    task("run-b", "2024-01-02T00:00:00Z", workload("b1", { median: 0.01, p95: 0.03 })),
  ]);
  const html = trendsHtml(trends, { script: "/* chart library */", style: "" });
  assert.match(
    html,
    /<h3>Run #2 against the runs before<\/h3><ul class="changes"><li class="worse"><a href="#trend-0">main \(Dummy\.dummy\)<\/a>: 90%ile up, 95%ile up, Max up<\/li>/,
  );
  // Durations in the report's units.
  assert.match(html, /<td class="num up">30 ms ▲<\/td>/);
  assert.match(html, /<td class="num ">10 ms<\/td>/);
  assert.ok(html.includes("nightly &lt;load&gt;"));
  assert.ok(!html.includes("nightly <load>"));
  assert.match(html, /#0 sys_call \(fault\): 1 ok/);
  const data = html.match(/<script type="application\/json" id="brunt-data">(.*?)<\/script>/)![1];
  const [durations] = JSON.parse(data).charts;
  assert.deepEqual(durations.series.map((s: { label: string }) => s.label), [
    "median",
    "90%ile",
    "95%ile",
    "avg",
    "max",
  ]);
  // The max line, which would flatten the others, is there but hidden.
  assert.deepEqual(durations.series[4].values, [0.04, 0.06]);
  assert.equal(durations.series[4].hidden, true);

  const one = buildTrends([
    task("x", "2024-01-01T00:00:00Z", workload("x1", { median: 1, p95: 2 })),
  ]);
  const calm = trendsHtml(one, { script: "", style: "" });
  assert.match(calm, /One run: nothing to compare with yet/);
});

Deno.test("runs of a workload in another configuration are compared apart, saying what differs", () => {
  const trends = buildTrends([
    task("a", "2024-01-01T00:00:00Z", workload("a1", { median: 1, p95: 2, total: 100 })),
    task("b", "2024-01-02T00:00:00Z", workload("b1", { median: 3, p95: 6, total: 300 })),
    task("c", "2024-01-03T00:00:00Z", workload("c1", { median: 1.5, p95: 3, total: 100 })),
  ]);
  assert.deepEqual(trends.workloads.map((w) => [w.key, w.variants, w.config]), [
    ["Dummy.dummy#0@1", 2, "runner.constant.times = 100"],
    ["Dummy.dummy#0@2", 2, "runner.constant.times = 300"],
  ]);
  const [hundred, threeHundred] = trends.workloads;
  assert.deepEqual(hundred.points.map((p) => p?.workloadUuid ?? null), ["a1", null, "c1"]);
  assert.deepEqual(threeHundred.points.map((p) => p?.workloadUuid ?? null), [null, "b1", null]);
  // Run c is compared with a, the last run of the same configuration, not with b.
  assert.equal(hundred.points[2]!.changes.median, "worse");
  assert.deepEqual(threeHundred.points[1]!.changes, {});
  const html = trendsHtml(trends, { script: "", style: "" });
  assert.match(
    html,
    /This workload ran with 2 configurations in these runs; each is compared only with runs of the same one\. This one: <code>runner\.constant\.times = 300<\/code>/,
  );
  assert.match(html, /One run of this workload in this configuration: nothing to compare it with/);
});

Deno.test({
  name:
    "in a browser the trends page draws a durations chart per workload, and a failure-rate chart where runs failed",
  ignore: !hasChromium(),
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "brunt_trends_" });
    try {
      const trends = buildTrends([
        task("a", "2024-01-01T00:00:00Z", workload("a1", { median: 1, p95: 2 })),
        task(
          "b",
          "2024-01-02T00:00:00Z",
          workload("b1", { median: 1, p95: 3, failed: 10 }),
          workload("b2", { median: 1, p95: 3, scenario: "X.y" }),
        ),
      ]);
      const path = `${dir}/trends.html`;
      await writeTrendsHtml(path, trends);
      await openPage(`file://${path}`, async (page) => {
        assert.deepEqual(page.errors, []);
        assert.equal(
          await page.evaluate(`document.querySelectorAll(".chart .uplot canvas").length`),
          3,
        );
        assert.deepEqual(
          await page.evaluate(
            `[...document.querySelectorAll("section.workload h3")].map((h) => h.textContent)`,
          ),
          ["Durations", "Failure rate", "By run", "Durations", "By run"],
        );
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
