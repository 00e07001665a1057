/**
 * The hooks and SLA tables printed after each workload.
 *
 * @module
 */
import type { WorkloadResult } from "../model/results_document.ts";
import { renderTable } from "./text_table.ts";
import type { HookResult } from "../model/hook_result.ts";

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

// Both task forms: {trigger: {name, args}} and {trigger: {name: args}}.
function triggerOf(config: unknown): TriggerView {
  const t = (config as { trigger?: Record<string, unknown> })?.trigger ?? {};
  let name: string, args: unknown;
  if (typeof t.name === "string" && "args" in t) [name, args] = [t.name, t.args];
  else [name, args] = Object.entries(t)[0] ?? ["?", {}];
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

function hookName(config: unknown, index: number): string {
  const c = (config ?? {}) as Record<string, unknown>;
  const action = typeof c.name === "string"
    ? c.name
    : Object.keys((c.action ?? {}) as object)[0] ?? "?";
  const description = typeof c.description === "string" ? ` (${c.description})` : "";
  return `#${index} ${action}${description}`;
}

/**
 * Per hook: trigger, fired/planned, success, failed, the first error, and the
 * points the load ended before reaching.
 */
export function hooksTable(workload: WorkloadResult): string {
  if (!workload.hooks.length) return "";
  const rows = workload.hooks.map((h, i) => {
    const firstError = h.results.find((r) => r.error)?.error;
    const notReached = h.not_reached
      ? `${h.not_reached.count}: ${h.not_reached.values.join(", ")}` +
        (h.not_reached.count > h.not_reached.values.length ? " …" : "")
      : "";
    return [
      clip(hookName(h.config, i), 50),
      triggerOf(h.config).text,
      `${h.results.length}/${planned(h)}`,
      h.summary.success ?? 0,
      h.summary.failed ?? 0,
      firstError ? clip(`${firstError.etype}: ${firstError.msg}`, 60) : "",
      clip(notReached, 40),
    ];
  });
  return renderTable(
    ["Hook", "Trigger", "Fired/planned", "Success", "Failed", "First error", "Not reached"],
    rows,
    { title: "Hooks", align: ["left", "left", "right", "right", "right", "left", "left"] },
  );
}

/**
 * Per SLA criterion: its verdict and detail; Rally's default criterion (the
 * workload has no `sla`) is named `failure_rate (default)`.
 */
export function slaTable(workload: WorkloadResult): string {
  if (!workload.sla_results.sla.length) return "";
  return renderTable(
    ["Criterion", "Status", "Detail"],
    workload.sla_results.sla.map((r) => [
      r.default ? `${r.criterion} (default)` : r.criterion,
      r.success ? "PASS" : "FAIL",
      r.detail,
    ]),
    { title: "SLA" },
  );
}

function clip(text: string, max: number): string {
  const one = text.replace(/\s+/g, " ");
  return one.length > max ? one.slice(0, max - 1) + "…" : one;
}
