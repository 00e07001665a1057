/**
 * Rendering of Rally-format output charts (StackedArea, Lines, Pie, Table,
 * TextArea, StatsTable) added by scenarios and hooks. Every string in them is escaped;
 * their size in the page is capped.
 *
 * @module
 */
import { roundSig } from "./chart_series.ts";
import { escapeHtml } from "./escape.ts";
import { formatNumber, shortJson } from "./format.ts";
import type { PageDataBuilder } from "./page_data.ts";

/** Caps on what one output chart puts into the page. */
export const OUTPUT_LIMITS = {
  /** Table rows shown. */
  rows: 200,
  /** Table columns shown. */
  cols: 40,
  /** TextArea lines shown. */
  lines: 500,
  /** Characters of one TextArea line or table cell shown. */
  chars: 10_000,
  /** Points per line chart (the x values, downsampled evenly beyond). */
  points: 1000,
  /** Series or slices per chart. */
  names: 20,
} as const;

/** The palette shared by the SVG pies here and the page script's lines. */
export const PALETTE = [
  "#1f77b4",
  "#ff7f0e",
  "#2ca02c",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
  "#bcbd22",
  "#7f7f7f",
  "#d62728",
];

/**
 * HTML for one output chart as a `<figure>`: tables and text directly,
 * line and area charts as placeholders drawn by the page script, pies as
 * inline SVG. Malformed charts are shown as their JSON, never dropped.
 */
export function renderOutputChart(
  chart: unknown,
  kind: "additive" | "complete",
  page: PageDataBuilder,
): string {
  if (typeof chart !== "object" || chart === null) {
    return figure("(malformed chart)", "", "", `<pre>${escapeHtml(shortJson(chart, 2000))}</pre>`);
  }
  const c = chart as Record<string, unknown>;
  const title = typeof c.title === "string" ? c.title : "(untitled)";
  const plugin = typeof c.chart_plugin === "string" ? c.chart_plugin : "?";
  const description = typeof c.description === "string" ? c.description : "";
  let body: string | undefined;
  switch (plugin) {
    case "TextArea":
      body = textArea(c.data);
      break;
    case "Table":
      body = table(c.data);
      break;
    case "Pie":
      body = pie(pairs(c.data));
      break;
    case "StatsTable":
      // One run's values: a name/value table (across iterations, scenario output sums them up).
      body = kind === "additive" ? pairsTable(pairs(c.data)) : undefined;
      break;
    case "StackedArea":
    case "Lines":
      body = kind === "complete"
        ? xySeries(c, plugin === "StackedArea" ? "stacked" : "lines", page)
        : pairsTable(pairs(c.data));
      break;
  }
  body ??= `<pre>${escapeHtml(shortJson(c.data, 2000))}</pre>`;
  return figure(title, `${plugin}${kind === "additive" ? " · additive" : ""}`, description, body);
}

/** A `<figure>` with an escaped title, plugin and description around trusted body HTML. */
export function figure(title: string, plugin: string, description: string, body: string): string {
  return `<figure class="out"><figcaption><strong>${escapeHtml(title)}</strong>${
    plugin ? ` <span class="muted">${escapeHtml(plugin)}</span>` : ""
  }${
    description ? `<div class="muted">${escapeHtml(description)}</div>` : ""
  }</figcaption>${body}</figure>`;
}

/** `[[name, number], …]` pairs of a chart's data; malformed items are skipped. */
export function pairs(data: unknown): [string, number][] {
  if (!Array.isArray(data)) return [];
  const out: [string, number][] = [];
  for (const item of data) {
    if (!Array.isArray(item) || item.length < 2) continue;
    const v = item[1];
    // Rally's complete Pie data is [[name, number]]; an [[x, y], …] list is summed.
    const n = typeof v === "number" ? v : Array.isArray(v)
      ? v.reduce(
        (s: number, p: unknown) => s + (Array.isArray(p) && typeof p[1] === "number" ? p[1] : 0),
        0,
      )
      : NaN;
    if (Number.isFinite(n)) out.push([String(item[0]), n]);
  }
  return out;
}

