import assert from "node:assert/strict";
import { DurationHistogram } from "../src/stats/duration_histogram.ts";
import { equalWidthBins, histogramForBins } from "../src/report/html/duration_bins.ts";
import type { IterationRecord } from "../src/model/iteration_record.ts";
import type { WorkloadResult } from "../src/model/results_document.ts";
import { TimeGrid, TimeSeriesBuilder } from "../src/report/html/chart_series.ts";
import { escapeHtml, jsonForScript } from "../src/report/html/escape.ts";
import { readHookConfig } from "../src/report/hook_config.ts";
import { renderHtmlReport, writeHtmlReport } from "../src/report/html/html_report.ts";
import { impactWindowSeconds } from "../src/report/html/impact.ts";
import { type PageData, PageDataBuilder } from "../src/report/html/page_data.ts";
import { renderWorkloadSection, verdictBadges } from "../src/report/html/workload_section.ts";
import { ScenarioOutputAggregator } from "../src/report/html/scenario_output.ts";
import { FAILURE_LIMITS, summarizeWorkload } from "../src/report/html/workload_summary.ts";
import { validateResults } from "../src/report/results_schema.ts";
import {
  SYNTHETIC_START,
  syntheticResults,
  XSS_PROBES,
  XSS_STRINGS,
} from "./helpers/synthetic_results.ts";

const small = syntheticResults({ iterations: 2000 });
const loaded = small.doc.tasks[0].subtasks[0].workloads[0];
let html: string | undefined;

/** The report of the 2,000-iteration synthetic document, rendered once. */
function smallReport(): string {
  html ??= renderHtmlReport(small.doc, small.iterationsOf);
  return html;
}

function pageData(page: string): PageData {
  const m = page.match(/<script type="application\/json" id="brunt-data">([^<]*)<\/script>/);
  assert.ok(m, "the page embeds its data in a script element of type application/json");
  return JSON.parse(m[1]);
}

function record(timestamp: number, duration: number, failed = false): IterationRecord {
  return {
    timestamp,
    duration,
    idle_duration: 0,
    error: failed ? ["E", "m", "d"] : [],
    output: { additive: [], complete: [] },
    atomic_actions: [],
  };
}

Deno.test("the synthetic document is a valid results document", () => {
  assert.deepEqual(validateResults(small.doc), []);
});

Deno.test("the hooks section lists every configured hook, fired or not", () => {
  const page = smallReport();
  for (let i = 0; i < loaded.hooks.length; i++) {
    assert.ok(page.includes(`data-hook-index="${i}"`), `hook ${i} has an entry`);
  }
  for (const d of ["fault injection", "never fires", "periodic probe", "failing restart"]) {
    assert.ok(page.includes(d), `the description "${d}" is shown`);
  }
  assert.match(page, /Never fired: no run was recorded for this hook/);
  assert.match(page, /Hooks \(5 configured, 8 runs\)/);
});

Deno.test("a hook's action and trigger are shown with their args, in both config forms", () => {
  const page = smallReport();
  assert.ok(page.includes("/usr/local/bin/inject-fault --latency 3x"));
  assert.ok(page.includes(escapeHtml(`{"unit":"iteration","at":[800]}`)));
  assert.deepEqual(
    readHookConfig({ name: "sys_call", args: "x", trigger: { name: "event", args: { at: [1] } } }),
    {
      description: "",
      actionName: "sys_call",
      actionArgs: "x",
      triggerName: "event",
      triggerArgs: { at: [1] },
    },
  );
  assert.deepEqual(
    readHookConfig({
      description: "d",
      action: { sys_call: "y" },
      trigger: { periodic: { step: 2 } },
    }),
    {
      description: "d",
      actionName: "sys_call",
      actionArgs: "y",
      triggerName: "periodic",
      triggerArgs: { step: 2 },
    },
  );
});

