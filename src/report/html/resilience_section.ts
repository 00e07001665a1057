/**
 * The HTML report's view of the resilience analysis: each window shaded on
 * the workload's time charts, each recovery marked by a line, and a table
 * of the baseline and the windows' figures.
 *
 * @module
 */
import type { WorkloadResult } from "../../model/results_document.ts";
import type { WindowFigures, WindowKind } from "../../model/resilience.ts";
import { formatSeconds } from "../format_seconds.ts";
import { roundSig } from "./chart_series.ts";
import { escapeHtml } from "./escape.ts";
import { formatNumber } from "./format.ts";
import type { AnnotationSpec, AnnotationTone } from "./page_data.ts";

const TONES: Record<WindowKind, AnnotationTone> = {
  fault: "fault",
  recovery: "recovery",
  hook: "neutral",
};

/** The DOM id of a workload's resilience table (`key` is the workload's section id). */
export function resilienceId(key: string): string {
  return `${key}-resilience`;
}

/**
 * One band per window (orange for a fault window, blue for a recovery
 * window, grey for another hook's), and a line at each recovery, labelled
 * and linked to the resilience table; none for a workload without the
 * analysis.
 */
export function resilienceAnnotations(workload: WorkloadResult, key: string): AnnotationSpec[] {
  const analysis = workload.resilience;
  if (!analysis) return [];
  const href = `#${resilienceId(key)}`;
  const out: AnnotationSpec[] = [];
  for (const w of analysis.windows) {
    out.push({
      id: `${key}-window-${w.index}`,
      from: roundSig(w.from),
      to: roundSig(Math.max(w.from, w.to)),
      tone: TONES[w.kind],
      kind: `${w.kind} window`,
      label: `window #${w.index}`,
      title: `window #${w.index} (${w.kind}): +${formatSeconds(w.from, "units")} … +${
        formatSeconds(w.to, "units")
      }, ${figuresText(w)}`,
      href,
      data: { window: String(w.index), "window-kind": w.kind },
    });
    const r = w.recovery;
    if (r?.status === "recovered" && r.at !== null) {
      out.push({
        id: `${key}-recovered-${w.index}`,
        from: roundSig(r.at),
        to: roundSig(r.at),
        tone: "recovery",
        kind: "recovered",
        label: `recovered in ${formatSeconds(r.seconds, "units")}`,
        title: `recovered at +${formatSeconds(r.at, "units")}, ${
          formatSeconds(r.seconds, "units")
        } after the fault ended (window #${w.index})`,
        href,
        data: { recovered: String(w.index) },
      });
    }
  }
  return out;
}

/**
 * The table of the baseline and each window: when, what opened it, its
 * iterations, throughput, failure rate and p95, time to impact, downtime,
 * recovery, degradation and verdict; with the settings the analysis ran
 * with. Empty for a workload without the analysis.
 */