/** Inline SVG pie of name/value pairs with a legend table. */
export function pie(items: [string, number][]): string {
  const shown = items.filter(([, v]) => v > 0).slice(0, OUTPUT_LIMITS.names);
  const total = shown.reduce((s, [, v]) => s + v, 0);
  if (total <= 0) return pairsTable(items);
  const r = 60;
  let angle = -Math.PI / 2;
  const slices = shown.map(([, v], i) => {
    const color = PALETTE[i % PALETTE.length];
    if (v >= total) return `<circle cx="0" cy="0" r="${r}" fill="${color}"></circle>`;
    const a0 = angle;
    angle += (v / total) * 2 * Math.PI;
    const large = angle - a0 > Math.PI ? 1 : 0;
    const p = (a: number) => `${roundSig(r * Math.cos(a))} ${roundSig(r * Math.sin(a))}`;
    return `<path d="M0 0 L${p(a0)} A${r} ${r} 0 ${large} 1 ${p(angle)} Z" fill="${color}"></path>`;
  });
  const legend = shown.map(([name, v], i) =>
    `<tr><td><span class="swatch" style="background:${PALETTE[i % PALETTE.length]}"></span>${
      escapeHtml(cut(name))
    }</td><td class="num">${escapeHtml(formatNumber(v))}</td><td class="num">${
      escapeHtml(((v / total) * 100).toFixed(1))
    } %</td></tr>`
  ).join("");
  return `<div class="pie"><svg viewBox="-64 -64 128 128" width="140" height="140" role="img">${
    slices.join("")
  }</svg><table class="grid">${legend}</table></div>`;
}

/** A two-column table of name/value pairs. */
export function pairsTable(items: [string, number][]): string {
  if (items.length === 0) return `<p class="muted">No values.</p>`;
  const rows = items.slice(0, OUTPUT_LIMITS.rows).map(([name, v]) =>
    `<tr><td>${escapeHtml(cut(name))}</td><td class="num">${escapeHtml(formatNumber(v))}</td></tr>`
  ).join("");
  return `<table class="grid"><tr><th>Name</th><th>Value</th></tr>${rows}</table>${
    more(items.length - OUTPUT_LIMITS.rows, "rows")
  }`;
}

function textArea(data: unknown): string | undefined {
  if (!Array.isArray(data)) return undefined;
  const lines = data.slice(0, OUTPUT_LIMITS.lines).map((l) => escapeHtml(cut(String(l))));
  return `<pre class="text">${lines.join("\n")}</pre>${
    more(data.length - OUTPUT_LIMITS.lines, "lines")
  }`;
}

function table(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const { cols, rows } = data as { cols?: unknown; rows?: unknown };
  if (!Array.isArray(cols) || !Array.isArray(rows)) return undefined;
  const head = cols.slice(0, OUTPUT_LIMITS.cols).map((c) => `<th>${escapeHtml(cell(c))}</th>`).join(
    "",
  );
  const body = rows.slice(0, OUTPUT_LIMITS.rows).map((row) =>
    `<tr>${
      (Array.isArray(row) ? row : [row]).slice(0, OUTPUT_LIMITS.cols)
        .map((v) => `<td${typeof v === "number" ? ' class="num"' : ""}>${escapeHtml(cell(v))}</td>`)
        .join("")
    }</tr>`
  ).join("");
  return `<div class="scroll"><table class="grid"><tr>${head}</tr>${body}</table></div>${
    more(rows.length - OUTPUT_LIMITS.rows, "rows")
  }`;
}

function xySeries(c: Record<string, unknown>, kind: "lines" | "stacked", page: PageDataBuilder) {
  if (!Array.isArray(c.data)) return undefined;
  const series: { name: string; points: Map<number, number> }[] = [];
  const xs = new Set<number>();
  for (const item of c.data.slice(0, OUTPUT_LIMITS.names)) {
    if (!Array.isArray(item) || !Array.isArray(item[1])) continue;
    const points = new Map<number, number>();
    for (const p of item[1]) {
      if (Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1])) {
        points.set(p[0], p[1]);
        xs.add(p[0]);
      }
    }
    series.push({ name: String(item[0]), points });
  }
  if (series.length === 0) return undefined;
  let x = [...xs].sort((a, b) => a - b);
  if (x.length > OUTPUT_LIMITS.points) {
    // Keep evenly spread x values; points at the others are not drawn.
    const step = x.length / OUTPUT_LIMITS.points;
    x = Array.from({ length: OUTPUT_LIMITS.points }, (_, i) => x[Math.floor(i * step)]);
  }
  const note = xs.size > x.length ? more(xs.size - x.length, "points (downsampled)") : "";
  return page.chart({
    kind,
    xLabel: typeof c.axis_label === "string" ? c.axis_label : "",
    yLabel: typeof c.label === "string" ? c.label : "",
    x: x.map(roundSig),
    series: series.map((s) => ({
      label: cut(s.name),
      values: x.map((v) => s.points.has(v) ? roundSig(s.points.get(v)!) : null),
    })),
    unit: "number",
  }) + note;
}

function cell(v: unknown): string {
  if (typeof v === "string") return cut(v);
  if (typeof v === "number") return formatNumber(v);
  return cut(shortJson(v, OUTPUT_LIMITS.chars));
}

function cut(s: string): string {
  return s.length > OUTPUT_LIMITS.chars ? `${s.slice(0, OUTPUT_LIMITS.chars)}…` : s;
}

/** A note that `n` more items were left out, or nothing. */
export function more(n: number, what: string): string {
  return n > 0 ? `<p class="muted">… ${n} more ${escapeHtml(what)} not shown.</p>` : "";
}