Deno.test("points a trigger did not reach are listed with their count", () => {
  const page = smallReport();
  const load = loaded.load_duration;
  assert.match(page, /Not reached<\/th><td>4 points: /);
  assert.ok(
    page.includes(
      `4 points: ${
        [1.25, 1.5, 1.75, 2].map((f) => String(Number((f * load).toFixed(2)))).join(", ")
      }`,
    ),
  );
  assert.match(page, /Not reached<\/th><td>1 point: /);
});

Deno.test("a failed hook run without output shows its error type, message and details", () => {
  const page = smallReport();
  assert.ok(page.includes("SubprocessError: Subprocess returned 1"));
  assert.ok(page.includes(`<pre>stderr: ${escapeHtml(XSS_STRINGS[0])}</pre>`));
  assert.match(page, /<span class="badge fail">failed<\/span>/);
});

Deno.test("markup in hook output and other document strings is shown as text, never as elements", () => {
  const page = smallReport();
  for (const s of [...XSS_STRINGS, ...XSS_PROBES]) {
    assert.ok(page.includes(escapeHtml(s)), `${s} appears escaped`);
  }
  assert.doesNotMatch(page, /<script>alert/i);
  assert.doesNotMatch(page, /<img src=x/i);
  assert.doesNotMatch(page, /<script>window\.__xss/i);
  assert.doesNotMatch(page, /<svg onload/i);
  assert.doesNotMatch(page, /<b>not bold/);
  // Exactly three scripts close: the data, the chart library and the page script.
  assert.equal(page.match(/<\/script/gi)?.length, 3);
  assert.equal(page.match(/<script/gi)?.length, 3);
});

Deno.test("embedded JSON escapes <, >, & and U+2028/9 and parses back unchanged", () => {
  const value = { s: "</script><!-- & \u2028\u2029 <img>", n: [1, null] };
  const json = jsonForScript(value);
  assert.doesNotMatch(json, /[<>&\u2028\u2029]/);
  assert.deepEqual(JSON.parse(json), value);
  const data = pageData(smallReport());
  const labels = data.annotations["w0-0-0"].map((m) => m.label);
  assert.ok(
    labels.some((l) => l.includes(XSS_PROBES[2])),
    "an annotation label keeps its markup as text",
  );
});

Deno.test("every hook run becomes an annotation coloured by its status, linked to its run", () => {
  const data = pageData(smallReport());
  const runs = data.annotations["w0-0-0"];
  assert.equal(runs.length, 8);
  const fault = runs.find((m) => m.label === "fault injection #1")!;
  assert.equal(fault.tone, "ok");
  assert.equal(fault.href, "#w0-0-0-h0-r0");
  assert.deepEqual(fault.data, { "hook-run": "w0-0-0-h0-r0", status: "success" });
  assert.ok(Math.abs(fault.from - 0.4 * loaded.load_duration) < 1e-3);
  assert.ok(Math.abs(fault.to - 0.5 * loaded.load_duration) < 1e-3);
  const failed = runs.find((m) => m.label === "failing restart #1")!;
  assert.equal(failed.tone, "bad");
  assert.equal(failed.kind, "hook run, failed");
  const timeCharts = data.charts.filter((c) => c.annotations === "w0-0-0");
  assert.ok(
    timeCharts.length >= 4,
    "load, throughput, duration and atomic charts carry the annotations",
  );
});

Deno.test("a caller's annotations join the hook runs on the time charts and in the legend", () => {
  const page = new PageDataBuilder();
  const w = small.doc.tasks[0].subtasks[0].workloads[0];
  const html = renderWorkloadSection(
    w,
    summarizeWorkload(w, small.iterationsOf(w)),
    page,
    "k",
    "t",
    {
      annotations: [
        { id: "k-fault", from: 4, to: 5, tone: "fault", kind: "fault window", label: "fault" },
        { id: "k-back", from: 6, to: 6, tone: "recovery", kind: "recovered", label: "" },
      ],
    },
  );
  const all = page.annotations("k");
  assert.equal(all.length, 10);
  assert.deepEqual(all.slice(-2).map((a) => a.id), ["k-fault", "k-back"]);
  assert.match(
    html,
    /Shaded on the time charts: <span class="swatch tone-ok"><\/span>hook run, succeeded, .*<span class="swatch tone-fault"><\/span>fault window, <span class="swatch tone-recovery"><\/span>recovered;/,
  );
});

