/**
 * A generic aligned text table for terminals, boxed like Rally's CLI tables
 * or plain, that fits a given width: cells wrap, and columns that matter
 * least are left out when wrapping is not enough.
 *
 * @module
 */

/** How a column's cells line up. */
export type ColumnAlign = "left" | "right" | "center";

/** A cell: text, or a number written with `String(n)`. */
export type TableCell = string | number;

/** A column of {@linkcode renderTable}: its header and how it behaves when room is short. */
export interface TableColumn {
  /** The header; it wraps like the cells when the column narrows. */
  header: string;
  /**
   * How the cells (and the header) line up.
   * @default {"left"}
   */
  align?: ColumnAlign;
  /**
   * Whether the cells may wrap onto several lines when the table is wider
   * than `width` (at spaces and after `/ . _ , : -`, else anywhere).
   * @default {false}
   */
  wrap?: boolean;
  /**
   * The narrowest a wrapping column gets.
   * @default {12} (or the widest cell, when that is narrower)
   */
  minWidth?: number;
  /**
   * Whether the column may be left out to fit `width`, and when: columns
   * with lower numbers go first. A column without a priority is always
   * shown.
   */
  priority?: number;
}

/** Options of {@linkcode renderTable}. */
export interface TableOptions {
  /**
   * `"boxed"`: `+---+` borders and `|` separators, like Rally's CLI;
   * `"plain"`: columns separated by two spaces, a dashed line under the
   * headers, no trailing spaces.
   * @default {"boxed"}
   */
  style?: "boxed" | "plain";
  /** A title above the headers: a centered row spanning the table when boxed. */
  title?: string;
  /**
   * The most characters a line may take (a terminal's width). When the
   * table is wider, wrapping columns narrow first, then columns with a
   * priority are left out, lowest first, and a line under the table names
   * them. Unlimited when undefined.
   */
  width?: number;
}

/**
 * Renders rows as an aligned text table. Column widths fit the widest cell,
 * within `options.width` when given (see {@linkcode TableColumn} for how a
 * column gives way). ANSI color codes in cells do not count toward widths,
 * so callers may color cells. A line break in a cell starts a new line in
 * a wrapping column and becomes a space elsewhere. Width counts code
 * points, so wide (CJK, emoji) characters may misalign.
 *
 * @param columns the columns, as headers or {@linkcode TableColumn}s
 * @param rows cells per row, one per column
 * @param options style, title and width
 * @returns the table's lines joined with `\n`, without a trailing newline
 * @throws {RangeError} when a row's length differs from the columns'
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderTable } from "./text_table.ts";
 * const table = renderTable(["Action", { header: "Count", align: "right" }], [["foo", 10]]);
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
  columns: readonly (string | TableColumn)[],
  rows: readonly (readonly TableCell[])[],
  options: TableOptions = {},
): string {
  const cols = columns.map((c) => typeof c === "string" ? { header: c } : c);
  rows.forEach((row, i) => {
    if (row.length !== cols.length) {
      throw new RangeError(
        `renderTable: row ${i} has ${row.length} cells, but there are ${cols.length} columns; give every row one cell per column`,
      );
    }
  });
  const body = rows.map((row) => row.map((cell, c) => cellText(cell, cols[c].wrap ?? false)));
  const layout = fit(cols, body, options);
  const shown = layout.shown;
  const lines = draw(
    shown.map((c) => cols[c]),
    body.map((row) => shown.map((c) => row[c])),
    layout.widths,
    options,
  );
  if (layout.dropped.length) {
    lines.push(
      ...wrapText(
        `(not shown, to fit ${options.width} columns: ${
          layout.dropped.map((c) => cols[c].header).join(", ")
        })`,
        options.width ?? Infinity,
      ),
    );
  }
  return lines.join("\n");
}

/** Width of `text` on a terminal: code points, ANSI color codes not counted. */
export function visibleWidth(text: string): number {
  let width = 0;
  for (const _ of text.replace(ANSI_SGR, "")) width++;
  return width;
}

