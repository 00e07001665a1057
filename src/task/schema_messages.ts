/**
 * Turns ajv's validation errors into sentences for people: what was found,
 * what is allowed, and a "did you mean" for near misses.
 *
 * @module
 */
import type { ErrorObject } from "ajv";
import { didYouMean } from "./did_you_mean.ts";

/** One explained schema violation. */
export interface SchemaProblem {
  /** JSON Pointer of the offending value (ajv's `instancePath`). */
  pointer: string;
  /** For an unknown key: the key, which then is the place of the problem. */
  key?: string;
  /** What is wrong and what is allowed. */
  message: string;
}

type Schema = Record<string, unknown>;

/**
 * Explains ajv `errors` (from a validator compiled with `allErrors` and
 * `verbose`), merging the branch errors of `oneOf`/`anyOf` into one message
 * or into the errors of the branch the value was most likely meant for.
 */
export function explainSchemaErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const problem of explain(errors)) {
    const id = `${problem.pointer}\u0000${problem.key ?? ""}\u0000${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(problem);
  }
  return out;
}

function isAlternatives(e: ErrorObject): boolean {
  return e.keyword === "oneOf" || e.keyword === "anyOf";
}

function explain(errors: readonly ErrorObject[]): SchemaProblem[] {
  // An `if` error only says "must match then"; the `then` errors say why.
  const relevant = errors.filter((e) => e.keyword !== "if");
  const alternatives = relevant.filter(isAlternatives);
  const outer = alternatives.filter((c) =>
    !alternatives.some((d) => d !== c && c.schemaPath.startsWith(d.schemaPath + "/"))
  );
  const claimed = new Set<ErrorObject>(outer);
  const out: SchemaProblem[] = [];
  for (const c of outer) {
    const inner = relevant.filter((e) => e !== c && e.schemaPath.startsWith(c.schemaPath + "/"));
    inner.forEach((e) => claimed.add(e));
    out.push(...explainAlternatives(c, inner));
  }
  // Several number constraints on one value (a base schema and an `if`/`then`
  // refinement) read best as one: "must be an integer ≥ 1", not two lines.
  const numeric = new Map<string, ErrorObject[]>();
  for (const e of relevant) {
    if (claimed.has(e) || !isNumberConstraint(e)) continue;
    numeric.set(e.instancePath, [...numeric.get(e.instancePath) ?? [], e]);
  }
  for (const e of relevant) {
    if (claimed.has(e)) continue;
    const group = numeric.get(e.instancePath);
    if (group?.includes(e)) {
      if (group[0] === e) {
        out.push({ pointer: e.instancePath, message: numberMessage(group) });
      }
    } else out.push(explainOne(e));
  }
  return out;
}

const BOUNDS = new Set(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]);

function isNumberConstraint(e: ErrorObject): boolean {
  if (BOUNDS.has(e.keyword)) return true;
  const type = (e.params as { type?: unknown }).type;
  return e.keyword === "type" && (type === "number" || type === "integer");
}

function numberMessage(group: ErrorObject[]): string {
  const schemas = group.map((e) => (e.parentSchema ?? {}) as Schema);
  const integer = schemas.some((s) => s.type === "integer") ||
    group.some((e) => (e.params as { type?: unknown }).type === "integer");
  // A value of the right type is told only the bound it misses (≥ 1, not
  // "from 1 to 9007199254740991"); a value of the wrong type the whole range.
  const wrongType = group.some((e) => e.keyword === "type");
  const sides = wrongType ? undefined : {
    lower: group.some((e) => /^(exclusiveM|m)inimum$/.test(e.keyword)),
    upper: group.some((e) => /^(exclusiveM|m)aximum$/.test(e.keyword)),
  };
  return `must be ${numberRange(schemas, integer, sides)}; got ${describeValue(group[0].data)}`;
}

function explainAlternatives(c: ErrorObject, inner: ErrorObject[]): SchemaProblem[] {
  const passing = (c.params as { passingSchemas?: number[] | null }).passingSchemas;
  if (passing) {
    return [{
      pointer: c.instancePath,
      message: `matches more than one allowed form (forms ${passing.join(" and ")}); ` +
        "make it match exactly one",
    }];
  }
  const branches = Array.isArray(c.schema) ? c.schema as Schema[] : [];
  const byBranch = new Map<number, ErrorObject[]>();
  for (const e of inner) {
    const index = Number(e.schemaPath.slice(c.schemaPath.length + 1).split("/")[0]);
    byBranch.set(index, [...byBranch.get(index) ?? [], e]);
  }
  const wrongType = (i: number) =>
    (byBranch.get(i) ?? []).some((e) =>
      (e.keyword === "type" || e.keyword === "const" || e.keyword === "enum") &&
      e.instancePath === c.instancePath &&
      e.schemaPath === `${c.schemaPath}/${i}/${e.keyword}`
    );
  const candidates = branches.map((_, i) => i).filter((i) => !wrongType(i));
  if (candidates.length === 0) {
    return [{
      pointer: c.instancePath,
      message: `must be ${branches.map(describeSchema).join(" or ")}; got ${describeValue(c.data)}`,
    }];
  }
  // The value has the shape of these branches; the one it misses least is
  // most likely the one meant.
  const best = candidates.reduce((a, b) =>
    (byBranch.get(b)?.length ?? 0) < (byBranch.get(a)?.length ?? 0) ? b : a
  );
  const explained = explain(byBranch.get(best) ?? []);
  if (explained.length > 0) return explained;
  return [{
    pointer: c.instancePath,
    message: `must be ${branches.map(describeSchema).join(" or ")}; got ${describeValue(c.data)}`,
  }];
}

function explainOne(e: ErrorObject): SchemaProblem {
  const at = { pointer: e.instancePath };
  const parent = (e.parentSchema ?? {}) as Schema;
  const params = e.params as Record<string, unknown>;
  const got = describeValue(e.data);
  switch (e.keyword) {
    case "type": {
      const hint = typeof parent.description === "string"
        ? ` (${sentenceTail(parent.description)})`
        : "";
      return { ...at, message: `must be ${typeNoun(params.type)}; got ${got}${hint}` };
    }
    case "required":
      return { ...at, message: `missing required key ${JSON.stringify(params.missingProperty)}` };
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties ?? {}) as Schema);
      const suggestion = didYouMean(key, allowed);
      const list = suggestion !== ""
        ? suggestion
        : allowed.length > 0
        ? `; allowed keys: ${allowed.join(", ")}`
        : typeof parent.description === "string"
        ? ` (${sentenceTail(parent.description)})`
        : "; no keys are allowed here";
      return { ...at, key, message: `unknown key ${JSON.stringify(key)}${list}` };
    }
    case "enum": {
      const values = (e.schema as unknown[]) ?? [];
      if (values.length === 1) {
        return { ...at, message: `must be ${JSON.stringify(values[0])}; got ${got}` };
      }
      const strings = values.filter((v): v is string => typeof v === "string");
      const suggestion = typeof e.data === "string" ? didYouMean(e.data, strings) : "";
      return {
        ...at,
        message: `must be one of: ${values.map(showListed).join(", ")}; got ${got}${suggestion}`,
      };
    }
    case "const":
      return { ...at, message: `must be ${JSON.stringify(params.allowedValue)}; got ${got}` };
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return {
        ...at,
        message: `must be ${
          numberRange([parent], parent.type === "integer", {
            lower: e.keyword.endsWith("inimum"),
            upper: e.keyword.endsWith("aximum"),
          })
        }; got ${got}`,
      };
    case "multipleOf":
      return { ...at, message: `must be a multiple of ${params.multipleOf}; got ${got}` };
    case "minItems":
      return {
        ...at,
        message: params.limit === 1
          ? "must not be empty"
          : `must have at least ${params.limit} items; got ${countOf(e.data)}`,
      };
    case "maxItems":
      return { ...at, message: `must have at most ${params.limit} items; got ${countOf(e.data)}` };
    case "uniqueItems": {
      const list = Array.isArray(e.data) ? e.data : [];
      const [first, second] = [Number(params.i), Number(params.j)].sort((a, b) => a - b);
      return {
        ...at,
        message: `must not repeat values; ${JSON.stringify(list[first])} appears twice ` +
          `(items ${first} and ${second})`,
      };
    }
    case "minLength":
      return {
        ...at,
        message: params.limit === 1
          ? "must not be empty"
          : `must be at least ${params.limit} characters long; got ${got}`,
      };
    case "maxLength":
      return { ...at, message: `must be at most ${params.limit} characters long; got ${got}` };
    case "pattern":
      return { ...at, message: `must match the pattern /${params.pattern}/; got ${got}` };
    case "format":
      return { ...at, message: `must be a valid ${params.format}; got ${got}` };
    case "minProperties":
    case "maxProperties":
      return { ...at, message: propertyCountMessage(e, parent) };
    case "dependencies":
    case "dependentRequired":
      return {
        ...at,
        message: `missing key ${JSON.stringify(params.missingProperty)}, ` +
          `which is required when ${JSON.stringify(params.property)} is given`,
      };
    case "not":
      return { ...at, message: `is not allowed to be ${got}` };
    case "oneOf":
    case "anyOf":
      return { ...at, message: `does not match any allowed form; got ${got}` };
    default:
      return { ...at, message: `${e.message ?? "is not valid"}; got ${got}` };
  }
}

function propertyCountMessage(e: ErrorObject, parent: Schema): string {
  const keys = e.data !== null && typeof e.data === "object" ? Object.keys(e.data) : [];
  const found = keys.length === 0 ? "none" : `${keys.length}: ${keys.map(quote).join(", ")}`;
  if (parent.minProperties === 1 && parent.maxProperties === 1) {
    const noun = typeof parent.title === "string" ? parent.title : "key";
    const example = Array.isArray(parent.examples) && parent.examples.length > 0
      ? `, like ${JSON.stringify(parent.examples[0])}`
      : "";
    return `must name exactly one ${noun}${example}; got ${found}`;
  }
  const limit = (e.params as { limit: number }).limit;
  return e.keyword === "minProperties"
    ? (limit === 1 ? "must not be empty" : `must have at least ${limit} keys; got ${found}`)
    : `must have at most ${limit} keys; got ${found}`;
}

interface Bound {
  value: number;
  exclusive: boolean;
}

/**
 * "an integer ≥ 1", "a number from 0 to 100": the tightest bounds of all
 * `schemas`, on both sides or the `sides` asked for.
 */
function numberRange(
  schemas: Schema[],
  integer: boolean,
  sides: { lower: boolean; upper: boolean } = { lower: true, upper: true },
): string {
  const noun = integer ? "an integer" : "a number";
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  const num = (v: unknown) => typeof v === "number" ? v : undefined;
  for (const s of schemas) {
    for (
      const [value, exclusive] of [[num(s.minimum), false], [
        num(s.exclusiveMinimum),
        true,
      ]] as const
    ) {
      if (value === undefined) continue;
      if (!lower || value > lower.value || (value === lower.value && exclusive)) {
        lower = { value, exclusive };
      }
    }
    for (
      const [value, exclusive] of [[num(s.maximum), false], [
        num(s.exclusiveMaximum),
        true,
      ]] as const
    ) {
      if (value === undefined) continue;
      if (!upper || value < upper.value || (value === upper.value && exclusive)) {
        upper = { value, exclusive };
      }
    }
  }
  if (!sides.lower) lower = undefined;
  if (!sides.upper) upper = undefined;
  if (lower && upper && !lower.exclusive && !upper.exclusive) {
    return `${noun} from ${lower.value} to ${upper.value}`;
  }
  const parts: string[] = [];
  if (lower) parts.push(`${lower.exclusive ? ">" : "≥"} ${lower.value}`);
  if (upper) parts.push(`${upper.exclusive ? "<" : "≤"} ${upper.value}`);
  return parts.length === 0 ? noun : `${noun} ${parts.join(" and ")}`;
}

/** "a string", "an integer or null", … for a JSON Schema `type`. */
function typeNoun(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(",");
  const nouns: Record<string, string> = {
    string: "a string",
    number: "a number",
    integer: "an integer",
    boolean: "true or false",
    object: "an object",
    array: "an array",
    null: "null",
  };
  return types.map((t) => nouns[t] ?? t).join(" or ");
}

/** How a schema reads in "must be X or Y". */
function describeSchema(schema: Schema): string {
  if (schema === null || typeof schema !== "object") return "a valid value";
  if ("const" in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(showListed).join(", ")}`;
  if (schema.type !== undefined) return typeNoun(schema.type);
  if (typeof schema.description === "string") return sentenceTail(schema.description);
  return "another form";
}

/** A schema description as the tail of a sentence: "Seconds to wait." → "seconds to wait". */
function sentenceTail(description: string): string {
  const text = description.trim().replace(/\.$/, "");
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

function showListed(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function countOf(data: unknown): number {
  return Array.isArray(data) ? data.length : 0;
}

/** A short description of a found value: `0`, `"itertion"`, `an object`, `null`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array";
  if (typeof value === "object") return "an object";
  // YAML's .inf and .nan, or JSON's 1e999: JSON.stringify would say null.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const text = JSON.stringify(value);
  return text.length > 60 ? text.slice(0, 57) + '…"' : text;
}
