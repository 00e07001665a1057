/**
 * Validation of a parsed task document: collects every problem with its
 * place, checks structure against the form's schemas and plugin references
 * against the registry and each plugin's own schema.
 *
 * @module
 */
import { Ajv, type ValidateFunction } from "ajv";
import type { JsonSchema, PluginKind, PluginRegistry } from "../model/plugin_registry.ts";
import type { PluginRef } from "../model/task_spec.ts";
import type { ParsedDocument } from "./parse.ts";
import { describeValue, explainSchemaErrors } from "./schema_messages.ts";
import { closestName } from "./did_you_mean.ts";
import { TaskFileError, type TaskFileProblem } from "./task_file_error.ts";
import { formatPath, pointerToPath, type TaskPath } from "./task_path.ts";

/** Where a problem is shown in the file, when not at its own path. */
export interface ProblemPlace {
  /** Locate this path instead of the problem's path. */
  at?: TaskPath;
  /** Point at the last key of the path rather than its value. */
  key?: boolean;
  /** A plugin's name or args is wrong, not the task's structure. */
  plugin?: boolean;
}

/**
 * How many problems a task file's error lists; the rest are counted. Past
 * it, a problem costs neither its message nor its place in the file (32,000
 * unknown scenario names took 15 s to locate one by one).
 */
export const MAX_PROBLEMS = 100;

/** Collects the problems of one task document, each with its path and line. */
export class ProblemList {
  readonly #doc: ParsedDocument;
  readonly #problems: TaskFileProblem[] = [];
  readonly #seen = new Set<string>();
  readonly #paths = new Set<string>();
  #more = 0;

  /** A list for problems in `doc`. */
  constructor(doc: ParsedDocument) {
    this.#doc = doc;
  }

  /** Whether a problem was recorded at `path` already. */
  hasProblemAt(path: TaskPath): boolean {
    return this.#paths.has(formatPath(path));
  }

  /** How many problems were found so far. */
  get size(): number {
    return this.#problems.length + this.#more;
  }

