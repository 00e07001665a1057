/**
 * What a task document may not be: nested deeper than any task needs, or
 * holding numbers that are not finite (`1e999` reads as infinity). Both can
 * only be mistakes, and deep nesting would overflow the stack of whatever
 * walks the document next.
 *
 * @module
 */
import type { TaskPath } from "./task_path.ts";

/** The deepest nesting of objects and arrays a task document may have. */
export const MAX_NESTING = 64;

/** A place in the document that breaks a limit, and how. */
export interface LimitProblem {
  /** Where. */
  path: TaskPath;
  /** What is wrong and what would be right. */
  message: string;
}

/** The problem of a document nested deeper than {@linkcode MAX_NESTING}. */
export const TOO_DEEP =
  `nested too deeply: more than ${MAX_NESTING} levels of objects and lists; no task needs that`;

/**
 * The places in `data` that break a limit: the first one nested deeper
 * than {@linkcode MAX_NESTING} (the walk stops there), and numbers that are
 * not finite, at most `max` problems in all. Walks without recursion, so
 * any depth is safe.
 */
export function limitProblems(data: unknown, max = 20): LimitProblem[] {
  const problems: LimitProblem[] = [];
  // Containers to visit, with their path; numbers are looked at in place.
  const stack: [unknown, TaskPath][] = [[data, []]];
  while (stack.length > 0 && problems.length < max) {
    const [value, path] = stack.pop()!;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) problems.push({ path, message: nonFinite(value) });
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (path.length >= MAX_NESTING) return [...problems, { path, message: TOO_DEEP }];
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : Object.entries(value);
    // Reversed onto the stack, so problems come in document order.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      if (typeof child === "object" && child !== null || typeof child === "number") {
        stack.push([child, [...path, key]]);
      }
    }
  }
  return problems;
}

/**
 * The offset in JSON `text` where nesting first goes deeper than
 * {@linkcode MAX_NESTING}, or -1: found by counting brackets outside
 * strings, before any parser that recurses sees the text.
 */
export function jsonTooDeepAt(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return -1;
}

function nonFinite(value: number): string {
  return Number.isNaN(value)
    ? "is not a number (NaN); give a finite number"
    : `is too large to be a number: it reads as ${value > 0 ? "" : "minus "}infinity; ` +
      `give a finite number`;
}
