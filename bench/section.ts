/**
 * What each benchmark returns to bench/run.ts: a titled table of figures and
 * the targets it checked, and how those are printed.
 *
 * @module
 */

/** One target of the issue, as measured. */
export interface Check {
  /** The target, in words: `≥ 50× Rally's rate at concurrency 10 with hooks`. */
  target: string;
  /** What was measured against it: `231× (brunt 214,000/s, Rally 927/s)`. */
  measured: string;
  /** Met, missed, or undefined when it could not be measured (a reference missing). */
  met: boolean | undefined;
}

/** A benchmark's results: a table, the checks, and notes under the table. */
export interface Section {
  /** Title printed above the table. */
  title: string;
  /** Column names. */
  header: string[];
  /** Rows of cells, already formatted. */
  rows: string[][];
  /** The targets checked. */
  checks: Check[];
  /** Lines printed under the table (what was run, caveats). */
  notes: string[];
}

/** Renders `section` as a plain-text table with its notes and checks. */
export function renderSection(section: Section): string {
  const lines = [section.title, "=".repeat(section.title.length)];
  if (section.rows.length) lines.push(...table(section.header, section.rows));
  for (const note of section.notes) lines.push(`  ${note}`);
  for (const c of section.checks) lines.push(`  ${mark(c.met)} ${c.target}: ${c.measured}`);
  return lines.join("\n");
}

/** `[met]`, `[MISSED]` or `[n/a]`. */
export function mark(met: boolean | undefined): string {
  return met === undefined ? "[n/a]   " : met ? "[met]   " : "[MISSED]";
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  // The first column is text (left-aligned); the others are figures.
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)];
}
