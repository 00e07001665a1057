/**
 * Python's `%` operator as Jinja2 templates use it: string formatting
 * (`"%d" % n`, `"%05.2f" % x`, `"%s-%s" % (a, b)`) and modulo with the sign
 * of the divisor, so a Rally task template renders what Rally renders.
 *
 * @module
 */

// %[(key)][flags][width][.precision]conversion
const SPEC = /%(?:\(([^)]*)\))?([-+ 0#]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g;

/**
 * `left % right` as Python computes it: `left` a string formats `right`
 * (a list is the tuple of values, an object the mapping for `%(key)s`);
 * numbers give the remainder with the sign of `right`.
 *
 * @throws {TypeError} as Python raises it: a value of the wrong kind for its
 *   conversion, too few or too many values.
 * @throws {RangeError} for a modulo by zero.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { pyMod } from "./py_format.ts";
 * assert.equal(pyMod("%05.2f", 3.14159), "03.14");
 * assert.equal(pyMod("%s-%s", [1, 2]), "1-2");
 * assert.equal(pyMod(-7, 3), 2);
 * ```
 */
export function pyMod(left: unknown, right: unknown): unknown {
  if (typeof left === "string") return pyFormat(left, right);
  const a = Number(left);
  const b = Number(right);
  if (b === 0) throw new RangeError("integer division or modulo by zero");
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

function pyFormat(format: string, right: unknown): string {
  const mapping = isMapping(right) ? right : undefined;
  const values = Array.isArray(right) ? right : [right];
  let next = 0;
  const take = (): unknown => {
    if (next >= values.length) throw new TypeError("not enough arguments for format string");
    return values[next++];
  };
  let usedMapping = false;
  const out = format.replace(
    SPEC,
    (_all, key: string | undefined, flags: string, width: string, precision: string, conv) => {
      if (conv === "%") return "%";
      let value: unknown;
      if (key !== undefined) {
        if (!mapping) throw new TypeError("format requires a mapping");
        usedMapping = true;
        if (!Object.hasOwn(mapping, key)) throw new TypeError(`KeyError: '${key}'`);
        value = mapping[key];
      }
      const w = width === "*" ? Number(take()) : width === undefined ? 0 : Number(width);
      const p = precision === "*"
        ? Number(take())
        : precision === undefined
        ? undefined
        : Number(precision);
      if (key === undefined) value = mapping && !Array.isArray(right) ? right : take();
      return pad(convert(conv, value, flags, p), w, flags, "diouxXeEfFgG".includes(conv));
    },
  );
  if (!usedMapping && Array.isArray(right) && next < values.length) {
    throw new TypeError("not all arguments converted during string formatting");
  }
  return out;
}

function convert(conv: string, value: unknown, flags: string, precision?: number): string {
  switch (conv) {
    case "s":
      return precision === undefined ? pyStr(value) : pyStr(value).slice(0, precision);
    case "r":
    case "a":
      return pyRepr(value);
    case "c":
      return typeof value === "number" ? String.fromCodePoint(value) : String(value);
    case "d":
    case "i":
    case "u":
      return sign(Math.trunc(real(value, conv)), flags, (n) => n.toFixed(0));
    case "o":
    case "x":
    case "X": {
      const n = Math.trunc(real(value, conv));
      const digits = Math.abs(n).toString(conv === "o" ? 8 : 16);
      const prefix = flags.includes("#") ? (conv === "o" ? "0o" : conv === "x" ? "0x" : "0X") : "";
      const text = prefix + (conv === "X" ? digits.toUpperCase() : digits);
      return (n < 0 ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "") + text;
    }
    case "f":
    case "F":
      return sign(real(value, conv), flags, (n) => n.toFixed(precision ?? 6));
    case "e":
    case "E": {
      const text = sign(real(value, conv), flags, (n) => exponent(n.toExponential(precision ?? 6)));
      return conv === "E" ? text.toUpperCase() : text;
    }
    default: { // g, G
      const p = precision === 0 ? 1 : precision ?? 6;
      const text = sign(real(value, conv), flags, (n) => general(n, p, flags.includes("#")));
      return conv === "G" ? text.toUpperCase() : text;
    }
  }
}

// The number a numeric conversion takes, or Python's TypeError.
function real(value: unknown, conv: string): number {
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  const type = pyType(value);
  if ("diu".includes(conv)) {
    throw new TypeError(`%${conv} format: a real number is required, not ${type}`);
  }
  if ("oxX".includes(conv)) {
    throw new TypeError(`%${conv} format: an integer is required, not ${type}`);
  }
  throw new TypeError(`must be real number, not ${type}`);
}

function sign(n: number, flags: string, digits: (abs: number) => string): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return (n < 0 ? "-" : flags.includes("+") ? "+" : "") + "inf";
  const text = digits(Math.abs(n));
  const negative = n < 0 || Object.is(n, -0);
  return (negative ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "") + text;
}

// JS writes e+5; Python at least two exponent digits: e+05.
function exponent(text: string): string {
  return text.replace(/e([+-])(\d)$/, "e$10$2");
}

// Python's %g: fixed or exponent by the exponent's size, trailing zeros dropped.
function general(n: number, precision: number, keepZeros: boolean): string {
  if (n === 0) return keepZeros ? (0).toFixed(precision - 1) : "0";
  const exp = Math.floor(Math.log10(n));
  const rounded = Number(n.toPrecision(precision));
  const e = rounded === 0 ? exp : Math.floor(Math.log10(rounded));
  let text = e < -4 || e >= precision
    ? exponent(rounded.toExponential(precision - 1))
    : rounded.toFixed(Math.max(0, precision - 1 - e));
  if (!keepZeros) text = text.replace(/\.?0+(?=e|$)/, "");
  return text;
}

function pad(text: string, width: number, flags: string, numeric: boolean): string {
  if (text.length >= width) return text;
  if (flags.includes("-")) return text.padEnd(width);
  if (flags.includes("0") && numeric) {
    const signed = /^[-+ ]/.test(text) ? 1 : 0;
    return text.slice(0, signed) + text.slice(signed).padStart(width - signed, "0");
  }
  return text.padStart(width);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value as Python's `str()` shows it: True, None, [1, 'a'], {'k': 1}. */
export function pyStr(value: unknown): string {
  return typeof value === "string" ? value : pyRepr(value);
}

/** A value as Python's `repr()` shows it. */
function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (value === true) return "True";
  if (value === false) return "False";
  if (typeof value === "string") {
    return `'${value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  }
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(", ")}]`;
  if (typeof value === "object") {
    return `{${Object.entries(value).map(([k, v]) => `${pyRepr(k)}: ${pyRepr(v)}`).join(", ")}}`;
  }
  return String(value);
}

function pyType(value: unknown): string {
  if (typeof value === "string") return "str";
  if (value === null || value === undefined) return "NoneType";
  if (Array.isArray(value)) return "list";
  return typeof value === "object" ? "dict" : typeof value;
}
