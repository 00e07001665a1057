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

/** A task's SLA verdict in a table: `pass`, `FAIL`, or `—` while unknown. */
export function formatPassSla(pass: boolean | null): string {
  return pass === null ? "—" : pass ? "pass" : "FAIL";
}
