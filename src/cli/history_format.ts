/**
 * How the history commands write ids, times and durations.
 *
 * @module
 */

/** The shortest length (at least 8) at which every one of `uuids` has a prefix of its own. */
export function shortIdLength(uuids: readonly string[]): number {
  const sorted = [...uuids].map((u) => u.toLowerCase()).sort();
  let length = 8;
  for (let i = 1; i < sorted.length; i++) {
    const [a, b] = [sorted[i - 1], sorted[i]];
    let common = 0;
    while (common < a.length && a[common] === b[common]) common++;
    if (a !== b) length = Math.max(length, common + 1);
  }
  return length;
}

/** An ISO 8601 time as `2024-05-01 12:00:03 UTC` (the input when it does not parse). */
export function formatStarted(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return new Date(ms).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/**
 * Text from a task file or a command line, safe to print on a terminal: its
 * control characters (a terminal's escape sequences among them) written as
 * `\x1b`, and at most `max` characters long (a 20 MB title made `list` fail).
 */
export function printable(text: string, max = 200): string {
  const shown = text.length > max ? text.slice(0, max - 1) + "…" : text;
  // deno-lint-ignore no-control-regex
  return shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : c;
  });
}

/** A task's SLA verdict in a table: `pass`, `FAIL`, or `—` while unknown. */
export function formatPassSla(pass: boolean | null): string {
  return pass === null ? "—" : pass ? "pass" : "FAIL";
}
