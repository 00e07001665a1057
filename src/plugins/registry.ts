/**
 * The plugin registry: every runner, scenario, hook, trigger and SLA
 * criterion is registered here under the name task files use.
 *
 * @module
 */

/** The kinds of plugin a task file can name. */
export type PluginKind = "scenario" | "runner" | "hook" | "trigger" | "sla";

/** A JSON Schema object (draft-07, as ajv reads it). */
export type JsonSchema = Record<string, unknown>;

/** One registered plugin. */
export interface PluginEntry<T = unknown> {
  /** The plugin's kind. */
  kind: PluginKind;
  /** The name task files use (`Dummy.dummy`, `constant`, `sys_call`). */
  name: string;
  /** One line saying what the plugin does. */
  description: string;
  /** JSON Schema of the plugin's args. */
  schema: JsonSchema;
  /** The implementation (a class or a function, by kind). */
  impl: T;
  /**
   * A check of the args beyond what JSON Schema can say (run after the schema
   * passed); returns what is wrong, or undefined when the args are fine.
   */
  validate?: (args: unknown) => string | undefined;
}

const plugins: Record<PluginKind, Map<string, PluginEntry>> = {
  scenario: new Map(),
  runner: new Map(),
  hook: new Map(),
  trigger: new Map(),
  sla: new Map(),
};

/** Registers `entry`; a second plugin of the same kind and name replaces the first. */
export function registerPlugin<T>(entry: PluginEntry<T>): void {
  if (!/^[A-Za-z_][\w.-]*$/.test(entry.name)) {
    throw new TypeError(
      `Invalid ${entry.kind} plugin name ${JSON.stringify(entry.name)}: ` +
        `use letters, digits, "_", "-" and "." (like "Dummy.dummy" or "sys_call")`,
    );
  }
  plugins[entry.kind].set(entry.name, entry as PluginEntry);
}

/** The plugin of `kind` named `name`, or undefined. */
export function findPlugin<T = unknown>(
  kind: PluginKind,
  name: string,
): PluginEntry<T> | undefined {
  return plugins[kind].get(name) as PluginEntry<T> | undefined;
}

/** The plugin of `kind` named `name`; throws when it is not registered. */
export function getPlugin<T = unknown>(kind: PluginKind, name: string): PluginEntry<T> {
  const entry = findPlugin<T>(kind, name);
  if (!entry) throw new Error(`Unknown ${kind} plugin "${name}"`);
  return entry;
}

/** Every registered plugin of `kind`, sorted by name. */
export function listPlugins(kind: PluginKind): PluginEntry[] {
  return [...plugins[kind].values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** The first line of a JSDoc-like description, for tables. */
export function firstLine(text: string): string {
  return text.trim().split("\n")[0];
}
