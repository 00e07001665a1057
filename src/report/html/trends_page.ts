/**
 * The trends page: one self-contained HTML file comparing the same
 * workloads across runs, with charts (uPlot, inline) and tables whose
 * cells show at a glance what got worse or better since the run before.
 *
 * @module
 */
import { writeAll, writeAtomically } from "../atomic_file.ts";
import { formatSeconds } from "../format_seconds.ts";
import { type ChartAssets, ensureChartAssets, loadChartAssets } from "./chart_assets.ts";
import { escapeHtml, jsonForScript } from "./escape.ts";
import {
  RESILIENCE_TREND_METRICS,
  type ResilienceTrendMetric,
  TREND_METRICS,
  type TrendMetric,
  type TrendPoint,
  type Trends,
} from "../trends.ts";

const METRIC_TITLES: Record<TrendMetric, string> = {
  median: "Median (s)",
  p90: "90%ile (s)",
  p95: "95%ile (s)",
  max: "Max (s)",
  avg: "Avg (s)",
  failureRate: "Failure rate",
};

const RESILIENCE_TITLES: Record<ResilienceTrendMetric, string> = {
  recoveryTime: "Recovery",
  downtime: "Downtime",
  degradation: "Degradation",
};

const RESILIENCE_WORSE: Record<ResilienceTrendMetric, string> = {
  recoveryTime: "slower recovery",
  downtime: "longer downtime",
  degradation: "more degradation",
};

/**
 * The trends page for `trends` as one HTML string; `assets` are inlined so
 * the page works offline.
 *
 * @example
 * ```ts ignore
 * const html = trendsHtml(buildTrends(doc.tasks), loadChartAssets());
 * ```
 */
export function trendsHtml(trends: Trends, assets: ChartAssets): string {
  const { runs } = trends;
  const title = `brunt trends: ${runs.length} run${runs.length === 1 ? "" : "s"}`;
  const runRows = runs.map((run, i) =>
    `<tr><td>#${i + 1}</td><td class="id">${escapeHtml(run.uuid)}</td>` +
    `<td>${escapeHtml(run.title || "(untitled)")}</td><td>${
      escapeHtml(started(run.createdAt))
    }</td>` +
    `<td class="status-${escapeHtml(run.status)}">${escapeHtml(run.status)}</td>` +
    `<td class="${run.passSla ? "better" : "worse"}">${run.passSla ? "pass" : "FAIL"}</td></tr>`
  ).join("");
  const chartData = trends.workloads.map((w) => ({
    label: w.label,
    series: [...TREND_METRICS.map((m) => w.points.map((p) => p?.values[m] ?? null))],
  }));
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ` +
    `script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${assets.style}</style>`,
    `<style>${STYLE}</style>`,
    `</head><body>`,
    `<h1>${escapeHtml(title)}</h1>`,
    `<table class="runs"><thead><tr><th>Run</th><th>Task id</th><th>Title</th><th>Started</th>` +
    `<th>Status</th><th>SLA</th></tr></thead><tbody>${runRows}</tbody></table>`,
    newestChanges(trends),
    ...trends.workloads.map((w, i) =>
      `<section><h2>${escapeHtml(w.label)}</h2><div class="chart" id="chart-${i}"></div>` +
      workloadTable(trends, i) + `</section>`
    ),
    `<script type="application/json" id="trends-data">${jsonForScript(chartData)}</script>`,
    `<script>${assets.script.replace(/<\/script/gi, "<\\/script")}</script>`,
    `<script>${SCRIPT}</script>`,
    `</body></html>`,
  ].join("\n");
}

/**
 * Writes the trends page to `path` (complete or not at all), with uPlot
 * read from its npm package.
 */
export async function writeTrendsHtml(path: string, trends: Trends): Promise<void> {
  await ensureChartAssets();
  const html = trendsHtml(trends, loadChartAssets());
  await writeAtomically(path, (file) => writeAll(file, new TextEncoder().encode(html)));
}

function newestChanges(trends: Trends): string {
  const last = trends.runs.length - 1;
  if (last < 1) return `<p class="note">One run: nothing to compare with yet.</p>`;
  const items: string[] = [];
  for (const w of trends.workloads) {
    const point = w.points[last];
    if (!point) continue;
    const worse = Object.entries(point.changes).filter(([, c]) => c === "worse").map(([k]) =>
      k === "passSla"
        ? "SLA failed"
        : k === "hookFailures"
        ? "more failed hook runs"
        : k in RESILIENCE_WORSE
        ? RESILIENCE_WORSE[k as ResilienceTrendMetric]
        : `${METRIC_TITLES[k as TrendMetric].replace(" (s)", "")} up`
    );
    if (worse.length) {
      items.push(`<li class="worse">${escapeHtml(w.label)}: ${escapeHtml(worse.join(", "))}</li>`);
    }
  }
  const pct = Math.round(trends.tolerance * 100);
  return `<h2>Run #${last + 1} against the runs before</h2>` +
    (items.length
      ? `<ul class="changes">${items.join("")}</ul>`
      : `<p class="better">No workload got worse (durations within ${pct} %, failure rate, SLA and hook runs no worse).</p>`);
}

