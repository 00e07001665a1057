/**
 * The self-contained HTML report: one file with its chart library, style,
 * script and data inline, no remote reference, readable offline.
 *
 * @module
 */
import type { IterationRecord } from "../../model/iteration_record.ts";
import { writeAll, writeAtomically } from "../atomic_file.ts";
import type { ResultsDocument, TaskResult, WorkloadResult } from "../../model/results_document.ts";
import { ensureChartAssets, loadChartAssets } from "./chart_assets.ts";
import { escapeHtml, jsonForScript } from "./escape.ts";
import { formatSeconds } from "../format_seconds.ts";
import { formatNumber, orDash, prettyJson } from "./format.ts";
import { PAGE_SCRIPT } from "./page_script.ts";
import { PAGE_STYLE } from "./page_style.ts";
import { PageDataBuilder } from "./page_data.ts";
import { failureShare, pluginName, renderWorkloadSection, slaBadge } from "./workload_section.ts";
import { summarizeWorkload } from "./workload_summary.ts";

/** Characters of the input task shown. */
const MAX_INPUT_CHARS = 200_000;

/**
 * Where the raw iterations of a workload come from: called once per
 * workload, and the iterable is read once, in completion order. It may
 * yield millions of records; the report keeps only bounded summaries.
 */
export type IterationsOf = (workload: WorkloadResult) => Iterable<IterationRecord>;

/**
 * Renders `doc` as one self-contained HTML page: a task overview, and per
 * workload its load profile, durations over time (with every hook run drawn
 * as a band), histogram, statistics, failures, scenario output, SLA and
 * hooks with their runs, errors, output, unreached points and before/after
 * impact. Reads each workload's iterations in one streaming pass.
 *
 * The chart library must be in Deno's npm cache ({@linkcode writeHtmlReport}
 * makes sure of it); every string from the document is escaped.
 *
 * @example
 * ```ts ignore
 * const html = renderHtmlReport(doc, (w) => w.data ?? []);
 * ```
 */
export function renderHtmlReport(doc: ResultsDocument, iterationsOf: IterationsOf): string {
  const assets = loadChartAssets();
  const page = new PageDataBuilder();
  const tasks = doc.tasks ?? [];
  const body = tasks.map((task, ti) => renderTask(task, ti, iterationsOf, page)).join("\n");
  const title = tasks.length === 1
    ? (tasks[0].title || tasks[0].uuid || "task")
    : `${tasks.length} tasks`;
  const passed = tasks.every((t) => t.pass_sla);
  const criteria = tasks.reduce((n, t) => n + criteriaOf(t), 0);
  const info = doc.info ?? { brunt_version: "?", generated_at: "", format_version: "" };
  return [
    `<!DOCTYPE html>`,
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    // Nothing outside the file may load: scripts and styles are inline, images only data: URLs.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; ` +
    `style-src 'unsafe-inline'; img-src data:">`,
    `<title>brunt report · ${escapeHtml(title)}</title>`,
    `<style>${assets.style}</style>`,
    `<style>${PAGE_STYLE}</style>`,
    `</head><body>`,
    `<header class="top"><h1>brunt report · ${escapeHtml(title)} ${
      slaBadge(passed, criteria)
    }</h1>` +
    `<div class="muted">brunt ${escapeHtml(info.brunt_version)} · generated ${
      escapeHtml(info.generated_at)
    } · format ${escapeHtml(info.format_version)}</div></header>`,
    `<main>`,
    body || `<p class="muted">The document holds no task.</p>`,
    `</main>`,
    `<script type="application/json" id="brunt-data">${jsonForScript(page.result())}</script>`,
    // A `</script` inside the library's strings would end the element early; `<\/` is the same string in JS.
    `<script>${assets.script.replace(/<\/script/gi, "<\\/script")}</script>`,
    `<script>${PAGE_SCRIPT}</script>`,
    `</body></html>`,
    ``,
  ].join("\n");
}

/**
 * Writes the report of `doc` to `path` via a temporary file in the same
 * folder and a rename, so `path` never holds a partial report.
 */
export async function writeHtmlReport(
  path: string,
  doc: ResultsDocument,
  iterationsOf: IterationsOf,
): Promise<void> {
  await ensureChartAssets();
  const bytes = new TextEncoder().encode(renderHtmlReport(doc, iterationsOf));
  await writeAtomically(path, (file) => writeAll(file, bytes));
}

