/**
 * The trends page: one self-contained HTML file comparing the same
 * workloads across runs, in the report's look (its style, chart script and
 * units), with tables whose cells show at a glance what got worse or
 * better since the run before.
 *
 * @module
 */
import { writeAll, writeAtomically } from "../atomic_file.ts";
import { formatSeconds } from "../format_seconds.ts";
import { type ChartAssets, ensureChartAssets, loadChartAssets } from "./chart_assets.ts";
import { escapeHtml, jsonForScript } from "./escape.ts";
import { formatNumber } from "./format.ts";
import { PAGE_SCRIPT } from "./page_script.ts";
import { PAGE_STYLE } from "./page_style.ts";
import { PageDataBuilder } from "./page_data.ts";
import { slaBadge } from "./workload_section.ts";
import {
  RESILIENCE_TREND_METRICS,
  type ResilienceTrendMetric,
  TREND_METRICS,
  type TrendMetric,
  type TrendPoint,
  type Trends,
  type WorkloadTrend,
} from "../trends.ts";

const METRIC_TITLES: Record<TrendMetric, string> = {
  median: "Median",
  p90: "90%ile",
  p95: "95%ile",
  max: "Max",
  avg: "Avg",
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
  const title = `brunt trends · ${runs.length} run${runs.length === 1 ? "" : "s"}`;
  const page = new PageDataBuilder();
  const runRows = runs.map((run, i) =>
    `<tr><td class="num">#${i + 1}</td><td><code>${escapeHtml(run.uuid)}</code></td>` +
    `<td>${escapeHtml(run.title || "(untitled)")}</td><td>${
      escapeHtml(started(run.createdAt))
    }</td>` +
    `<td class="status-${escapeHtml(run.status)}">${escapeHtml(run.status)}</td>` +
    `<td>${slaBadge(run.passSla, 1)}</td></tr>`
  ).join("");
  return [
    "<!DOCTYPE html>",
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; ` +
    `script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    `<style>${assets.style}</style>`,
    `<style>${PAGE_STYLE}${STYLE}</style>`,
    `</head><body>`,
    `<header class="top"><h1>${escapeHtml(title)}</h1>` +
    `<div class="muted">the same workloads across runs, oldest first</div></header>`,
    `<main>`,
    `<section class="task-overview"><h2>Runs</h2><div class="scroll"><table class="grid runs">` +
    `<tr><th>Run</th><th>Task id</th><th>Title</th><th>Started</th><th>Status</th><th>SLA</th></tr>` +
    `${runRows}</table></div>${newestChanges(trends)}</section>`,
    ...trends.workloads.map((w, i) => workloadSection(trends, w, i, page)),
    `</main>`,
    `<script type="application/json" id="brunt-data">${jsonForScript(page.result())}</script>`,
    `<script>${assets.script.replace(/<\/script/gi, "<\\/script")}</script>`,
    `<script>${PAGE_SCRIPT}</script>`,
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
  if (last < 1) return `<p class="muted">One run: nothing to compare with yet.</p>`;
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
        : `${METRIC_TITLES[k as TrendMetric]} up`
    );
    if (worse.length) {
      items.push(
        `<li class="worse"><a href="#trend-${trends.workloads.indexOf(w)}">${
          escapeHtml(w.label)
        }</a>: ${escapeHtml(worse.join(", "))}</li>`,
      );
    }
  }
  const pct = Math.round(trends.tolerance * 100);
  return `<h3>Run #${last + 1} against the runs before</h3>` +
    (items.length
      ? `<ul class="changes">${items.join("")}</ul>`
      : `<p class="better">No workload got worse (durations within ${pct} %, failure rate, SLA and hook runs no worse).</p>`);
}

function workloadSection(
  trends: Trends,
  trend: WorkloadTrend,
  index: number,
  page: PageDataBuilder,
): string {
  const ran = trend.points.filter((p) => p !== null).length;
  const config = trend.variants > 1
    ? `<p class="variant">This workload ran with ${trend.variants} configurations in these runs; ` +
      `each is compared only with runs of the same one. This one: <code>${
        escapeHtml(trend.config)
      }</code>.</p>`
    : "";
  const note = ran < 2
    ? `<p class="muted">One run of this workload${
      trend.variants > 1 ? " in this configuration" : ""
    }: nothing to compare it with.</p>`
    : "";
  return `<section class="workload" id="trend-${index}"><h2>${escapeHtml(trend.label)}</h2>` +
    config + note + charts(trends, trend, page) + workloadTable(trends, trend) + `</section>`;
}

