/**
 * The JSON Schema (draft-07) of the results document and a validator that
 * lists every problem with its place in the document.
 *
 * @module
 */
import { Ajv, type ErrorObject } from "ajv";
import schema from "./results_schema.json" with { type: "json" };

/**
 * The JSON Schema (draft-07) of {@linkcode ResultsDocument}: strict (closed)
 * about hook results, raw iterations, atomic actions, charts, SLA verdicts
 * and statistics; task, subtask and workload objects accept extra keys.
 *
 * Nodes may carry an `x-messages` annotation, `{keyword: message}`, that
 * {@linkcode validateResults} uses instead of the generic message for that
 * keyword; other validators ignore it.
 */
export const RESULTS_SCHEMA: Record<string, unknown> = schema;

/**
 * Checks `doc` against {@linkcode RESULTS_SCHEMA} and the rules a schema
 * cannot say (a hook's `summary` counts its runs per status). Returns every
 * problem as `"<path>: <what is wrong>"`, with paths written like
 * `tasks[0].subtasks[0].workloads[1].hooks[0].results[2].error`; an empty
 * list means the document is valid.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateResults } from "@brunt/brunt/report";
 * const problems = validateResults({ info: {}, tasks: [] });
 * assert.equal(problems[0], "info.brunt_version: is required");
 * ```
 */
export function validateResults(doc: unknown): string[] {
  const validate = compiled();
  const problems = validate(doc) ? [] : describeErrors(validate.errors ?? []);
  return [...problems, ...summaryProblems(doc)];
}

type Validator = ReturnType<Ajv["compile"]>;
let validator: Validator | undefined;

/** Compiles the schema once, on first use, so importing this module stays cheap. */
function compiled(): Validator {
  if (!validator) {
    // verbose: errors carry their schema node (for x-messages) and the data found.
    const ajv = new Ajv({
      allErrors: true,
      verbose: true,
      allowUnionTypes: true,
      strictTypes: false,
    });
    ajv.addKeyword({ keyword: "x-messages", schemaType: "object" });
    validator = ajv.compile(RESULTS_SCHEMA);
  }
  return validator;
}

function describeErrors(errors: ErrorObject[]): string[] {
  // A failed anyOf/oneOf reports its branches' errors too; they are noise
  // next to the one message that says which forms are allowed. Branches are
  // found by schema path, so the schema's anyOf branches never use $ref.
  const alternatives = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const out: string[] = [];
  for (const error of errors) {
    if (error.keyword === "if") continue; // the failing "then"/"else" error says it better
    const inBranch = alternatives.some((alt) =>
      alt !== error && error.schemaPath.startsWith(`${alt.schemaPath}/`) &&
      (error.instancePath === alt.instancePath ||
        error.instancePath.startsWith(`${alt.instancePath}/`))
    );
    if (inBranch) continue;
    const line = describe(error);
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

function describe(error: ErrorObject): string {
  const segments = pointerSegments(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const custom = customMessage(error);
  switch (error.keyword) {
    case "required":
      return `${formatPath([...segments, String(params.missingProperty)])}: ${
        custom ?? "is required"
      }`;
    case "additionalProperties": {
      const allowed = Object.keys(
        (error.parentSchema?.properties ?? {}) as Record<string, unknown>,
      );
      return `${formatPath([...segments, String(params.additionalProperty)])}: ${
        custom ?? `unknown key; allowed keys are ${allowed.join(", ")}`
      }`;
    }
    case "type":
      return `${formatPath(segments)}: ${
        custom ?? `must be ${String(params.type).replaceAll(",", " or ")}`
      }; got ${found(error.data)}`;
    case "enum":
      return `${formatPath(segments)}: ${
        custom ?? `must be one of ${(params.allowedValues as unknown[]).map(show).join(", ")}`
      }; got ${found(error.data)}`;
    case "const":
      return `${formatPath(segments)}: ${custom ?? `must be ${show(params.allowedValue)}`}; got ${
        found(error.data)
      }`;
    case "minLength":
      return `${formatPath(segments)}: ${custom ?? "must not be empty"}`;
    case "minimum":
    case "maximum":
    case "pattern":
    case "minItems":
    case "maxItems":
      return `${formatPath(segments)}: ${custom ?? error.message}; got ${found(error.data)}`;
    case "not":
    case "false schema":
      return `${formatPath(segments)}: ${custom ?? "is not allowed here"}`;
    default:
      return `${formatPath(segments)}: ${custom ?? error.message}`;
  }
}

function customMessage(error: ErrorObject): string | undefined {
  const messages = error.parentSchema?.["x-messages"] as Record<string, string> | undefined;
  return messages?.[error.keyword];
}

/** A short description of the value found, for "got …". */
function found(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    const text = JSON.stringify(value);
    return text.length <= 60 ? text : `a list of ${value.length} items`;
  }
  if (typeof value === "object") return "an object";
  return show(value);
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= 60 ? text : `${text.slice(0, 57)}...`;
}

function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map((s) => s.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** `["tasks", "0", "title"]` → `tasks[0].title`; the root is `(document)`. */
function formatPath(segments: string[]): string {
  let path = "";
  for (const s of segments) {
    if (/^\d+$/.test(s)) path += `[${s}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) path += path === "" ? s : `.${s}`;
    else path += `[${JSON.stringify(s)}]`;
  }
  return path === "" ? "(document)" : path;
}

/** Each hook's `summary` must count its runs per status, listing only statuses that occurred. */
function summaryProblems(doc: unknown): string[] {
  const problems: string[] = [];
  each(
    field(doc, "tasks"),
    (task, t) =>
      each(
        field(task, "subtasks"),
        (subtask, s) =>
          each(field(subtask, "workloads"), (workload, w) =>
            each(field(workload, "hooks"), (hook, h) => {
              const results = field(hook, "results");
              const summary = field(hook, "summary");
              if (!Array.isArray(results) || !isRecord(summary)) {
                return;
              }
              const counted: Record<string, number> = {};
              for (const run of results) {
                const status = field(run, "status");
                if (status === "success" || status === "failed") {
                  counted[status] = (counted[status] ?? 0) + 1;
                }
              }
              for (const status of ["success", "failed"]) {
                const claimed = summary[status];
                if (typeof claimed !== "number" && claimed !== undefined) {
                  continue; // schema reports it
                }
                if ((claimed ?? 0) !== (counted[status] ?? 0)) {
                  problems.push(
                    `${
                      formatPath([
                        "tasks",
                        `${t}`,
                        "subtasks",
                        `${s}`,
                        "workloads",
                        `${w}`,
                        "hooks",
                        `${h}`,
                        "summary",
                      ])
                    }: says ${claimed ?? 0} "${status}" run(s) but results hold ${
                      counted[status] ?? 0
                    }`,
                  );
                }
              }
            })),
      ),
  );
  return problems;
}

function each(list: unknown, visit: (item: unknown, index: number) => void): void {
  if (Array.isArray(list)) list.forEach(visit);
}

function field(value: unknown, key: string): unknown {
  return isRecord(value) ? value[key] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
