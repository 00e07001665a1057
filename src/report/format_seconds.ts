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
 * - `"units"`: in the unit that suits the value, with 3 significant digits,
 *   as people read it (`12 µs`, `45.6 ms`, `240 ms`, `1.23 s`,
 *   `12 min 3.5 s`); `—` when missing.
 */
export type SecondsStyle = "fixed" | "units";

/**
 * `seconds` written in `style` (see {@linkcode SecondsStyle}); null,
 * undefined and non-finite values are missing.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatSeconds } from "./format_seconds.ts";
 * assert.equal(formatSeconds(0.05), "0.050");
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
  return style === "units" ? withUnit(seconds) : seconds.toFixed(3);
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
  // Rounding to 3 digits may carry into the next unit: 999.6 µs is 1 ms.
  const digits = (x: number) => Number(x.toPrecision(3));
  if (digits(a) < 1e-3) return `${digits(v * 1e6)} µs`;
  if (digits(a) < 1) return `${digits(v * 1e3)} ms`;
  if (digits(a) < 600) return `${digits(v)} s`;
  const m = Math.floor(a / 60);
  return `${v < 0 ? "-" : ""}${m} min ${shortDecimal(a - m * 60)} s`;
}
