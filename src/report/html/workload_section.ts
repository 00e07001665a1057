/**
 * The section of the HTML report for one workload: facts, time charts with
 * hook runs and resilience windows (and any other annotations) shaded,
 * histogram, statistics, failures by error, scenario output, SLA,
 * resilience, hooks and configuration.
 *
 * @module
 */
import type { StatsNode, WorkloadResult } from "../../model/results_document.ts";
import { roundSig, type TimeSeries } from "./chart_series.ts";
import { formatSeconds } from "../format_seconds.ts";
import { escapeHtml } from "./escape.ts";
import {
  formatEpoch,
  formatNumber,
  formatPercent,
  orDash,
  prettyJson,
  shortJson,
} from "./format.ts";
import { hookAnnotations, renderHooksSection } from "./hooks_section.ts";
import { renderResilienceSection, resilienceAnnotations } from "./resilience_section.ts";
import { figure, more, pie, renderOutputChart } from "./output_charts.ts";
import type { AnnotationSpec, ChartSpec, PageDataBuilder, SeriesSpec } from "./page_data.ts";
import type { WorkloadSummary } from "./workload_summary.ts";

/** The name of the `{name: args}` object's single key, `?` when it has none. */
export function pluginName(o: Record<string, unknown> | undefined): string {
  const keys = o ? Object.keys(o) : [];
  return keys.length > 0 ? keys[0] : "?";
}

/** What a caller adds to a workload's section. */
export interface WorkloadSectionExtras {
  /** More spans of time to shade on the time charts, beside the hook runs. */
  annotations?: readonly AnnotationSpec[];
}

/** The HTML of one workload's section; `key` is its DOM id. */
export function renderWorkloadSection(
  workload: WorkloadResult,
  summary: WorkloadSummary,
  page: PageDataBuilder,
  key: string,
  subtaskTitle: string,
  extras: WorkloadSectionExtras = {},
): string {
  const scenario = pluginName(workload.scenario);
  const start = workload.start_time ?? summary.grid?.start ?? null;
  const runs = start !== null ? hookAnnotations(workload, start, key) : [];
  page.annotate(key, [
    ...resilienceAnnotations(workload, key),
    ...runs,
    ...(extras.annotations ?? []),
  ]);
  const resilience = renderResilienceSection(workload, key);
  const parts = [
    `<section class="workload" id="${escapeHtml(key)}">`,
    `<h2>${verdictBadges(workload)} ${escapeHtml(subtaskTitle)}${
      subtaskTitle === scenario
        ? ""
        : ` <span class="muted">·</span> <code>${escapeHtml(scenario)}</code>`
    }</h2>`,
    workload.description ? `<p class="muted">${escapeHtml(workload.description)}</p>` : "",
    facts(workload, summary),
    timeCharts(summary, page, key),
    section("Duration distribution", histogram(summary, page)),
    section("Statistics", statsTable(workload)),
    section(`Failures (${workload.failed_iteration_count})`, failures(summary)),
    scenarioOutput(summary, page, key),
    section("SLA", slaTable(workload)),
    resilience ? section("Resilience", resilience, "resilience") : "",
    section(
      `Hooks (${(workload.hooks ?? []).length} configured, ${runs.length} run${
        runs.length === 1 ? "" : "s"
      })`,
      renderHooksSection(workload, summary, page, key),
      "hooks",
    ),
    `<details class="config"><summary>Configuration</summary><table class="kv">` +
    kvJson("Scenario", workload.scenario) + kvJson("Runner", workload.runner) +
    kvJson("SLA", workload.sla) + kvJson("Contexts", workload.contexts) + `</table></details>`,
    `</section>`,
  ];
  return parts.join("\n");
}

function section(title: string, body: string, cls = ""): string {
  return `<div class="part${cls ? ` ${cls}` : ""}"><h3>${escapeHtml(title)}</h3>${body}</div>`;
}

/**
 * A workload's verdict as badges: its SLA as its `pass_sla` and SLA
 * results say (passed, failed, or "no SLA" when it has no criterion), and
 * beside it, in red, how many iterations failed.
 */
