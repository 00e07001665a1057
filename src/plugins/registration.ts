/**
 * Registration by import: a plugin module calls `registerScenario`,
 * `registerHook`, … when it is imported, and the entry lands in one log for
 * the whole process. The log lives on `globalThis` under a `Symbol.for` key,
 * so a plugin that imports its register functions from another copy of
 * brunt (a JSR version beside a checkout) still reaches it.
 *
 * Nothing runs from the log directly: `loadPlugins` tells which module
 * registered what, and a run is given a {@linkcode PluginRegistry} built
 * from the built-in plugins, the loaded modules and (for library use) the
 * plugins registered outside any loaded module.
 *
 * @module
 */
import type { PluginEntry, PluginKind } from "../model/plugin_registry.ts";

const LOG_KEY = Symbol.for("brunt.plugin-registrations");
// Bumped when the log's shape changes, so two copies of brunt that disagree
// on it say so instead of losing plugins.
const LOG_VERSION = 1;

interface RegistrationLog {
  version: number;
  /** Every entry registered in this process, in order. */
  entries: PluginEntry[];
  /** Entries registered while a plugin module was being loaded. */
  claimed: WeakSet<PluginEntry>;
}

function log(): RegistrationLog {
  const holder = globalThis as unknown as Record<symbol, RegistrationLog | undefined>;
  const found = holder[LOG_KEY] ??= { version: LOG_VERSION, entries: [], claimed: new WeakSet() };
  if (found.version !== LOG_VERSION) {
    throw new Error(
      `Two incompatible copies of brunt are loaded (plugin registration log version ` +
        `${found.version}, this copy ${LOG_VERSION}): import register functions from the ` +
        `brunt that runs the plugin`,
    );
  }
  return found;
}

/**
 * Checks a plugin's kind and name; throws a TypeError saying what would be
 * right. Names use letters, digits, `_`, `-` and `.`.
 */
export function checkPluginName(kind: PluginKind, name: string): void {
  if (!/^[A-Za-z_][\w.-]*$/.test(name)) {
    throw new TypeError(
      `Invalid ${kind} plugin name ${JSON.stringify(name)}: ` +
        `use letters, digits, "_", "-" and "." (like "Dummy.dummy" or "sys_call")`,
    );
  }
}

/** Records `entry` in the process's registration log. */
export function registerPlugin(entry: PluginEntry): void {
  checkPluginName(entry.kind, entry.name);
  log().entries.push(entry);
}

/** How many entries the log holds: a mark to ask {@linkcode registeredSince} about. */
export function registrationMark(): number {
  return log().entries.length;
}

/** The entries registered after `mark`, now claimed by the module being loaded. */
export function claimRegisteredSince(mark: number): PluginEntry[] {
  const { entries, claimed } = log();
  const since = entries.slice(mark);
  for (const entry of since) claimed.add(entry);
  return since;
}

/**
 * The entries registered outside any loaded plugin module (by a script that
 * uses brunt as a library, or a module it imported itself), in order.
 */
export function ambientPlugins(): PluginEntry[] {
  const { entries, claimed } = log();
  return entries.filter((entry) => !claimed.has(entry));
}
