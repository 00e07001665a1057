/**
 * ANSI colors for terminal text: a style is applied only when asked for, so
 * the same code writes plain text to files and pipes.
 *
 * @module
 */

/** Text styles a terminal summary uses. */
export type AnsiStyle = "bold" | "dim" | "red" | "green" | "yellow";

const CODES: Record<AnsiStyle, [open: number, close: number]> = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
};

/**
 * `text` in `style` when `on`, else `text` unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { paint } from "./ansi.ts";
 * assert.equal(paint("FAIL", "red", true), "\x1b[31mFAIL\x1b[39m");
 * assert.equal(paint("FAIL", "red", false), "FAIL");
 * ```
 */
export function paint(text: string, style: AnsiStyle, on: boolean): string {
  if (!on) return text;
  const [open, close] = CODES[style];
  return `\x1b[${open}m${text}\x1b[${close}m`;
}