function renderTask(
  task: TaskResult,
  ti: number,
  iterationsOf: IterationsOf,
  page: PageDataBuilder,
) {
  const workloads: { w: WorkloadResult; key: string; subtask: string }[] = [];
  (task.subtasks ?? []).forEach((st, si) =>
    (st.workloads ?? []).forEach((w, wi) =>
      workloads.push({ w, key: `w${ti}-${si}-${wi}`, subtask: st.title || `subtask ${si + 1}` })
    )
  );
  const facts: [string, string][] = [
    ["Task", orDash(task.uuid)],
    ["Status", orDash(task.status)],
    ["Created", orDash(task.created_at)],
    ["Updated", orDash(task.updated_at)],
    ["Seed", orDash(task.seed)],
  ];
  if (task.tags?.length) facts.push(["Tags", task.tags.join(", ")]);
  const overview = `<section class="task-overview">` +
    `<h2>${slaBadge(task.pass_sla, criteriaOf(task))} ${escapeHtml(task.title || "Task")}</h2>` +
    (task.description ? `<p>${escapeHtml(task.description)}</p>` : "") +
    `<dl class="facts">${
      facts.map(([k, v]) => `<div><dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd></div>`).join(
        "",
      )
    }</dl>` +
    overviewTable(workloads) +
    inputTask(task.input_task) +
    `</section>`;
  const sections = workloads.map(({ w, key, subtask }) =>
    renderWorkloadSection(w, summarizeWorkload(w, iterationsOf(w)), page, key, subtask)
  );
  return [overview, ...sections].join("\n");
}

function overviewTable(rows: { w: WorkloadResult; key: string; subtask: string }[]): string {
  if (rows.length === 0) return `<p class="muted">No workloads.</p>`;
  const body = rows.map(({ w, key, subtask }) => {
    const runs = (w.hooks ?? []).reduce((n, h) => n + (h.results ?? []).length, 0);
    const failedRuns = (w.hooks ?? []).reduce(
      (n, h) => n + (h.results ?? []).filter((r) => r.status !== "success").length,
      0,
    );
    const cells = [
      `<td><a href="#${escapeHtml(key)}">${escapeHtml(subtask)}</a></td>`,
      `<td><code>${escapeHtml(pluginName(w.scenario))}</code></td>`,
      `<td><code>${escapeHtml(pluginName(w.runner))}</code></td>`,
      `<td class="num">${escapeHtml(formatNumber(w.total_iteration_count))}</td>`,
      `<td class="num">${escapeHtml(formatNumber(w.failed_iteration_count))} (${
        escapeHtml(failureShare(w))
      })</td>`,
      `<td class="num">${escapeHtml(formatSeconds(w.load_duration, "units"))}</td>`,
      `<td class="num">${escapeHtml(formatSeconds(w.full_duration, "units"))}</td>`,
      `<td class="num">${(w.hooks ?? []).length} / ${runs}${
        failedRuns ? ` <span class="fail-text">(${failedRuns} failed)</span>` : ""
      }</td>`,
      `<td>${escapeHtml(orDash(w.status))}</td>`,
      `<td>${slaBadge(w.pass_sla, w.sla_results?.sla?.length ?? 0)}</td>`,
    ];
    return `<tr>${cells.join("")}</tr>`;
  }).join("");
  return `<h3>Workloads</h3><div class="scroll"><table class="grid overview"><tr><th>Subtask</th>` +
    `<th>Scenario</th><th>Runner</th><th>Iterations</th><th>Failures</th><th>Load duration</th>` +
    `<th>Full duration</th><th>Hooks / runs</th><th>Status</th><th>SLA</th></tr>${body}</table></div>`;
}

// SLA criteria judged in the task, over all its workloads.
function criteriaOf(task: TaskResult): number {
  return (task.subtasks ?? []).reduce(
    (n, st) => n + (st.workloads ?? []).reduce((m, w) => m + (w.sla_results?.sla?.length ?? 0), 0),
    0,
  );
}

function inputTask(input: unknown): string {
  if (input === undefined || input === null) return "";
  let text = prettyJson(input);
  const cut = text.length > MAX_INPUT_CHARS;
  if (cut) text = text.slice(0, MAX_INPUT_CHARS);
  return `<details class="input-task"><summary>Input task</summary><pre>${escapeHtml(text)}${
    cut ? "\n…" : ""
  }</pre></details>`;
}
