/**
 * Fixed-point number formatting that matches Python's `"%.Nf"`, so SLA
 * details read exactly like Rally's.
 *
 * @module
 */

/**
 * Formats `value` with `digits` decimals the way Python's `"%.Nf" % value`
 * does. It differs from `Number.prototype.toFixed` only on exact ties
 * (`0.125` → `"0.12"`, not `"0.13"`): Python rounds those to even.
 *
 * @param value The number to format.
 * @param digits How many decimals, 0 to 20.
 * @returns The formatted number, like `"0.13"`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { formatFixed } from "./format_fixed.ts";
 * assert.equal(formatFixed(1 / 3, 2), "0.33");
 * assert.equal(formatFixed(0.125, 2), "0.12");
 * ```
 */
export function formatFixed(value: number, digits: number): string {
  if (Number.isNaN(value)) return "nan";
  if (!Number.isFinite(value)) return value > 0 ? "inf" : "-inf";
  const sign = value < 0 ? "-" : "";
  const abs = Math.abs(value);
  if (abs >= 1e21) {
    // toFixed switches to exponent notation here; such doubles are integers.
    return sign + BigInt(abs).toString() + (digits > 0 ? "." + "0".repeat(digits) : "");
  }
  const rounded = abs.toFixed(digits);
  // 100 decimals hold the exact value of any double this code meets, so a tie
  // shows as a 5 followed by nothing but zeros.
  const exact = abs.toFixed(100);
  const point = exact.indexOf(".");
  if (exact[point + 1 + digits] !== "5" || !onlyZeros(exact, point + 2 + digits)) {
    return sign + rounded;
  }
  const last = rounded.charCodeAt(rounded.length - 1) - 48;
  if (last % 2 === 0) return sign + rounded;
  return sign + exact.slice(0, digits > 0 ? point + 1 + digits : point);
}

function onlyZeros(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) {
    if (text[i] !== "0") return false;
  }
  return true;
}
