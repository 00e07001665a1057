/**
 * Small numeric helpers for the benchmarks: medians, percentiles and the
 * way figures are printed.
 *
 * @module
 */

/** The median of `values` (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The `p`-th percentile (0–100) of `values`, nearest rank: the smallest value
 * with at least p % of the values at or below it. NaN when empty.
 */
export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))];
}

/** A count or rate with thousands separators and no decimals: `231,402`. */
export function fmtInt(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString("en-US") : "–";
}

/** A number with `digits` decimals, or `–` when it is not a number. */
export function fmtFixed(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "–";
}

/** A ratio `a / b` as `12.3×`, or `–` when either side is missing. */
export function fmtRatio(a: number, b: number): string {
  const r = a / b;
  if (!Number.isFinite(r)) return "–";
  return `${r >= 100 ? r.toFixed(0) : r >= 10 ? r.toFixed(1) : r.toFixed(2)}×`;
}

/** A share as a percentage with one decimal: `3.2 %`. */
export function fmtPercent(share: number): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(1)} %` : "–";
}

/** The values of `runs` as `a / b / c` (each formatted with `fmt`), for showing every run. */
export function fmtRuns(runs: readonly number[], fmt: (n: number) => string = fmtInt): string {
  return runs.map(fmt).join(" / ");
}
