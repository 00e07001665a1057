/**
 * A generic aligned text table for terminals, boxed like Rally's CLI tables
 * or plain.
 *
 * @module
 */

/** How a column's cells line up. */
export type ColumnAlign = "left" | "right" | "center";

/** A cell: text, or a number written with `String(n)`. */
export type TableCell = string | number;

/** Options of {@linkcode renderTable}. */
export interface TableOptions {
  /**
   * Alignment per column, by column index; columns without one are left
   * aligned. Headers follow their column's alignment.
   * @default {[]}
   */
  align?: readonly ColumnAlign[];
  /**
   * `"boxed"`: `+---+` borders and `|` separators, like Rally's CLI;
   * `"plain"`: columns separated by two spaces, a dashed line under the
   * headers, no trailing spaces.
   * @default {"boxed"}
   */
  style?: "boxed" | "plain";
  /** A title above the headers: a centered row spanning the table when boxed. */
  title?: string;
}

/**
 * Renders rows as an aligned text table. Column widths fit the widest cell;
 * ANSI color codes in cells do not count toward widths, so callers may color
 * cells. Line breaks in cells become spaces. Width counts code points, so
 * wide (CJK, emoji) characters may misalign.
 *
 * @param headers column headers; their number is the number of columns
 * @param rows cells per row, as many as there are headers
 * @param options alignment, style and title
 * @returns the table's lines joined with `\n`, without a trailing newline
 * @throws {RangeError} when a row's length differs from the headers'
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderTable } from "./text_table.ts";
 * const table = renderTable(["Action", "Count"], [["foo", 10]], { align: ["left", "right"] });
 * assert.equal(table, [
 *   "+--------+-------+",
 *   "| Action | Count |",
 *   "+--------+-------+",
 *   "| foo    |    10 |",
 *   "+--------+-------+",
 * ].join("\n"));
 * ```
 */
export function renderTable(
  headers: readonly TableCell[],
  rows: readonly (readonly TableCell[])[],
  options: TableOptions = {},
): string {
  const { align = [], style = "boxed", title } = options;
  const columns = headers.length;
  rows.forEach((row, i) => {
    if (row.length !== columns) {
      throw new RangeError(
        `renderTable: row ${i} has ${row.length} cells, but there are ${columns} headers; give every row one cell per header`,
      );
    }
  });
  const head = headers.map(cellText);
  const body = rows.map((row) => row.map(cellText));
  const widths = head.map((h, c) =>
    Math.max(visibleWidth(h), ...body.map((r) => visibleWidth(r[c])))
  );
  const titleText = title === undefined ? undefined : cellText(title);
  const separator = style === "boxed" ? 3 : 2;
  // A title wider than the table widens the last column.
  if (titleText !== undefined && columns > 0) {
    const inner = widths.reduce((a, b) => a + b, 0) + separator * (columns - 1);
    const missing = visibleWidth(titleText) - inner;
    if (missing > 0) widths[columns - 1] += missing;
  }
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], align[i] ?? "left"));

  if (style === "plain") {
    const lines: string[] = [];
    if (titleText !== undefined) lines.push(titleText);
    lines.push(line(head).join("  "), widths.map((w) => "-".repeat(w)).join("  "));
    for (const row of body) lines.push(line(row).join("  "));
    return lines.map((l) => l.trimEnd()).join("\n");
  }

  const border = "+" + widths.map((w) => "-".repeat(w + 2)).join("+") + "+";
  const lines: string[] = [];
  if (titleText !== undefined) {
    const inner = widths.reduce((a, b) => a + b + 3, -3);
    lines.push("+" + "-".repeat(inner + 2) + "+", "| " + pad(titleText, inner, "center") + " |");
  }
  lines.push(border, "| " + line(head).join(" | ") + " |", border);
  for (const row of body) lines.push("| " + line(row).join(" | ") + " |");
  lines.push(border);
  return lines.join("\n");
}

/** Width of `text` on a terminal: code points, ANSI color codes not counted. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const _ of text.replace(ANSI_SGR, "")) width++;
  return width;
}

// Select Graphic Rendition sequences: the only escapes colored cells carry.
// deno-lint-ignore no-control-regex
const ANSI_SGR = /\x1b\[[0-9;]*m/g;

function cellText(cell: TableCell): string {
  return String(cell).replace(/\r?\n|\r/g, " ");
}

function pad(text: string, width: number, align: ColumnAlign): string {
  const room = width - visibleWidth(text);
  if (room <= 0) return text;
  if (align === "right") return " ".repeat(room) + text;
  if (align === "center") {
    const left = Math.floor(room / 2);
    return " ".repeat(left) + text + " ".repeat(room - left);
  }
  return text + " ".repeat(room);
}
