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
    task("run-a", "2024-01-01T00:00:00Z", workload("a1", { median: 1, p95: 2 })),
    task("run-b", "2024-01-02T00:00:00Z", workload("b1", { median: 1, p95: 3 })),
  ]);
  const html = trendsHtml(trends, { script: "/* chart library */", style: "" });
  assert.match(
    html,
    /<h2>Run #2 against the runs before<\/h2><ul class="changes"><li class="worse">main \(Dummy\.dummy\): 90%ile up, 95%ile up, Max up<\/li>/,
  );
  assert.match(html, /<td class="num worse">3\.000 ▲<\/td>/);
  assert.ok(html.includes("nightly &lt;load&gt;"));
  assert.ok(!html.includes("nightly <load>"));
  assert.match(html, /#0 sys_call \(fault\): 1 ok/);
  const data = html.match(/<script type="application\/json" id="trends-data">(.*?)<\/script>/)![1];
  const series = JSON.parse(data)[0].series;
  assert.deepEqual(series[3], [4, 6], "max per run");

  const one = buildTrends([
    task("x", "2024-01-01T00:00:00Z", workload("x1", { median: 1, p95: 2 })),
  ]);
  const calm = trendsHtml(one, { script: "", style: "" });
  assert.match(calm, /One run: nothing to compare with yet/);
});

Deno.test({
  name: "in a browser the trends page draws one chart per workload without errors",
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
          2,
        );
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