export function renderResilienceSection(workload: WorkloadResult, key: string): string {
  const analysis = workload.resilience;
  if (!analysis) return "";
  const b = analysis.baseline;
  const s = analysis.settings;
  const head = [
    "Window",
    "From – to",
    "Opened by",
    "Iterations",
    "Throughput",
    "Failed",
    "p95",
    "Impact",
    "Downtime (share)",
    "Recovery",
    "Degradation",
    "Verdict",
  ].map((h) => `<th>${escapeHtml(h)}</th>`).join("");
  const baseline = `<tr><td class="nowrap">baseline${b.complete ? "" : " (incomplete)"}</td>` +
    cells([
      span(b.from, b.to),
      b.complete
        ? ""
        : analysis.windows.length
        ? "the first hook run, before the warm-up ended"
        : "the load's end, before the warm-up ended",
      formatNumber(b.iterations),
      rate(b.throughput),
      percent(b.failure_rate),
      formatSeconds(b.p95, "units"),
      "",
      "",
      "",
      "",
      "",
    ]) + `</tr>`;
  const rows = analysis.windows.map((w) =>
    `<tr class="window-${escapeHtml(w.kind)}" data-window="${w.index}">` +
    `<td class="nowrap"><span class="swatch tone-${TONES[w.kind]}"></span>#${w.index} ${
      escapeHtml(w.kind)
    }</td>` +
    cells([
      span(w.from, w.to),
      `hook #${w.hook} at ${
        w.trigger.event_type === "time" ? `${w.trigger.value} s` : `iteration ${w.trigger.value}`
      }`,
      formatNumber(w.iterations),
      rate(w.throughput),
      percent(w.failure_rate),
      formatSeconds(w.p95, "units"),
      w.impact
        ? `${formatSeconds(w.impact.seconds, "units")} (${
          w.impact.by === "failure" ? "failed" : "slow"
        })`
        : "—",
      w.downtime
        ? `${formatSeconds(w.downtime.seconds, "units")} (${Math.round(w.downtime.share * 100)} %)`
        : "—",
      recoveryText(w),
      w.degradation?.mean_relative != null
        ? `×${w.degradation.mean_relative.toFixed(2)}` +
          (w.degradation.p95_relative === null
            ? ""
            : ` (p95 ×${w.degradation.p95_relative.toFixed(2)})`)
        : "—",
    ]) + verdictCell(w) + `</tr>`
  ).join("");
  const notes = [
    `Times are since the load's start, each iteration placed at its end; the warm-up (${
      formatSeconds(s.warmup, "units")
    }) is left out of the baseline. Recovery: a ${
      formatSeconds(s.window, "units")
    } window sliding by ${formatSeconds(s.step, "units")}, within ${
      Math.round(s.latency_margin * 100)
    } % of the baseline's p95 and ${s.failure_margin} points of its failure rate for ${
      formatSeconds(s.hold, "units")
    }; an impact is a failure or an iteration over the baseline's p99 × ${s.impact_factor}.`,
  ];
  if (analysis.windows_dropped) {
    notes.push(`${analysis.windows_dropped} later hook runs opened no window (500 at most).`);
  }
  return `<div class="scroll" id="${escapeHtml(resilienceId(key))}">` +
    `<table class="grid resilience"><tr>${head}</tr>${baseline}${rows}</table></div>` +
    notes.map((n) => `<p class="muted">${escapeHtml(n)}</p>`).join("");
}

// The time span and the figures stay on one line; what opened the window may wrap.
function cells(values: string[]): string {
  return values.map((v, i) => `<td${i === 1 ? "" : ` class="num"`}>${escapeHtml(v)}</td>`)
    .join("");
}

function verdictCell(w: WindowFigures): string {
  if (!w.sla.length) return `<td></td>`;
  const failed = w.sla.filter((v) => !v.success);
  const title = w.sla.map((v) => `${v.criterion}: ${v.success ? "passed" : "failed"}`).join("; ");
  return `<td title="${escapeHtml(title)}">${
    failed.length ? `<span class="badge fail">FAIL</span>` : `<span class="badge pass">PASS</span>`
  }</td>`;
}

function recoveryText(w: WindowFigures): string {
  const r = w.recovery;
  if (!r) return "—";
  if (r.status === "recovered") return `${formatSeconds(r.seconds, "units")}`;
  if (r.status === "interrupted") return "cut short by the next fault";
  return r.status === "not_recovered" ? "not recovered" : "pending";
}

function figuresText(w: WindowFigures): string {
  const parts = [`${formatNumber(w.iterations)} iterations`, `${percent(w.failure_rate)} failed`];
  if (w.impact) parts.push(`impact after ${formatSeconds(w.impact.seconds, "units")}`);
  if (w.recovery) parts.push(recoveryText(w));
  return parts.join(", ");
}

function span(from: number, to: number): string {
  return `${formatSeconds(from, "units")} – ${formatSeconds(to, "units")}`;
}

function rate(value: number | null): string {
  return value === null ? "—" : `${formatNumber(Math.round(value * 10) / 10)}/s`;
}

function percent(value: number | null): string {
  return value === null ? "—" : `${value.toFixed(1)} %`;
}
