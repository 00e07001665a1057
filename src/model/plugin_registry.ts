/**
 * The plugins a task is resolved against: every runner, scenario, hook,
 * trigger and SLA criterion under the name task files use. A registry is a
 * value: a run is validated and executed with one, and two runs in one
 * process may use different ones.
 *
 * @module
 */

/**
 * The kinds of plugin a task file can name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, type PluginKind } from "@brunt/brunt";
 * const names = (kind: PluginKind) => defaultPlugins().list(kind).map((p) => p.name);
 * assert.deepEqual(names("runner"), ["constant", "constant_for_duration", "rps", "serial"]);
 * assert.deepEqual(names("trigger"), ["event", "periodic"]);
 * ```
 */
export type PluginKind = "scenario" | "runner" | "hook" | "trigger" | "sla";

/** Every plugin kind, in the order brunt lists them. */
export const PLUGIN_KINDS: readonly PluginKind[] = ["scenario", "runner", "hook", "trigger", "sla"];

/**
 * A JSON Schema object (draft-07, as ajv reads it). A plugin's schema checks
 * its args before anything runs, and its `default`s fill the args left out.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, type JsonSchema, parseTask, scenarioPlugin } from "@brunt/brunt";
 * const schema: JsonSchema = {
 *   type: "object",
 *   properties: { greeting: { type: "string", default: "hi" } },
 *   additionalProperties: false,
 * };
 * const greet = scenarioPlugin("Greet.person", () => {}, { schema, description: "Greets." });
 * const task = parseTask("Greet.person: [{runner: {type: serial, times: 1}}]", "task.yaml", {
 *   plugins: defaultPlugins().with([greet]),
 * });
 * assert.deepEqual(task.subtasks[0].workloads[0].scenario.args, { greeting: "hi" });
 * ```
 */
export type JsonSchema = Record<string, unknown>;

/**
 * One plugin, as a registry holds it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, type PluginEntry } from "@brunt/brunt";
 * const sysCall: PluginEntry = defaultPlugins().get("hook", "sys_call");
 * assert.equal(sysCall.kind, "hook");
 * // What its JSON Schema cannot say, `validate` checks:
 * assert.match(String(sysCall.validate?.("/bin/echo 'hi")), /^Unterminated single quote/);
 * assert.equal(sysCall.validate?.("/bin/echo hi"), undefined);
 * ```
 */
export interface PluginEntry<T = unknown> {
  /** The plugin's kind. */
  kind: PluginKind;
  /** The name task files use (`Dummy.dummy`, `constant`, `sys_call`). */
  name: string;
  /** What the plugin does; its first line is the summary. */
  description: string;
  /** JSON Schema of the plugin's args. */
  schema: JsonSchema;
  /** The implementation (a class or a function, by kind). */
  impl: T;
  /**
   * A check of the args beyond what JSON Schema can say (run after the schema
   * passed); returns what is wrong (one message about the args as a whole, or
   * problems at places inside them), or undefined when the args are fine.
   */
  validate?: (
    args: unknown,
  ) => string | { path: (string | number)[]; message: string }[] | undefined;
}

/** A problem a plugin's own check found at a place inside its args (see `PluginEntry.validate`). */
export interface ArgsProblem {
  /** Where, below the args: `["rps", "end"]`; `[]` for the args as a whole. */
  path: (string | number)[];
  /** What is wrong and what would be right. */
  message: string;
}

/**
 * An immutable table of plugins by kind and name. Of two entries with the
 * same kind and name, the later one given wins.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PluginRegistry, scenarioPlugin } from "@brunt/brunt";
 * const hello = scenarioPlugin("Hello.world", () => {}, { schema: {}, description: "Greets." });
 * const plugins = new PluginRegistry([hello]);
 * assert.equal(plugins.get("scenario", "Hello.world"), hello);
 * assert.equal(plugins.find("scenario", "Dummy.dummy"), undefined);
 * ```
 */
export class PluginRegistry {
  readonly #byKind = new Map<PluginKind, Map<string, PluginEntry>>(
    PLUGIN_KINDS.map((kind) => [kind, new Map()]),
  );

  /** A registry of `entries`. */
  constructor(entries: Iterable<PluginEntry> = []) {
    for (const entry of entries) this.#byKind.get(entry.kind)!.set(entry.name, entry);
  }

  /** A new registry with this one's plugins and then `entries`. */
  with(entries: Iterable<PluginEntry>): PluginRegistry {
    return new PluginRegistry([...this.all(), ...entries]);
  }

  /** The plugin of `kind` named `name`, or undefined. */
  find<T = unknown>(kind: PluginKind, name: string): PluginEntry<T> | undefined {
    return this.#byKind.get(kind)!.get(name) as PluginEntry<T> | undefined;
  }

  /** The plugin of `kind` named `name`; throws when there is none. */
  get<T = unknown>(kind: PluginKind, name: string): PluginEntry<T> {
    const entry = this.find<T>(kind, name);
    if (!entry) throw new Error(`Unknown ${kind} plugin "${name}"`);
    return entry;
  }

  /** Every plugin of `kind`, sorted by name. */
  list(kind: PluginKind): PluginEntry[] {
    return [...this.#byKind.get(kind)!.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Every plugin, kind by kind. */
  all(): PluginEntry[] {
    return PLUGIN_KINDS.flatMap((kind) => [...this.#byKind.get(kind)!.values()]);
  }
}

/** The first line of a description, for tables. */
export function firstLine(text: string): string {
  return text.trim().split("\n")[0];
}