Deno.test("time charts use 1 s buckets, finer only for short loads, never under 10 iterations a bucket", () => {
  assert.equal(TimeGrid.forWorkload(0, 30.003, 6706).width, 1);
  assert.equal(TimeGrid.forWorkload(0, 30.003, 6706).count, 30, "the sliver joins the last bucket");
  assert.equal(TimeGrid.forWorkload(0, 8.04, 100).width, 1);
  assert.equal(TimeGrid.forWorkload(0, 0.217, 200).width, 0.02);
  assert.equal(TimeGrid.forWorkload(0, 2, 20).width, 1, "10 iterations a bucket at least");
  assert.equal(TimeGrid.forWorkload(0, 3600, 1e6).width, 5, "at most 1,000 buckets");
  // The last bucket's rate counts only the time it covers.
  const grid = TimeGrid.forWorkload(0, 2.4, 400);
  assert.equal(grid.width, 0.2);
  const b = new TimeSeriesBuilder(grid);
  for (let i = 0; i < 240; i++) b.add(record((i + 0.5) / 100, 0.001));
  const rates = b.result().startedPerSecond;
  assert.deepEqual(new Set(rates), new Set([100]));
});

Deno.test("a workload without an SLA criterion shows 'no SLA', never a green 'passed', and its failures in red", () => {
  const w = { ...loaded, sla_results: { sla: [] }, pass_sla: true };
  assert.equal(
    verdictBadges({ ...w, failed_iteration_count: 5, total_iteration_count: 5 }),
    `<span class="badge idle" title="no SLA criterion judged it">no SLA</span> <span class="badge fail">all 5 failed</span>`,
  );
  // The badge follows pass_sla and the SLA results, whatever set them (a default SLA too).
  const judged = {
    ...w,
    pass_sla: false,
    sla_results: { sla: [{ criterion: "failure_rate", success: false, detail: "default" }] },
  };
  assert.match(verdictBadges(judged), /^<span class="badge fail">SLA failed<\/span>/);
});

Deno.test("failures are grouped by error, most frequent first, each failed iteration one click away", () => {
  const s = summarizeWorkload(loaded, small.iterationsOf(loaded));
  const { groups } = s.failureGroups;
  assert.equal(groups.reduce((n, g) => n + g.count, 0), loaded.failed_iteration_count);
  assert.ok(groups.every((g, i) => i === 0 || groups[i - 1].count >= g.count));
  const page = smallReport();
  assert.match(
    page,
    /<table class="grid failures by-error"><tr><th>Error type<\/th><th>Message<\/th><th>Iterations<\/th>/,
  );
  assert.match(page, /<details class="each-failure"><summary>Each failed iteration/);
});