export function verdictBadges(w: WorkloadResult): string {
  const failed = w.failed_iteration_count ?? 0;
  const total = w.total_iteration_count ?? 0;
  const failures = failed > 0
    ? ` <span class="badge fail">${
      failed === total
        ? `all ${formatNumber(total)}`
        : `${formatNumber(failed)} of ${formatNumber(total)}`
    } failed</span>`
    : "";
  return slaBadge(w.pass_sla, w.sla_results?.sla?.length ?? 0) + failures;
}

/**
 * An SLA verdict as a badge: "SLA failed" when `pass` is false, "SLA
 * passed" when it is true and some criterion judged it, "no SLA" (grey)
 * when none did.
 */
export function slaBadge(pass: boolean, criteria: number): string {
  return !pass
    ? `<span class="badge fail">SLA failed</span>`
    : criteria > 0
    ? `<span class="badge pass">SLA passed</span>`
    : `<span class="badge idle" title="no SLA criterion judged it">no SLA</span>`;
}

function facts(w: WorkloadResult, s: WorkloadSummary): string {
  const failedRate = w.total_iteration_count > 0
    ? w.failed_iteration_count / w.total_iteration_count
    : null;
  const items: [string, string][] = [
    ["Runner", `${pluginName(w.runner)} ${shortJson(w.runner?.[pluginName(w.runner)], 300)}`],
    ["Status", orDash(w.status)],
    ["Iterations", formatNumber(w.total_iteration_count)],
    ["Failures", `${formatNumber(w.failed_iteration_count)} (${formatPercent(failedRate)})`],
    ["Started", formatEpoch(w.start_time)],
    ["Load duration", formatSeconds(w.load_duration, "units")],
    ["Full duration", formatSeconds(w.full_duration, "units")],
    ["Hooks", `${(w.hooks ?? []).length}`],
  ];
  if (s.records !== w.total_iteration_count) {
    items.push(["Records read", formatNumber(s.records)]);
  }
  return `<dl class="facts">${
    items.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join("")
  }</dl>`;
}

function timeCharts(s: WorkloadSummary, page: PageDataBuilder, key: string) {
  const ts = s.series;
  if (!ts) return section("Load", `<p class="muted">No iterations ran.</p>`);
  const x = s.grid!.centers();
  const time = (
    yLabel: string,
    series: SeriesSpec[],
    unit: ChartSpec["unit"],
  ): ChartSpec => ({
    kind: "lines",
    xLabel: "time since the load's start",
    xUnit: "seconds",
    yLabel,
    x,
    series,
    annotations: key,
    unit,
  });
  const width = escapeHtml(formatSeconds(ts.bucketWidth, "units"));
  const parts = [
    `<p class="muted legend-hint">${annotationLegend(page.annotations(key))}` +
    `Drag to zoom, double-click to reset.</p>`,
    section(
      "Load profile",
      page.chart(time("iterations in flight", [
        { label: "in flight (mean)", values: ts.inFlight },
      ], "number")),
    ),
    section(
      "Throughput",
      page.chart(time("iterations per second", [
        { label: "started/s", values: ts.startedPerSecond },
        { label: "failed/s", values: ts.failedPerSecond, color: "#d62728" },
      ], "number")) +
        `<p class="muted">Iterations started (and failed) per second, in buckets of ${width}.</p>`,
    ),
    section(
      "Iteration duration",
      page.chart(time("iteration duration", durationSeries(ts), "seconds")) +
        `<p class="muted">Iterations by start time, in buckets of ${width}.</p>`,
    ),
  ];
  if (ts.atomics.length > 0) {
    parts.push(section(
      "Atomic actions (mean duration)",
      page.chart(
        time(
          "mean duration",
          ts.atomics.map((a) => ({ label: a.name, values: a.avg })),
          "seconds",
        ),
      ) +
        more(ts.atomicsDropped, "actions"),
    ));
  }
  return parts.join("");
}

/** What the shaded bands and lines of the time charts are, one swatch per kind. */
function annotationLegend(annotations: readonly AnnotationSpec[]): string {
  const kinds = new Map<string, string>();
  for (const a of annotations) if (!kinds.has(a.kind)) kinds.set(a.kind, a.tone);
  if (!kinds.size) return "";
  const items = [...kinds].map(([kind, tone]) =>
    `<span class="swatch tone-${escapeHtml(tone)}"></span>${escapeHtml(kind)}`
  );
  return `Shaded on the time charts: ${
    items.join(", ")
  }; hover a label for details, click it to jump there. `;
}

