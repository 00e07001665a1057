/**
 * The hooks section of a workload: every configured hook (also ones that
 * never fired), its runs with errors and output, the points it did not
 * reach, and each run's before/after impact table; and the hook runs as
 * annotations of the time charts.
 *
 * @module
 */
import type { WorkloadResult } from "../../model/results_document.ts";
import { roundSig } from "./chart_series.ts";
import { escapeHtml } from "./escape.ts";
import { formatSeconds } from "../format_seconds.ts";
import { formatNumber, formatPercent, prettyJson, shortJson } from "./format.ts";
import { readHookConfig } from "../hook_config.ts";
import type { HookRunImpact, ImpactWindowStats } from "./impact.ts";
import { renderOutputChart } from "./output_charts.ts";
import type { AnnotationSpec, PageDataBuilder } from "./page_data.ts";
import type { WorkloadSummary } from "./workload_summary.ts";
import type { HookResult, HookRunResult } from "../../model/hook_result.ts";

/** Most runs of one hook listed, and most hook runs drawn per workload. */
export const MAX_RUNS_SHOWN = 500;

/** The label of a hook on charts and in headings: its description, else its action's name. */
export function hookLabel(hook: HookResult, index: number): string {
  const view = readHookConfig(hook.config);
  return view.description || `${view.actionName} (hook ${index + 1})`;
}

/**
 * One annotation per hook run (up to {@linkcode MAX_RUNS_SHOWN}): a band
 * from its start to its finish in seconds since `start`, green when it
 * succeeded and red when it failed, labelled with its hook and number and
 * linked to its entry in the hooks section.
 */
export function hookAnnotations(
  workload: WorkloadResult,
  start: number,
  key: string,
): AnnotationSpec[] {
  const annotations: AnnotationSpec[] = [];
  workload.hooks.forEach((hook, hi) => {
    const label = hookLabel(hook, hi);
    (hook.results ?? []).forEach((run, ri) => {
      if (annotations.length >= MAX_RUNS_SHOWN) return;
      if (!Number.isFinite(run.started_at)) return;
      const from = run.started_at - start;
      const to = Number.isFinite(run.finished_at) ? Math.max(from, run.finished_at - start) : from;
      const id = runId(key, hi, ri);
      const ok = run.status === "success";
      annotations.push({
        id,
        from: roundSig(from),
        to: roundSig(to),
        tone: ok ? "ok" : "bad",
        kind: ok ? "hook run, succeeded" : "hook run, failed",
        label: `${label} #${ri + 1}`,
        title: `${label} #${ri + 1}: ${run.status}, +${formatSeconds(from, "units")} … +${
          formatSeconds(to, "units")
        }`,
        href: `#${id}`,
        data: { "hook-run": id, status: ok ? "success" : "failed" },
      });
    });
  });
  return annotations;
}

/** The DOM id of a hook run's entry (and its band's `data-hook-run`). */
export function runId(key: string, hookIndex: number, runIndex: number): string {
  return `${key}-h${hookIndex}-r${runIndex}`;
}

/** The hooks section's HTML. */
export function renderHooksSection(
  workload: WorkloadResult,
  summary: WorkloadSummary,
  page: PageDataBuilder,
  key: string,
): string {
  const hooks = workload.hooks ?? [];
  if (hooks.length === 0) return `<p class="muted">No hooks configured.</p>`;
  const start = workload.start_time ?? summary.grid?.start ?? null;
  const impact = new Map<string, HookRunImpact>();
  for (const row of summary.impact) impact.set(`${row.hookIndex}:${row.runIndex}`, row);
  const w = formatSeconds(summary.impactWindow, "units");
  const intro =
    `<p class="muted">Impact: iterations started in the ${escapeHtml(w)} before each run's start ` +
    `against those started in the ${
      escapeHtml(w)
    } after it (the window is 10 % of the load's duration, ` +
    `at most 10 s; percentiles are approximate, within about 3 %).${
      summary.impactDropped > 0
        ? ` ${summary.impactDropped} runs beyond the first 500 have no impact figures.`
        : ""
    }</p>`;
  return intro +
    hooks.map((hook, hi) => renderHook(hook, hi, start, impact, page, key)).join("");
}