/**
 * `text` broken into lines of at most `width` characters: at its line
 * breaks, at spaces, after `/ . _ , : -`, and inside a word only when it is
 * longer than a line. ANSI colors around a whole line are kept on each of
 * its parts.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { wrapText } from "./text_table.ts";
 * const lines = wrapText("ConnectionError: connection refused", 16);
 * assert.deepEqual(lines, ["ConnectionError:", "connection", "refused"]);
 * ```
 */
export function wrapText(text: string, width: number): string[] {
  return text.split(/\r?\n|\r/).flatMap((line) => wrapLine(line, Math.max(1, Math.floor(width))));
}

function wrapLine(text: string, width: number): string[] {
  if (visibleWidth(text) <= width) return [text];
  // deno-lint-ignore no-control-regex
  const [, open, inner, close] = /^((?:\x1b\[[0-9;]*m)*)(.*?)((?:\x1b\[[0-9;]*m)*)$/s.exec(text)!;
  const plain = inner.replace(ANSI_SGR, "");
  const lines: string[] = [];
  let line = "";
  for (const piece of breakablePieces(plain)) {
    if (length(line) + length(piece.trimEnd()) > width && line !== "") {
      lines.push(line.trimEnd());
      line = "";
    }
    // Leading spaces of the text (an indent) stay; those after a break go.
    let rest = line === "" && lines.length > 0 ? piece.trimStart() : piece;
    // A word longer than a line is cut where the line ends.
    while (length(rest.trimEnd()) > width - length(line)) {
      const chars = [...rest];
      const room = width - length(line);
      lines.push((line + chars.slice(0, room).join("")).trimEnd());
      line = "";
      rest = chars.slice(room).join("").trimStart();
    }
    line += rest;
  }
  if (line.trimEnd() !== "" || lines.length === 0) lines.push(line.trimEnd());
  return open || close ? lines.map((l) => open + l + close) : lines;
}

function length(text: string): number {
  return [...text].length;
}

// Select Graphic Rendition sequences: the only escapes colored cells carry.
// deno-lint-ignore no-control-regex
const ANSI_SGR = /\x1b\[[0-9;]*m/g;

const MARKS = "/._,:-";

// The pieces a line may end after: a run of spaces; a slash; a mark inside
// a word that a letter follows (so `4.5`, `1,000` and `--seed` stay whole).
function breakablePieces(text: string): string[] {
  const pieces: string[] = [];
  const chars = [...text];
  let piece = "";
  chars.forEach((ch, i) => {
    piece += ch;
    const next = chars[i + 1];
    if (next === undefined) return;
    let runStart = i;
    while (runStart > 0 && MARKS.includes(chars[runStart - 1]) && chars[runStart - 1] !== "/") {
      runStart--;
    }
    const insideWord = runStart > 0 && !/\s/.test(chars[runStart - 1]) &&
      chars[runStart - 1] !== "/";
    const breaks = (/\s/.test(ch) && !/\s/.test(next)) ||
      (ch === "/" && !/[\s/]/.test(next)) ||
      (MARKS.includes(ch) && !MARKS.includes(next) && !/[\s\d]/.test(next) && insideWord);
    if (breaks) {
      pieces.push(piece);
      piece = "";
    }
  });
  if (piece) pieces.push(piece);
  return pieces;
}

/** Which columns are shown, in order, at which widths. */
interface Layout {
  shown: number[];
  widths: number[];
  dropped: number[];
}

// Narrows wrapping columns, then leaves out columns by priority, until the table fits.
function fit(cols: TableColumn[], body: string[][], options: TableOptions): Layout {
  const natural = cols.map((col, c) =>
    Math.max(cellWidth(col.header), ...body.map((r) => cellWidth(r[c])))
  );
  const shown = cols.map((_, c) => c);
  const dropped: number[] = [];
  const limit = options.width;
  for (;;) {
    const widths = shown.map((c) => natural[c]);
    widenForTitle(widths, options);
    if (limit === undefined || tableWidth(widths, options) <= limit) {
      return { shown, widths, dropped };
    }
    const narrowed = narrow(shown.map((c) => cols[c]), widths, limit, options);
    if (tableWidth(narrowed, options) <= limit) return { shown, widths: narrowed, dropped };
    const candidates = shown.filter((c) => cols[c].priority !== undefined);
    if (!candidates.length || shown.length === 1) {
      // Nothing more to leave out: every column wraps as a last resort.
      const forced = narrow(
        shown.map((c) => ({ ...cols[c], wrap: true, minWidth: 4 })),
        widths,
        limit,
        options,
      );
      return { shown, widths: forced, dropped };
    }
    const least = candidates.reduce((a, b) => cols[b].priority! < cols[a].priority! ? b : a);
    shown.splice(shown.indexOf(least), 1);
    dropped.push(least);
  }
}

// Takes one character at a time from the widest wrapping column above its minimum.
function narrow(
  cols: TableColumn[],
  start: number[],
  limit: number,
  options: TableOptions,
): number[] {
  const widths = [...start];
  const floor = cols.map((col, i) => Math.min(widths[i], col.minWidth ?? 12));
  let excess = tableWidth(widths, options) - limit;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < cols.length; i++) {
      if (cols[i].wrap && widths[i] > floor[i] && (widest < 0 || widths[i] > widths[widest])) {
        widest = i;
      }
    }
    if (widest < 0) break;
    widths[widest]--;
    excess--;
  }
  return widths;
}

// A title wider than the columns widens the last column.
function widenForTitle(widths: number[], options: TableOptions): void {
  if (options.title === undefined || !widths.length) return;
  const missing = visibleWidth(cellText(options.title)) - innerWidth(widths, options);
  if (missing > 0) widths[widths.length - 1] += missing;
}

function innerWidth(widths: number[], options: TableOptions): number {
  const separator = options.style === "plain" ? 2 : 3;
  return widths.reduce((a, b) => a + b, 0) + separator * Math.max(0, widths.length - 1);
}

function tableWidth(widths: number[], options: TableOptions): number {
  return innerWidth(widths, options) + (options.style === "plain" ? 0 : 4);
}

function draw(
  cols: TableColumn[],
  body: string[][],
  widths: number[],
  options: TableOptions,
): string[] {
  const { style = "boxed" } = options;
  const inner = innerWidth(widths, options);
  const title = options.title === undefined ? undefined : clipText(cellText(options.title), inner);
  const rowLines = (cells: string[]): string[][] => {
    const wrapped = cells.map((cell, i) => wrapText(cell, widths[i]));
    const height = Math.max(1, ...wrapped.map((w) => w.length));
    return Array.from(
      { length: height },
      (_, k) => wrapped.map((w, i) => pad(w[k] ?? "", widths[i], cols[i].align ?? "left")),
    );
  };
  const head = rowLines(cols.map((c) => c.header));
  const rows = body.map(rowLines);

  if (style === "plain") {
    const lines: string[] = [];
    if (title !== undefined) lines.push(title);
    for (const l of head) lines.push(l.join("  "));
    lines.push(widths.map((w) => "-".repeat(w)).join("  "));
    for (const row of rows) for (const l of row) lines.push(l.join("  "));
    return lines.map((l) => l.trimEnd());
  }

  const border = "+" + widths.map((w) => "-".repeat(w + 2)).join("+") + "+";
  const lines: string[] = [];
  if (title !== undefined) {
    lines.push("+" + "-".repeat(inner + 2) + "+", "| " + pad(title, inner, "center") + " |");
  }
  lines.push(border);
  for (const l of head) lines.push("| " + l.join(" | ") + " |");
  lines.push(border);
  for (const row of rows) for (const l of row) lines.push("| " + l.join(" | ") + " |");
  lines.push(border);
  return lines;
}

// Line breaks stay only where the column wraps.
function cellText(cell: TableCell, keepBreaks = false): string {
  const text = String(cell);
  return keepBreaks ? text : text.replace(/\r?\n|\r/g, " ");
}

// The widest line of a cell.
function cellWidth(text: string): number {
  return Math.max(...text.split(/\r?\n|\r/).map(visibleWidth));
}

function clipText(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  return [...text.replace(ANSI_SGR, "")].slice(0, Math.max(0, width - 1)).join("") + "…";
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
