/**
 * Number and time formatting for the HTML report (plain text; escape it
 * when it is put into HTML).
 *
 * @module
 */

/** Seconds as people read them: `1.23 s`, `45.6 ms`, `12 µs`; `—` for null. */
export function formatSeconds(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const a = Math.abs(v);
  if (a === 0) return "0 s";
  if (a < 1e-3) return `${trim(v * 1e6)} µs`;
  if (a < 1) return `${trim(v * 1e3)} ms`;
  if (a < 600) return `${trim(v)} s`;
  const m = Math.floor(a / 60);
  return `${v < 0 ? "-" : ""}${m} min ${trim(a - m * 60)} s`;
}

/** A share 0…1 as a percentage with two decimals; `—` for null. */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return `${(v * 100).toFixed(2)} %`;
}

/** A plain number with up to 4 significant decimals; `—` for null. */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return Number.isInteger(v) ? String(v) : trim(v);
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

function trim(v: number): string {
  const a = Math.abs(v);
  const digits = a >= 100 ? 1 : a >= 10 ? 2 : 3;
  return String(Number(v.toFixed(digits)));
}