function durationSeries(ts: TimeSeries): SeriesSpec[] {
  return [
    { label: "median", values: ts.durationP50, color: "#1f77b4" },
    { label: "95%ile", values: ts.durationP95, color: "#ff7f0e" },
    { label: "max", values: ts.durationMax, color: "#d62728", dash: true },
    { label: "mean", values: ts.durationAvg, color: "#2ca02c", dash: true },
    { label: "min", values: ts.durationMin, color: "#7f7f7f", dash: true },
  ];
}

function histogram(s: WorkloadSummary, page: PageDataBuilder): string {
  const h = s.histogram;
  if (!h) return `<p class="muted">No iterations ran.</p>`;
  const x = h.counts.map((_, i) => roundSig((h.edges[i] + h.edges[i + 1]) / 2));
  return page.chart({
    kind: "bars",
    xLabel: "iteration duration",
    xUnit: "seconds",
    yLabel: "iterations",
    x,
    series: [{ label: "iterations", values: h.counts }],
    unit: "number",
  });
}

function statsTable(w: WorkloadResult): string {
  const d = w.statistics?.durations;
  if (!d) return `<p class="muted">No statistics.</p>`;
  const rows: string[] = [];
  const walk = (node: StatsNode, depth: number) => {
    const v = node.data;
    rows.push(
      `<tr${depth === 0 && node.name === "total" ? ' class="total"' : ""}><td style="padding-left:${
        0.4 + depth * 1.2
      }em">${escapeHtml(node.display_name || node.name)}</td>${
        [v.min, v.median, v["90%ile"], v["95%ile"], v.max, v.avg]
          .map((x) => `<td class="num">${escapeHtml(formatSeconds(x, "units"))}</td>`).join("")
      }<td class="num">${escapeHtml(v.success)}</td><td class="num">${
        escapeHtml(formatNumber(v.iteration_count))
      }</td></tr>`,
    );
    for (const c of node.children ?? []) walk(c, depth + 1);
  };
  for (const a of d.atomics ?? []) walk(a, 0);
  if (d.total) walk(d.total, 0);
  return `<table class="grid stats"><tr><th>Action</th><th>Min</th><th>Median</th><th>90%ile</th>` +
    `<th>95%ile</th><th>Max</th><th>Avg</th><th>Success</th><th>Count</th></tr>${
      rows.join("")
    }</table>`;
}

function failures(s: WorkloadSummary): string {
  const { rows, total } = s.failures;
  if (total === 0) return `<p class="muted">No failed iterations.</p>`;
  const { groups, ungrouped } = s.failureGroups;
  const share = (n: number) => escapeHtml(formatPercent(n / total));
  const byError =
    groups.map((g) =>
      `<tr><td>${escapeHtml(g.etype)}</td><td>${escapeHtml(g.msg)}</td>` +
      `<td class="num">${escapeHtml(formatNumber(g.count))}</td><td class="num">${
        share(g.count)
      }</td>` +
      `<td class="num">${g.first.iteration}</td><td class="num">+${
        escapeHtml(formatSeconds(g.first.timestamp - (s.grid?.start ?? g.first.timestamp), "units"))
      }</td><td>${
        g.details
          ? `<details><summary>details</summary><pre>${escapeHtml(g.details)}</pre></details>`
          : ""
      }</td></tr>`
    ).join("") +
    (ungrouped > 0
      ? `<tr><td colspan="2" class="muted">other errors</td><td class="num">${
        escapeHtml(formatNumber(ungrouped))
      }</td><td class="num">${share(ungrouped)}</td><td colspan="3"></td></tr>`
      : "");
  const each = rows.map((f) =>
    `<tr><td class="num">${f.iteration}</td><td class="num">+${
      escapeHtml(formatSeconds(f.offset, "units"))
    }</td>` +
    `<td>${escapeHtml(f.etype)}</td><td>${escapeHtml(f.msg)}</td></tr>`
  ).join("");
  return `<div class="scroll"><table class="grid failures by-error"><tr><th>Error type</th>` +
    `<th>Message</th><th>Iterations</th><th>Share</th><th>First iteration</th><th>First at</th>` +
    `<th>Details (first)</th></tr>${byError}</table></div>` +
    `<details class="each-failure"><summary>Each failed iteration${
      rows.length < total ? ` (the first ${formatNumber(rows.length)})` : ""
    }</summary><div class="scroll tall"><table class="grid failures"><tr><th>Iteration</th>` +
    `<th>Started</th><th>Error type</th><th>Message</th></tr>${each}</table></div>` +
    more(total - rows.length, "failures") + `</details>`;
}

