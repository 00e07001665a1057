/**
 * Number and time formatting for the HTML report (plain text; escape it
 * when it is put into HTML). Durations: `formatSeconds(v, "units")` from
 * ../format_seconds.ts.
 *
 * @module
 */
import { shortDecimal } from "../format_seconds.ts";

/** A share 0…1 as a percentage with two decimals; `—` for null. */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${(v * 100).toFixed(2)} %`;
}

/** A plain number with up to 4 significant decimals; `—` for null. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return Number.isInteger(v) ? String(v) : shortDecimal(v);
}

/** An epoch time in seconds as an ISO 8601 UTC string; `—` when absent. */
export function formatEpoch(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return new Date(v * 1000).toISOString();
}

/** `v` as text, `—` when it is null or undefined (documents from elsewhere may lack fields). */
export function orDash(v: unknown): string {
  return v === null || v === undefined ? "—" : String(v);
}

/** Any value as indented JSON (undefined as `null`), for `<pre>` blocks. */
export function prettyJson(v: unknown): string {
  try {
    return JSON.stringify(v, null, 2) ?? "null";
  } catch {
    return String(v);
  }
}

/** Compact JSON of a value, cut to `max` characters. */
export function shortJson(v: unknown, max = 200): string {
  let s: string;
  try {
    s = JSON.stringify(v) ?? "null";
  } catch {
    s = String(v);
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