function renderHook(
  hook: HookResult,
  hi: number,
  start: number | null,
  impact: Map<string, HookRunImpact>,
  page: PageDataBuilder,
  key: string,
): string {
  const view = readHookConfig(hook.config);
  const runs = hook.results ?? [];
  const summaryText = Object.entries(hook.summary ?? {}).map(([s, n]) => `${n} ${s}`).join(", ") ||
    "no runs";
  const failed = runs.some((r) => r.status !== "success");
  const head = `<h4><span class="badge ${runs.length === 0 ? "idle" : failed ? "fail" : "pass"}">${
    escapeHtml(summaryText)
  }</span> ${escapeHtml(view.description || "(no description)")}</h4>`;
  const config = `<table class="kv">` +
    `<tr><th>Action</th><td><code>${escapeHtml(view.actionName)}</code> <code class="args">${
      escapeHtml(shortJson(view.actionArgs, 1000))
    }</code></td></tr>` +
    `<tr><th>Trigger</th><td><code>${escapeHtml(view.triggerName)}</code> <code class="args">${
      escapeHtml(shortJson(view.triggerArgs, 1000))
    }</code></td></tr>` +
    notReached(hook) +
    `</table>`;
  const body = runs.length === 0
    ? `<p class="never">Never fired: no run was recorded for this hook.</p>`
    : runsTable(runs, hi, start, page, key) + impactTable(runs, hi, impact, key);
  return `<article class="hook" id="${
    escapeHtml(`${key}-h${hi}`)
  }" data-hook-index="${hi}">${head}${config}${body}` +
    `<details><summary>Hook entry as written</summary><pre>${
      escapeHtml(prettyJson(hook.config))
    }</pre></details>` +
    `</article>`;
}

function notReached(hook: HookResult): string {
  const nr = hook.not_reached;
  if (!nr || !(nr.count > 0)) return "";
  const values = (nr.values ?? []).map((v) => formatNumber(v)).join(", ");
  const rest = nr.count - (nr.values ?? []).length;
  return `<tr class="not-reached"><th>Not reached</th><td>${nr.count} point${
    nr.count === 1 ? "" : "s"
  }: ${escapeHtml(values)}${
    rest > 0 ? ` … and ${rest} more` : ""
  } <span class="muted">(the load ended first)</span></td></tr>`;
}

function runsTable(
  runs: HookRunResult[],
  hi: number,
  start: number | null,
  page: PageDataBuilder,
  key: string,
): string {
  const rows = runs.slice(0, MAX_RUNS_SHOWN).map((run, ri) => {
    const ok = run.status === "success";
    const offset = start !== null ? run.started_at - start : null;
    const trigger = run.triggered_by
      ? `${run.triggered_by.event_type} ${formatNumber(run.triggered_by.value)}`
      : "?";
    const err = run.error ? `${run.error.etype}: ${run.error.msg}` : "";
    // Outputs of a hook that ran a few times are shown open; of a frequent one, folded.
    const extra = runDetails(run, page, runs.length <= 3);
    return `<tr class="run ${ok ? "ok" : "bad"}" id="${escapeHtml(runId(key, hi, ri))}">` +
      `<td class="num">${ri + 1}</td><td>${escapeHtml(trigger)}</td>` +
      `<td class="num">${
        escapeHtml(offset === null ? "—" : `+${formatSeconds(offset, "units")}`)
      }</td>` +
      `<td class="num">${
        escapeHtml(formatSeconds(run.finished_at - run.started_at, "units"))
      }</td>` +
      `<td><span class="badge ${ok ? "pass" : "fail"}">${escapeHtml(run.status)}</span></td>` +
      `<td class="err">${escapeHtml(err)}</td></tr>` +
      (extra ? `<tr class="run-extra"><td></td><td colspan="5">${extra}</td></tr>` : "");
  }).join("");
  return `<table class="grid runs"><tr><th>#</th><th>Triggered by</th><th>Started</th><th>Took</th>` +
    `<th>Status</th><th>Error</th></tr>${rows}</table>` +
    (runs.length > MAX_RUNS_SHOWN
      ? `<p class="muted">… ${runs.length - MAX_RUNS_SHOWN} more runs not listed.</p>`
      : "");
}

