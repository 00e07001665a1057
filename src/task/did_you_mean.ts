/**
 * "Did you mean" suggestions for misspelled keys and plugin names.
 *
 * @module
 */

/**
 * The edit distance between `a` and `b`: insertions, deletions,
 * substitutions and swaps of two neighbouring characters each count 1.
 */
export function editDistance(a: string, b: string): number {
  // Optimal string alignment: Levenshtein plus adjacent transpositions,
  // which are the most common typing slip ("constnat"). Three rows of the
  // table are all it needs at a time.
  let older = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  let current = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, older[j - 2] + 1);
      }
      current[j] = best;
    }
    [older, previous, current] = [previous, current, older];
  }
  return previous[b.length];
}

/** Names longer than this get no suggestion: no plugin or key is that long. */
const MAX_SUGGESTED_LENGTH = 200;

/**
 * The candidate closest to `name` (ignoring case), or undefined when none is
 * close enough to be a likely typo: at most one edit per three characters,
 * and at least one edit allowed.
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_SUGGESTED_LENGTH) return undefined;
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const allowed = Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3));
    // The distance is at least the difference in length.
    if (Math.abs(name.length - candidate.length) > allowed) continue;
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance > allowed) continue;
    if (distance < bestDistance || (distance === bestDistance && candidate < (best ?? ""))) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "x"?` for the closest candidate, or the empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const closest = closestName(name, candidates);
  return closest === undefined ? "" : `; did you mean ${JSON.stringify(closest)}?`;
}