// Durations by run (max hidden until asked for: it would flatten the others), and the
// failure rate when some run had failures.
function charts(trends: Trends, trend: WorkloadTrend, page: PageDataBuilder): string {
  const x = trends.runs.map((_, i) => i + 1);
  const values = (m: TrendMetric) => trend.points.map((p) => p?.values[m] ?? null);
  const durations = page.chart({
    kind: "lines",
    xLabel: "run",
    xUnit: "run",
    yLabel: "iteration duration",
    unit: "seconds",
    x,
    series: [
      { label: "median", values: values("median"), color: "#1f77b4" },
      { label: "90%ile", values: values("p90"), color: "#ff7f0e" },
      { label: "95%ile", values: values("p95"), color: "#d62728" },
      { label: "avg", values: values("avg"), color: "#2ca02c", dash: true },
      { label: "max", values: values("max"), color: "#7f7f7f", dash: true, hidden: true },
    ],
  });
  const failed = trend.points.some((p) => (p?.values.failureRate ?? 0) > 0);
  const failures = failed
    ? page.chart({
      kind: "lines",
      xLabel: "run",
      xUnit: "run",
      yLabel: "failed iterations",
      unit: "percent",
      x,
      series: [{ label: "failure rate", values: values("failureRate"), color: "#d62728" }],
    })
    : "";
  // What the faults did, for a workload with hooks.
  const faults = trend.points.some((p) => p?.resilience)
    ? page.chart({
      kind: "lines",
      xLabel: "run",
      xUnit: "run",
      yLabel: "seconds",
      unit: "seconds",
      x,
      series: [
        {
          label: "recovery (longest)",
          values: trend.points.map((p) => p?.resilience?.recoveryTime ?? null),
          color: "#1f5fa8",
        },
        {
          label: "downtime (longest)",
          values: trend.points.map((p) => p?.resilience?.downtime ?? null),
          color: "#d62728",
          dash: true,
        },
      ],
    })
    : "";
  return `<div class="part"><h3>Durations</h3>${durations}<p class="muted">Max is hidden: ` +
    `click it in the legend to show it.</p></div>` +
    (failures ? `<div class="part"><h3>Failure rate</h3>${failures}</div>` : "") +
    (faults ? `<div class="part"><h3>Recovery and downtime</h3>${faults}</div>` : "");
}

function workloadTable(trends: Trends, trend: WorkloadTrend): string {
  // What the faults did, for a workload that was analysed in some run.
  const resilience = trend.points.some((p) => p?.resilience) ? RESILIENCE_TREND_METRICS : [];
  const rows = trend.points.map((point, run) => {
    const id = `<code>${escapeHtml(trends.runs[run].uuid.slice(0, 8))}</code>`;
    if (!point) {
      return `<tr class="absent"><td class="num">#${run + 1}</td><td>${id}</td>` +
        `<td colspan="${TREND_METRICS.length + resilience.length + 5}">${
          trend.variants > 1 ? "not in this run, or with another configuration" : "not in this run"
        }</td></tr>`;
    }
    return `<tr><td class="num">#${run + 1}</td><td>${id}</td>` +
      `<td>${escapeHtml(point.status)}</td><td class="num">${
        escapeHtml(formatNumber(point.iterations))
      }</td>` +
      `<td class="num">${escapeHtml(formatSeconds(point.min, "units"))}</td>` +
      TREND_METRICS.map((m) => cell(point, m)).join("") +
      `<td class="${changeClass(point.changes.passSla)}">${point.passSla ? "pass" : "FAIL"}</td>` +
      `<td class="${changeClass(point.changes.hookFailures)}">${hooksText(point)}</td>` +
      resilience.map((m) => resilienceCell(point, m)).join("") + `</tr>`;
  }).join("");
  const heads = ["Run", "Task id", "Status", "Iterations", "Min"]
    .concat(TREND_METRICS.map((m) => METRIC_TITLES[m]), ["SLA", "Hooks"])
    .concat(resilience.map((m) => RESILIENCE_TITLES[m]))
    .map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  return `<div class="part"><h3>By run</h3><table class="grid trend"><tr>${heads}</tr>${rows}</table>` +
    `<p class="muted">▲ worse, ▼ better than the run before (durations by more than ${
      Math.round(trends.tolerance * 100)
    } %).</p></div>`;
}

function changeClass(change: string | undefined): string {
  return change === "worse" ? "up" : change === "better" ? "down" : "";
}

function cell(point: TrendPoint, metric: TrendMetric): string {
  const value = point.values[metric];
  const change = point.changes[metric];
  const text = value === null
    ? "n/a"
    : metric === "failureRate"
    ? `${value.toFixed(1)} %`
    : formatSeconds(value, "units");
  const arrow = change === "worse" ? " ▲" : change === "better" ? " ▼" : "";
  return `<td class="num ${changeClass(change)}">${escapeHtml(text)}${arrow}</td>`;
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
  return `<td class="num ${changeClass(change)}">${escapeHtml(text)}${arrow}</td>`;
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
tr.absent td { color: var(--muted); font-style: italic; }
.status-crashed, .status-aborted { color: var(--bad); font-weight: 600; }
ul.changes { padding-left: 1.2em; }
li.worse, p.better { font-weight: 600; }
li.worse { color: var(--bad); }
p.better { color: var(--ok); }
p.variant { border-left: 3px solid #e67800; padding: 4px 8px; background: #fff8ef; }`;