function scenarioOutput(s: WorkloadSummary, page: PageDataBuilder, key: string): string {
  const o = s.outputs;
  if (!o) return "";
  const parts: string[] = [];
  const x = s.grid!.centers();
  for (const a of o.series) {
    parts.push(figure(
      a.chart.title,
      `${a.chart.chart_plugin} · additive, mean per bucket`,
      a.chart.description ?? "",
      page.chart({
        kind: a.chart.chart_plugin === "StackedArea" ? "stacked" : "lines",
        xLabel: "time since the load's start",
        yLabel: a.chart.label ?? "",
        xUnit: "seconds",
        x,
        series: a.names.map((name, i) => ({ label: name, values: a.values[i] })),
        annotations: key,
        unit: "number",
      }) + more(a.namesDropped, "series"),
    ));
  }
  for (const a of o.stats) {
    const table =
      `<table class="grid"><tr><th>Name</th><th>Count</th><th>Min</th><th>Avg</th><th>Max</th></tr>${
        a.rows.map((r) =>
          `<tr><td>${escapeHtml(r.name)}</td>${
            [r.count, r.min, r.avg, r.max].map((v) =>
              `<td class="num">${escapeHtml(formatNumber(v))}</td>`
            ).join("")
          }</tr>`
        ).join("")
      }</table>`;
    const body = a.chart.chart_plugin === "Pie"
      ? pie(a.rows.map((r) => [r.name, r.avg])) + table
      : table;
    parts.push(
      figure(
        a.chart.title,
        `${a.chart.chart_plugin} · additive`,
        a.chart.description ?? "",
        body + more(a.namesDropped, "names"),
      ),
    );
  }
  for (const f of o.firstOnly) {
    parts.push(
      `<p class="muted">From iteration ${f.iteration}:</p>${
        renderOutputChart(f.chart, "additive", page)
      }`,
    );
  }
  for (const c of o.complete) {
    parts.push(
      `<details class="output"${
        o.complete.length === 1 ? " open" : ""
      }><summary>Complete output of iteration ${c.iteration}</summary>${
        c.charts.map((ch) => renderOutputChart(ch, "complete", page)).join("")
      }</details>`,
    );
  }
  if (o.completeDropped > 0) {
    parts.push(
      `<p class="muted">Complete output of ${o.completeDropped} later iterations not shown.</p>`,
    );
  }
  if (o.chartsDropped > 0) parts.push(more(o.chartsDropped, "additive charts"));
  return parts.length > 0 ? section("Scenario output", parts.join("")) : "";
}

const DEFAULT_SLA_NOTE =
  "The task gives this workload no sla, so, as in Rally, no iteration may fail; " +
  "write &quot;sla&quot;: {} for no criteria";

function slaTable(w: WorkloadResult): string {
  const results = w.sla_results?.sla ?? [];
  const aborted = w.sla_results?.aborted_on_sla_failure
    ? `<p class="fail-text">The load was aborted on an SLA failure.</p>`
    : "";
  if (results.length === 0) return aborted + `<p class="muted">No SLA criteria.</p>`;
  return aborted +
    `<table class="grid"><tr><th>Criterion</th><th>Detail</th><th>Result</th></tr>${
      results.map((r) =>
        `<tr><td><code>${escapeHtml(r.criterion)}</code>${
          r.default ? ` <span class="muted" title="${DEFAULT_SLA_NOTE}">(default)</span>` : ""
        }</td><td>${escapeHtml(r.detail)}</td><td>${
          r.success
            ? `<span class="badge pass">passed</span>`
            : `<span class="badge fail">failed</span>`
        }</td></tr>`
      ).join("")
    }</table>`;
}

function kvJson(k: string, v: unknown): string {
  return `<tr><th>${escapeHtml(k)}</th><td><pre>${escapeHtml(prettyJson(v))}</pre></td></tr>`;
}

/** A one-line summary of a workload's SLA and failures, for the overview. */
export function failureShare(w: WorkloadResult): string {
  return w.total_iteration_count > 0
    ? formatPercent(w.failed_iteration_count / w.total_iteration_count)
    : "—";
}
