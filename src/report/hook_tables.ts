/**
 * The hooks of a workload in its terminal summary: what each hook did, and
 * every error its runs met, in full.
 *
 * @module
 */
import type { WorkloadResult } from "../model/results_document.ts";
import type { HookResult, HookRunResult } from "../model/hook_result.ts";
import { paint } from "./ansi.ts";
import { formatSeconds } from "./format_seconds.ts";
import { readHookConfig } from "./hook_config.ts";
import { headed, type SummaryTableOptions } from "./summary_tables.ts";
import { renderTable } from "./text_table.ts";

/** Lines of an error's details shown in the terminal; the rest are counted. */
export const MAX_DETAIL_LINES = 12;

// Trigger points listed in a cell; the rest are counted.
const MAX_POINTS = 8;

/**
 * Per hook: trigger, fired/planned, success, failed, and the points the
 * load ended before reaching. Empty when the workload has no hooks.
 */
export function hooksTable(workload: WorkloadResult, options: SummaryTableOptions = {}): string {
  if (!workload.hooks.length) return "";
  const { color = false, style = "boxed", width } = options;
  const rows = workload.hooks.map((h, i) => {
    const values = h.not_reached?.values.slice(0, MAX_POINTS) ?? [];
    const notReached = h.not_reached
      ? `${h.not_reached.count}: ${values.join(", ")}` +
        (h.not_reached.count > values.length ? " …" : "")
      : "";
    const failed = h.summary.failed ?? 0;
    return [
      hookName(h.config, i),
      triggerOf(h.config).text,
      `${h.results.length}/${planned(h)}`,
      h.summary.success ?? 0,
      failed ? paint(String(failed), "red", color) : 0,
      notReached,
    ];
  });
  return renderTable(
    headed([
      { header: "Hook", wrap: true, minWidth: 16 },
      { header: "Trigger", wrap: true, minWidth: 12 },
      { header: "Fired/planned", align: "right", wrap: true, minWidth: 7 },
      { header: "Success", align: "right", wrap: true, minWidth: 4 },
      { header: "Failed", align: "right", wrap: true, minWidth: 4 },
      { header: "Not reached", wrap: true, minWidth: 10, priority: 1 },
    ], color),
    rows,
    { title: "Hooks", style, width },
  );
}

/**
 * The errors of the workload's failed hook runs, grouped by hook and error
 * (type and message): how many runs failed so, at which trigger points,
 * and the first run's message and details in full (details up to
 * {@linkcode MAX_DETAIL_LINES} lines). Empty when no hook run failed.
 */
export function hookFailuresTable(
  workload: WorkloadResult,
  options: SummaryTableOptions = {},
): string {
  const { color = false, style = "boxed", width } = options;
  const rows: string[][] = [];
  workload.hooks.forEach((hook, i) => {
    const groups = new Map<string, HookRunResult[]>();
    for (const run of hook.results) {
      if (run.status === "success") continue;
      const key = `${run.error?.etype}\u0000${run.error?.msg}`;
      groups.set(key, [...(groups.get(key) ?? []), run]);
    }
    for (const runs of groups.values()) {
      const first = runs[0];
      const error = first.error
        ? `${paint(`${first.error.etype}: ${first.error.msg}`, "red", color)}${
          details(first.error.details)
        }`
        : "(no error recorded)";
      const unit = first.triggered_by.event_type === "time" ? " s" : "";
      const points = runs.slice(0, MAX_POINTS).map((r) => r.triggered_by.value).join(", ") +
        unit + (runs.length > MAX_POINTS ? ` … (${runs.length} runs)` : "");
      rows.push([
        hookName(hook.config, i),
        `${first.triggered_by.event_type} ${points}`,
        formatSeconds(first.finished_at - first.started_at, "units"),
        error,
      ]);
    }
  });
  if (!rows.length) return "";
  return renderTable(
    headed([
      { header: "Hook", wrap: true, minWidth: 12 },
      { header: "Failed at", wrap: true, minWidth: 10 },
      { header: "Took", align: "right", priority: 1 },
      { header: "Error", wrap: true, minWidth: 24 },
    ], color),
    rows,
    { title: "Failed hook runs", style, width },
  );
}

/** The name of a hook in tables: `#index action (description)`. */
export function hookName(config: unknown, index: number): string {
  const view = readHookConfig(config);
  return `#${index} ${view.actionName}${view.description ? ` (${view.description})` : ""}`;
}

// Details on lines of their own under the message, cut to MAX_DETAIL_LINES.
function details(text: string | undefined): string {
  const lines = (text ?? "").trimEnd().split(/\r?\n/);
  if (lines.length === 1 && lines[0] === "") return "";
  const shown = lines.slice(0, MAX_DETAIL_LINES);
  const rest = lines.length - shown.length;
  return "\n" + shown.join("\n") + (rest > 0 ? `\n… ${rest} more lines (in --json/--html)` : "");
}

/**
 * Planned points of a hook: fired plus not reached; an event trigger's listed
 * points when that is more (a crashed run records no not-reached points);
 * "—" for an unbounded trigger.
 */
function planned(hook: HookResult): string {
  const fired = hook.results.length;
  const trigger = triggerOf(hook.config);
  const known = fired + (hook.not_reached?.count ?? 0);
  if (trigger.points !== undefined) return String(Math.max(known, trigger.points));
  return hook.not_reached || trigger.bounded ? String(known) : "—";
}

interface TriggerView {
  text: string;
  bounded: boolean;
  /** How many points an event trigger lists. */
  points?: number;
}

function triggerOf(config: unknown): TriggerView {
  const { triggerName: name, triggerArgs: args } = readHookConfig(config);
  const a = (args ?? {}) as Record<string, unknown>;
  const bounded = name === "event" || a.end !== undefined;
  const s = a.unit === "time" ? " s" : "";
  let text = `${name} ${a.unit ?? ""}`.trim();
  if (Array.isArray(a.at)) text += ` at ${a.at.join(", ")}${s}`;
  if (a.step !== undefined) {
    text += ` every ${a.step}${s} from ${a.start ?? 0}${
      a.end !== undefined ? ` to ${a.end}` : ""
    }${s}`;
  }
  return { text, bounded, points: Array.isArray(a.at) ? a.at.length : undefined };
}