function workloadTable(trends: Trends, index: number): string {
  const trend = trends.workloads[index];
  // What the faults did, for a workload that was analysed in some run.
  const resilience = trend.points.some((p) => p?.resilience) ? RESILIENCE_TREND_METRICS : [];
  const rows = trend.points.map((point, run) => {
    const id = escapeHtml(trends.runs[run].uuid.slice(0, 8));
    if (!point) {
      return `<tr class="absent"><td>#${run + 1}</td><td class="id">${id}</td>` +
        `<td colspan="${TREND_METRICS.length + resilience.length + 6}">not in this run</td></tr>`;
    }
    return `<tr><td>#${run + 1}</td><td class="id">${id}</td>` +
      `<td>${escapeHtml(point.status)}</td><td class="num">${point.iterations}</td>` +
      `<td class="num">${formatSeconds(point.min, "precise")}</td>` +
      TREND_METRICS.map((m) => cell(point, m)).join("") +
      `<td class="${point.changes.passSla ?? ""}">${point.passSla ? "pass" : "FAIL"}</td>` +
      `<td class="${point.changes.hookFailures ?? ""}">${hooksText(point)}</td>` +
      resilience.map((m) => resilienceCell(point, m)).join("") + `</tr>`;
  }).join("");
  const heads = ["Run", "Task id", "Status", "Iterations", "Min (s)"]
    .concat(TREND_METRICS.map((m) => METRIC_TITLES[m]), ["SLA", "Hooks"])
    .concat(resilience.map((m) => RESILIENCE_TITLES[m]))
    .map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  return `<table><thead><tr>${heads}</tr></thead><tbody>${rows}</tbody></table>`;
}

function cell(point: TrendPoint, metric: TrendMetric): string {
  const value = point.values[metric];
  const change = point.changes[metric];
  const text = value === null
    ? "n/a"
    : metric === "failureRate"
    ? `${value.toFixed(1)} %`
    : formatSeconds(value, "precise");
  const arrow = change === "worse" ? " ▲" : change === "better" ? " ▼" : "";
  return `<td class="num ${change ?? ""}">${escapeHtml(text)}${arrow}</td>`;
}

function resilienceCell(point: TrendPoint, metric: ResilienceTrendMetric): string {
  const r = point.resilience;
  const change = point.changes[metric];
  let text = "n/a";
  if (r && metric === "recoveryTime") {
    text = r.notRecovered
      ? `${r.notRecovered} not recovered`
      : formatSeconds(r.recoveryTime, "units");
  } else if (r && metric === "downtime") text = formatSeconds(r.downtime, "units");
  else if (r && r.degradation !== null) text = `×${r.degradation.toFixed(2)}`;
  const arrow = change === "worse" ? " ▲" : change === "better" ? " ▼" : "";
  return `<td class="num ${change ?? ""}">${escapeHtml(text)}${arrow}</td>`;
}

function hooksText(point: TrendPoint): string {
  if (!point.hooks.length) return "—";
  return point.hooks.map((h) =>
    `${escapeHtml(h.label)}: ${h.success} ok${h.failed ? `, <b>${h.failed} failed</b>` : ""}`
  ).join("<br>");
}

function started(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms)
    ? iso
    : new Date(ms).toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ccc; padding: .2em .5em; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.id { font-family: ui-monospace, monospace; font-size: .9em; }
.worse { background: #fde2e1; color: #a40000; } .better { background: #e3f6e3; color: #14621b; }
tr.absent td { color: #888; font-style: italic; }
.status-crashed, .status-aborted { color: #a40000; font-weight: bold; }
.chart { margin: .5em 0; } .note { color: #666; }
ul.changes { padding-left: 1.2em; }`;

// Draws one chart per workload: durations on the left axis, failure rate on the right.
const SCRIPT = `
(function () {
  if (typeof uPlot === "undefined") return;
  var data = JSON.parse(document.getElementById("trends-data").textContent);
  function fixed(v) {
    if (v >= 0.1 || v <= 0) return v.toFixed(3);
    return v.toFixed(Math.min(6, 2 - Math.floor(Math.log10(v))));
  }
  var names = ["median", "90%ile", "95%ile", "max", "avg"];
  var colors = ["#1f77b4", "#ff7f0e", "#d62728", "#7f7f7f", "#2ca02c"];
  data.forEach(function (w, i) {
    var el = document.getElementById("chart-" + i);
    var runs = w.series[0].map(function (_, r) { return r + 1; });
    var series = [{ label: "run" }];
    names.forEach(function (n, k) {
      series.push({ label: n, scale: "s", stroke: colors[k], width: 2, spanGaps: true,
        points: { show: true }, value: function (u, v) { return v == null ? "n/a" : fixed(v) + " s"; } });
    });
    series.push({ label: "failure rate", scale: "%", stroke: "#9467bd", dash: [6, 4], spanGaps: true,
      points: { show: true }, value: function (u, v) { return v == null ? "n/a" : v.toFixed(1) + " %"; } });
    new uPlot({
      width: Math.min(900, document.body.clientWidth - 20), height: 260,
      scales: { x: { time: false }, "%": { range: [0, 100] } },
      axes: [
        { label: "run", values: function (u, splits) {
            return splits.map(function (v) { return Number.isInteger(v) ? "#" + v : ""; }); } },
        { scale: "s", label: "seconds" },
        { scale: "%", side: 1, label: "failure rate %", grid: { show: false } }
      ],
      series: series
    }, [runs].concat(w.series), el);
  });
})();`;