  /**
   * Records that `path` has the problem `message` (once, however often
   * reported). A message that costs something to build may be given as a
   * function: it is called only for the problems that are listed.
   */
  add(path: TaskPath, message: string | (() => string), place: ProblemPlace = {}): void {
    const shown = formatPath(path);
    this.#paths.add(shown);
    if (this.#problems.length >= MAX_PROBLEMS) {
      this.#more++;
      return;
    }
    if (typeof message === "function") message = message();
    const id = `${shown}\u0000${message}`;
    if (this.#seen.has(id)) return;
    this.#seen.add(id);
    // A problem of the whole document has no better place than "the file".
    const target = place.at ?? path;
    const position = target.length === 0 ? undefined : this.#doc.locate(target, place.key);
    this.#problems.push({
      path: shown,
      message,
      line: position?.line,
      column: position?.column,
      kind: place.plugin ? "plugin" : "structure",
    });
  }

  /**
   * Checks `data` (found at `base`) against a compiled validator; records its
   * errors and returns whether there were none.
   */
  check(
    base: TaskPath,
    validate: ValidateFunction,
    data: unknown,
    place: Pick<ProblemPlace, "plugin"> = {},
  ): boolean {
    if (validate(data)) return true;
    for (const p of explainSchemaErrors(validate.errors ?? [])) {
      const path = [...base, ...pointerToPath(p.pointer, data)];
      if (p.key === undefined) this.add(path, p.message, place);
      else this.add([...path, p.key], p.message, { ...place, key: true });
    }
    return false;
  }

  /** Throws a {@linkcode TaskFileError} listing all problems in file order, if any. */
  throwIfAny(): void {
    if (this.#problems.length === 0) return;
    const ordered = this.#problems
      .map((p, i) => ({ p, i }))
      .sort((a, b) =>
        (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i
      )
      .map(({ p }) => p);
    if (this.#more > 0) {
      ordered.push({
        path: "",
        message: `… and ${this.#more} more problems not listed`,
        kind: ordered[ordered.length - 1].kind,
      });
    }
    throw new TaskFileError(this.#doc.filename, ordered);
  }
}

// Structure schemas are ours and strict; plugin schemas come from plugin
// authors, so unknown keywords there are tolerated rather than fatal.
const structureAjv = new Ajv({ allErrors: true, verbose: true, strict: true });
const pluginAjv = new Ajv({ allErrors: true, verbose: true, useDefaults: true, strict: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction | Error>();

/** The validator of one of the structure schemas (compiled once). */
export function structureValidator(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = structureAjv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate instanceof Error) throw validate;
  return validate;
}

function pluginValidator(schema: JsonSchema): ValidateFunction | Error {
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      // Draft-04 style `$schema` URIs are unknown to ajv; the keywords brunt
      // plugins use read the same in draft-07.
      const { $schema: _, ...rest } = schema;
      validate = pluginAjv.compile(rest);
    } catch (e) {
      validate = e instanceof Error ? e : new Error(String(e));
    }
    compiled.set(schema, validate);
  }
  return validate;
}

const KIND_NOUNS: Record<PluginKind, string> = {
  scenario: "scenario",
  runner: "runner",
  hook: "hook",
  trigger: "trigger",
  sla: "SLA criterion",
};
const KIND_PLURALS: Record<PluginKind, string> = {
  scenario: "scenarios",
  runner: "runners",
  hook: "hooks",
  trigger: "triggers",
  sla: "SLA criteria",
};
const LIST_AT_MOST = 12;

/** "unknown runner "constnat"; did you mean "constant"? (available: …)". */
export function unknownPluginMessage(
  plugins: PluginRegistry,
  kind: PluginKind,
  name: string,
): string {
  const names = plugins.list(kind).map((p) => p.name);
  const head = `unknown ${KIND_NOUNS[kind]} ${describeValue(name)}`;
  if (names.length === 0) return `${head}; no ${KIND_PLURALS[kind]} are registered${OWN_PLUGIN}`;
  const closest = closestName(name, names);
  // Not a typo of a known one: perhaps a plugin of the user's own that was not loaded.
  const suggestion = closest === undefined ? "" : `; did you mean ${JSON.stringify(closest)}?`;
  const own = closest === undefined ? OWN_PLUGIN : "";
  if (names.length <= LIST_AT_MOST) {
    return `${head}${suggestion} (available: ${names.join(", ")})${own}`;
  }
  // A long list helps only within the name's own group (`Dummy.*`).
  const group = name.includes(".") ? name.slice(0, name.indexOf(".") + 1).toLowerCase() : "";
  const related = group ? names.filter((n) => n.toLowerCase().startsWith(group)) : [];
  if (related.length > 0 && related.length <= LIST_AT_MOST) {
    return `${head}${suggestion} (available in ${group}*: ${related.join(", ")})${own}`;
  }
  return `${head}${suggestion} (${names.length} ${KIND_PLURALS[kind]} are registered)${own}`;
}

/** The hint for a name that is no typo of a registered plugin. */
export const OWN_PLUGIN = "; a plugin of your own must be loaded first: --plugin FILE";

/** Where a plugin reference sits in the file. */
export interface PluginPlace {
  /** Where an unknown name is reported (the `{name: args}` object or the `name`/`type` key). */
  namePath: TaskPath;
  /** Locate the unknown name here instead (the key itself). */
  nameAt?: TaskPath;
  /** Where the args are: their errors are reported below this path. */
  argsPath: TaskPath;
}

/**
 * Checks that the `kind` plugin `name` is registered and that `args` pass its
 * schema; returns the reference with defaults filled in, or undefined after
 * recording the problems.
 */
export function resolvePlugin(
  problems: ProblemList,
  plugins: PluginRegistry,
  kind: PluginKind,
  name: string,
  args: unknown,
  place: PluginPlace,
): PluginRef | undefined {
  const entry = plugins.find(kind, name);
  if (!entry) {
    problems.add(place.namePath, () => unknownPluginMessage(plugins, kind, name), {
      at: place.nameAt,
      key: place.nameAt !== undefined,
      plugin: true,
    });
    return undefined;
  }
  const validate = pluginValidator(entry.schema);
  if (validate instanceof Error) {
    problems.add(
      place.argsPath,
      `cannot check these args: the ${KIND_NOUNS[kind]} plugin ${JSON.stringify(name)} ` +
        `has an invalid JSON Schema (${validate.message})`,
      { plugin: true },
    );
    return undefined;
  }
  // Defaults are filled into a copy, so `raw` and the task input stay as written.
  const filled = args === undefined ? undefined : structuredClone(args);
  if (!problems.check(place.argsPath, validate, filled, { plugin: true })) return undefined;
  const problem = entry.validate?.(filled);
  if (typeof problem === "string") {
    problems.add(place.argsPath, problem, { plugin: true });
    return undefined;
  }
  if (problem !== undefined && problem.length > 0) {
    for (const p of problem) {
      problems.add([...place.argsPath, ...p.path], p.message, { plugin: true });
    }
    return undefined;
  }
  return { name, args: filled, raw: args };
}
