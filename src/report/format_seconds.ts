/**
 * Durations in seconds as the reports write them.
 *
 * @module
 */

/**
 * How {@linkcode formatSeconds} writes a duration:
 *
 * - `"fixed"`: three decimals (`0.050`), as Rally's tables print them, so
 *   the figures of a text column line up; `n/a` when missing.
 * - `"precise"`: like `"fixed"`, but below 0.1 s about three significant
 *   digits (`0.000123`, never an exponent), so figures compared across runs
 *   still differ when they are sub-millisecond; `n/a` when missing.
 * - `"units"`: in the unit that suits the value, as people read it (`12 µs`,
 *   `45.6 ms`, `1.23 s`, `12 min 3.5 s`); `—` when missing.
 */
export type SecondsStyle = "fixed" | "precise" | "units";

/**
 * `seconds` written in `style` (see {@linkcode SecondsStyle}); null,
 * undefined and non-finite values are missing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSeconds } from "./format_seconds.ts";
 * assert.equal(formatSeconds(0.05), "0.050");
 * assert.equal(formatSeconds(0.000123, "precise"), "0.000123");
 * assert.equal(formatSeconds(0.0456, "units"), "45.6 ms");
 * assert.equal(formatSeconds(null), "n/a");
 * assert.equal(formatSeconds(null, "units"), "—");
 * ```
 */
export function formatSeconds(
  seconds: number | null | undefined,
  style: SecondsStyle = "fixed",
): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) {
    return style === "units" ? "—" : "n/a";
  }
  if (style === "units") return withUnit(seconds);
  if (style === "fixed" || seconds >= 0.1 || seconds <= 0) return seconds.toFixed(3);
  return seconds.toFixed(Math.min(6, 2 - Math.floor(Math.log10(seconds))));
}

/**
 * `v` with 3 decimals below 10, 2 below 100 and 1 above, trailing zeros
 * dropped (`1.5`, `12.35`, `123.5`): short, and precise enough to read.
 */
export function shortDecimal(v: number): string {
  const a = Math.abs(v);
  const digits = a >= 100 ? 1 : a >= 10 ? 2 : 3;
  return String(Number(v.toFixed(digits)));
}

function withUnit(v: number): string {
  const a = Math.abs(v);
  if (a === 0) return "0 s";
  if (a < 1e-3) return `${shortDecimal(v * 1e6)} µs`;
  if (a < 1) return `${shortDecimal(v * 1e3)} ms`;
  if (a < 600) return `${shortDecimal(v)} s`;
  const m = Math.floor(a / 60);
  return `${v < 0 ? "-" : ""}${m} min ${shortDecimal(a - m * 60)} s`;
}