function runDetails(run: HookRunResult, page: PageDataBuilder, open: boolean): string {
  const parts: string[] = [];
  if (run.error) {
    parts.push(
      `<div class="error-box"><div><strong>${escapeHtml(run.error.etype)}</strong>: ${
        escapeHtml(run.error.msg)
      }</div>${
        run.error.details
          ? `<details><summary>Details</summary><pre>${
            escapeHtml(run.error.details)
          }</pre></details>`
          : ""
      }</div>`,
    );
  }
  const out = run.output;
  const charts = [
    ...(Array.isArray(out?.complete) ? out.complete : []).map((c) =>
      renderOutputChart(c, "complete", page)
    ),
    ...(Array.isArray(out?.additive) ? out.additive : []).map((c) =>
      renderOutputChart(c, "additive", page)
    ),
  ];
  if (charts.length > 0) {
    parts.push(
      `<details class="output"${open ? " open" : ""}><summary>Output (${charts.length})</summary>${
        charts.join("")
      }</details>`,
    );
  }
  return parts.join("");
}

function impactTable(
  runs: HookRunResult[],
  hi: number,
  impact: Map<string, HookRunImpact>,
  key: string,
): string {
  const rows: string[] = [];
  runs.slice(0, MAX_RUNS_SHOWN).forEach((_, ri) => {
    const row = impact.get(`${hi}:${ri}`);
    if (!row) return;
    const { before: b, after: a } = row;
    rows.push(
      `<tr data-impact-run="${escapeHtml(runId(key, hi, ri))}"><td class="num">${ri + 1}</td>` +
        `<td class="num">${escapeHtml(windowText(b))}</td><td class="num">${
          escapeHtml(windowText(a))
        }</td>` +
        pair(formatSeconds(b.p50, "units"), formatSeconds(a.p50, "units"), delta(b.p50, a.p50)) +
        pair(formatSeconds(b.p95, "units"), formatSeconds(a.p95, "units"), delta(b.p95, a.p95)) +
        pair(formatPercent(b.failureRate), formatPercent(a.failureRate), rateDelta(b, a)) +
        `</tr>`,
    );
  });
  if (rows.length === 0) return "";
  return `<table class="grid impact"><tr><th rowspan="2">Run</th><th colspan="2">Iterations started</th>` +
    `<th colspan="2">p50</th><th colspan="2">p95</th><th colspan="2">Failure rate</th></tr>` +
    `<tr><th>before</th><th>after</th><th>before</th><th>after</th><th>before</th><th>after</th>` +
    `<th>before</th><th>after</th></tr>${rows.join("")}</table>`;
}

function windowText(s: ImpactWindowStats): string {
  return `${s.iterations} in ${formatSeconds(s.from, "units")}…${formatSeconds(s.to, "units")}`;
}

function pair(before: string, after: string, change: "up" | "down" | "same"): string {
  return `<td class="num">${escapeHtml(before)}</td><td class="num ${change}">${
    escapeHtml(after)
  }</td>`;
}

/** Whether `after` is notably (over 10 %) above or below `before`. */
function delta(before: number | null, after: number | null): "up" | "down" | "same" {
  if (before === null || after === null || before <= 0) return "same";
  return after > before * 1.1 ? "up" : after < before / 1.1 ? "down" : "same";
}

function rateDelta(b: ImpactWindowStats, a: ImpactWindowStats): "up" | "down" | "same" {
  if (b.failureRate === null || a.failureRate === null) return "same";
  return a.failureRate > b.failureRate + 0.01
    ? "up"
    : a.failureRate < b.failureRate - 0.01
    ? "down"
    : "same";
}
