/**
 * The names a task template can call, as Rally gives them: Rally's own
 * `min`, `max`, `ceil` and `round`, Jinja2's `range` (at most
 * {@linkcode MAX_RANGE} items, as in Jinja2's sandbox), `dict` and
 * `namespace`, and nunjucks' `cycler` and `joiner`; and Jinja2's `round`
 * filter, which rounds half to even as Python does.
 *
 * @module
 */

/** The most items `range()` gives in a template (Jinja2's sandbox has the same limit). */
export const MAX_RANGE = 100_000;

/** Names every template has without task args. */
export const TEMPLATE_GLOBAL_NAMES: readonly string[] = [
  "range",
  "cycler",
  "joiner",
  "dict",
  "namespace",
  "min",
  "max",
  "ceil",
  "round",
];

// nunjucks passes `f(a=1)` as a last argument marked __keywords.
type Keywords = Record<string, unknown> & { __keywords?: true };

function keywords(args: unknown[]): [unknown[], Record<string, unknown>] {
  const last = args[args.length - 1] as Keywords | undefined;
  if (typeof last !== "object" || last === null || last.__keywords !== true) return [args, {}];
  const { __keywords: _, ...named } = last;
  return [args.slice(0, -1), named];
}

/** The globals added to nunjucks' own (which keep `cycler` and `joiner`). */
export const TEMPLATE_GLOBALS: Record<string, (...args: unknown[]) => unknown> = {
  range: (...args: unknown[]) => {
    const [a, b, c] = args.map(Number);
    const [start, stop, step] = args.length === 1 ? [0, a, 1] : [a, b, c ?? 1];
    if (step === 0) throw new RangeError("range() arg 3 must not be zero");
    const count = Math.max(0, Math.ceil((stop - start) / step));
    if (!(count <= MAX_RANGE)) {
      throw new RangeError(
        `range() of ${count} items: at most ${MAX_RANGE} in a task template`,
      );
    }
    return Array.from({ length: count }, (_, i) => start + i * step);
  },
  dict: (...args: unknown[]) => {
    const [positional, named] = keywords(args);
    const base = positional[0];
    return { ...(typeof base === "object" && base !== null ? base : {}), ...named };
  },
  namespace: (...args: unknown[]) => {
    const [positional, named] = keywords(args);
    const base = positional[0];
    return { ...(typeof base === "object" && base !== null ? base : {}), ...named };
  },
  // Rally's: Python's min and max of two values (or of one list).
  min: (...args: unknown[]) => extreme(args, (a, b) => b < a),
  max: (...args: unknown[]) => extreme(args, (a, b) => b > a),
  // Rally's: int(math.ceil(x)) and int(round(x)).
  ceil: (x: unknown) => Math.ceil(Number(x)),
  round: (x: unknown) => pyRound(Number(x), 0),
};

function extreme(args: unknown[], better: (a: never, b: never) => boolean): unknown {
  const values = args.length === 1 && Array.isArray(args[0]) ? args[0] : args;
  if (values.length === 0) throw new TypeError("expected at least one value");
  return values.reduce((best, v) => better(best as never, v as never) ? v : best);
}

/**
 * Jinja2's `round` filter: `method` "common" rounds half to even (Python's
 * `round`), "ceil" and "floor" always up or down.
 */
export function roundFilter(value: unknown, precision: unknown = 0, method = "common"): number {
  const x = Number(value);
  const p = Number(precision);
  if (method === "ceil") return Math.ceil(x * 10 ** p) / 10 ** p;
  if (method === "floor") return Math.floor(x * 10 ** p) / 10 ** p;
  return pyRound(x, p);
}

/**
 * Python's `round(x, p)`: to the nearest multiple of 10⁻ᵖ by the exact
 * binary value, an exact tie to the even digit (2.5 → 2, 3.5 → 4, 2.675 → 2.67).
 */
export function pyRound(x: number, p: number): number {
  if (!Number.isFinite(x) || p > 20) return x;
  // toFixed gives the exact decimal expansion of the double, digit by digit.
  const exact = Math.abs(x).toFixed(Math.min(100, p + 30));
  const dot = exact.indexOf(".");
  const cut = dot + p + (p > 0 ? 1 : 0);
  const tie = exact[dot + p + 1] === "5" && /^0*$/.test(exact.slice(dot + p + 2));
  if (!tie) return Number(x.toFixed(p));
  const kept = exact.slice(0, p > 0 ? cut : dot);
  const last = Number(kept[kept.length - 1]);
  const down = Number(kept);
  const rounded = last % 2 === 0 ? down : down + 10 ** -p;
  return Math.sign(x) * Number(rounded.toFixed(p));
}
