/**
 * The excerpt a task file problem shows under its message: the line, and a
 * caret under the column.
 *
 * @module
 */

const EXCERPT_WIDTH = 80;

/**
 * Line `line` of `text` with a caret under `column` (both 1-based); a line
 * longer than 80 characters is cut to 80 around the column, with `…` where
 * it was cut. Tabs show as one space, so the caret stays in place.
 * Undefined when `text` has no such line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { excerptAt } from "./excerpt.ts";
 * assert.equal(excerptAt('{"a": }', 1, 7), '{"a": }\n      ^');
 * ```
 */
export function excerptAt(text: string, line: number, column: number): string | undefined {
  const full = text.split("\n")[line - 1]?.replace(/\r$/, "").replaceAll("\t", " ");
  if (full === undefined) return undefined;
  let from = 0;
  if (full.length > EXCERPT_WIDTH) {
    from = Math.max(0, Math.min(column - 1 - EXCERPT_WIDTH / 2, full.length - EXCERPT_WIDTH));
  }
  const shown = full.slice(from, from + EXCERPT_WIDTH);
  const prefix = from > 0 ? "…" : "";
  const suffix = from + EXCERPT_WIDTH < full.length ? "…" : "";
  const caret = " ".repeat(prefix.length + Math.max(0, column - 1 - from)) + "^";
  return `${prefix}${shown}${suffix}\n${caret}`;
}