Deno.test("the page references nothing remote: no http(s) URL in src, href, url() or @import", () => {
  const page = smallReport();
  assert.doesNotMatch(page, /\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
  assert.doesNotMatch(page, /url\(\s*["']?\s*(?:https?:)?\/\//i);
  assert.doesNotMatch(page, /@import/i);
  assert.match(page, /var uPlot=function/, "the chart library is inlined");
});

Deno.test("the overview lists each workload with its counts and SLA verdict", () => {
  const page = smallReport();
  assert.match(page, /<a href="#w0-0-0">loaded<\/a>/);
  assert.match(page, /<a href="#w0-1-0">skipped<\/a>/);
  assert.ok(page.includes(`>${loaded.failed_iteration_count} (`));
  assert.ok(page.includes("Input task"));
});

Deno.test("impact tables show the slowdown and failures after the fault injection run", () => {
  const s = summarizeWorkload(loaded, small.iterationsOf(loaded));
  const fault = s.impact.find((r) => r.hookIndex === 0 && r.runIndex === 0)!;
  assert.equal(s.impactWindow, impactWindowSeconds(loaded.load_duration));
  // Before: durations uniform in 50–75 ms; after: three times that.
  assert.ok(Math.abs(fault.before.p50! - 0.0625) / 0.0625 < 0.05, `p50 before ${fault.before.p50}`);
  assert.ok(Math.abs(fault.after.p50! - 0.1875) / 0.1875 < 0.05, `p50 after ${fault.after.p50}`);
  assert.ok(fault.after.p95! > 0.2);
  assert.ok(fault.before.failureRate! < 0.05);
  assert.ok(fault.after.failureRate! > 0.15);
  assert.ok(Math.abs(fault.before.iterations - s.impactWindow * 200) <= 1);
  assert.ok(Math.abs(fault.after.iterations - s.impactWindow * 200) <= 1);
  const never = s.impact.filter((r) => r.hookIndex === 1);
  assert.equal(never.length, 0);
});

Deno.test("the impact window is 10 % of the load, at most 10 s", () => {
  assert.equal(impactWindowSeconds(20), 2);
  assert.equal(impactWindowSeconds(3600), 10);
});

Deno.test("a workload's iterations are read in exactly one pass", () => {
  let calls = 0;
  let passes = 0;
  const once = (w: WorkloadResult): Iterable<IterationRecord> => {
    calls++;
    const inner = small.iterationsOf(w);
    return {
      [Symbol.iterator]() {
        passes++;
        if (passes > calls) throw new Error("iterated twice");
        return inner[Symbol.iterator]();
      },
    };
  };
  renderHtmlReport(small.doc, once);
  assert.equal(calls, 2, "called once per workload");
  assert.equal(passes, 2);
});

Deno.test("in-flight counts are the mean number of iterations running in each bucket", () => {
  const grid = new TimeGrid(100, 4, 1);
  const b = new TimeSeriesBuilder(grid);
  b.add(record(100.5, 2)); // runs 0.5–2.5: half of bucket 0, all of 1, half of 2
  b.add(record(101, 0.25)); // a quarter of bucket 1
  const s = b.result();
  assert.deepEqual(s.inFlight, [0.5, 1.25, 0.5, 0]);
  assert.deepEqual(s.startedPerSecond, [1, 1, 0, 0]);
  assert.deepEqual(s.durationMax, [2, 0.25, null, null]);
  assert.deepEqual(s.x, [0.5, 1.5, 2.5, 3.5]);
});

Deno.test("per-bucket percentiles come within 5 % of the exact values", () => {
  const grid = new TimeGrid(0, 1, 1);
  const b = new TimeSeriesBuilder(grid);
  for (let i = 1; i <= 1000; i++) b.add(record(0.5, i / 100));
  const s = b.result();
  assert.ok(Math.abs(s.durationP50[0]! - 5) / 5 < 0.05, `p50 ${s.durationP50[0]}`);
  assert.ok(Math.abs(s.durationP95[0]! - 9.5) / 9.5 < 0.05, `p95 ${s.durationP95[0]}`);
  assert.equal(s.durationMin[0], 0.01);
  assert.equal(s.durationAvg[0], 5.005);
});

Deno.test("the distribution's bins hold the minimum in the first and the maximum in the last", () => {
  const h = new DurationHistogram();
  for (const d of [1, 1.4, 1.6, 2.9, 3]) h.add(d);
  assert.deepEqual(equalWidthBins(h, 4), { edges: [1, 1.5, 2, 2.5, 3], counts: [2, 1, 0, 2] });
  const flat = new DurationHistogram();
  flat.add(2);
  assert.deepEqual(equalWidthBins(flat)!.counts, [1]);
  assert.equal(equalWidthBins(new DurationHistogram()), null);
});

Deno.test("past the kept values, durations land in their own bin even when the range is narrow", () => {
  // 0.0500 s to 0.0502 s: each bin is 5 µs wide, a hundredth of a percent of the durations.
  const min = 0.05;
  const max = 0.0502;
  const h = histogramForBins(min, max);
  const bins: number[] = new Array(40).fill(0);
  for (let i = 0; i < 4000; i++) {
    const d = min + ((i * 7919) % 4001) / 4000 * (max - min);
    h.add(d);
    bins[Math.min(39, Math.floor((d - min) / ((max - min) / 40)))]++;
  }
  const drawn = equalWidthBins(h)!.counts;
  assert.equal(drawn.reduce((a, b) => a + b, 0), 4000);
  for (let i = 0; i < 40; i++) {
    assert.ok(
      Math.abs(drawn[i] - bins[i]) <= bins[i] * 0.25 + 2,
      `bin ${i}: ${drawn[i]} vs ${bins[i]}`,
    );
  }
});

Deno.test("additive outputs are averaged per bucket and complete ones kept from the first iterations", () => {
  const agg = new ScenarioOutputAggregator(new TimeGrid(0, 2, 1));
  for (let i = 0; i < 6; i++) {
    agg.add({
      ...record(i < 3 ? 0.5 : 1.5, 0.1),
      output: {
        additive: [
          { title: "L", chart_plugin: "Lines", data: [["a", i]] },
          { title: "P", chart_plugin: "Pie", data: [["x", i], ["y", 1]] },
        ],
        complete: [{ title: `C${i}`, chart_plugin: "TextArea", data: [String(i)] }],
      },
    });
  }
  const o = agg.result();
  assert.deepEqual(o.series[0].values, [[1, 4]]);
  assert.deepEqual(o.stats[0].rows[0], { name: "x", count: 6, min: 0, avg: 2.5, max: 5 });
  assert.deepEqual(o.complete.map((c) => c.iteration), [1, 2, 3]);
  assert.equal(o.completeDropped, 3);
});

Deno.test("a workload that never ran gets no charts and no error", () => {
  const skipped = small.doc.tasks[0].subtasks[1].workloads[0];
  const s = summarizeWorkload(skipped, []);
  assert.equal(s.series, null);
  assert.equal(s.records, 0);
  assert.match(smallReport(), /No iterations ran/);
});

Deno.test("the report of 1,000,000 iterations stays under 10 MB with at most 1,000 failure rows", () => {
  const big = syntheticResults({ iterations: 1_000_000 });
  const w = big.doc.tasks[0].subtasks[0].workloads[0];
  const page = renderHtmlReport(big.doc, big.iterationsOf);
  const bytes = new TextEncoder().encode(page).length;
  assert.ok(bytes < 10 * 1024 * 1024, `${bytes} bytes`);
  const failures = page.match(/<table class="grid failures">([\s\S]*?)<\/table>/)![1];
  assert.equal(failures.match(/<tr>/g)!.length - 1, FAILURE_LIMITS.rows);
  assert.ok(
    page.includes(`… ${w.failed_iteration_count - FAILURE_LIMITS.rows} more failures not shown.`),
  );
  const data = pageData(page);
  assert.ok(data.charts.every((c) => c.x.length <= 1000), "every chart has at most 1,000 points");
  assert.equal(w.start_time, SYNTHETIC_START);
});

Deno.test("writeHtmlReport replaces the file whole and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/report.html`;
    await Deno.writeTextFile(path, "old");
    await writeHtmlReport(path, small.doc, small.iterationsOf);
    assert.equal(await Deno.readTextFile(path), smallReport());
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["report.html"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a written results document renders its hooks from its own raw data", async () => {
  const doc = JSON.parse(
    await Deno.readTextFile(new URL("./fixtures/results/hooks.json", import.meta.url)),
  );
  const w = doc.tasks[0].subtasks[0].workloads[0] as WorkloadResult;
  const page = renderHtmlReport(doc, (x) => x.data ?? []);
  for (let i = 0; i < w.hooks.length; i++) assert.ok(page.includes(`data-hook-index="${i}"`));
  assert.equal(
    pageData(page).annotations["w0-0-0"].length,
    w.hooks.reduce((n, h) => n + h.results.length, 0),
  );
  assert.doesNotMatch(page, /<dd>undefined<\/dd>/);
});
