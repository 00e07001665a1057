/**
 * Loads users' plugin modules (`--plugin`): files, folders of them, or
 * module specifiers. A plugin module registers its scenarios, runners,
 * hooks, triggers or SLA criteria when imported, with the same functions the
 * built-in plugins use (`registerScenario`, `registerHook`, …).
 *
 * A plugin module must import those functions from the brunt copy that runs
 * it (the same `mod.ts`, by the same path or through an import map): a second
 * copy of brunt has a registry of its own, and plugins registered there are
 * never seen.
 *
 * @module
 */
import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { listPlugins, type PluginEntry, type PluginKind } from "./registry.ts";

/** What one plugin module registered. */
export interface LoadedPlugin {
  /** The source as given (a path or a specifier). */
  source: string;
  /** The module imported: a `file:` URL or the specifier as given. */
  module: string;
  /** The plugins the module registered, in registration order. */
  registered: PluginEntry[];
}

/** Options of {@linkcode loadPlugins}. */
export interface LoadPluginsOptions {
  /**
   * The folder relative paths are resolved against.
   * @default {Deno.cwd()}
   */
  cwd?: string;
  /**
   * Receives warnings: a module that registered no plugin, a folder with no
   * plugin files.
   * @default {console.warn}
   */
  warn?: (message: string) => void;
  /**
   * How messages name a source (`--plugin x.ts: …`).
   * @default {"plugin"}
   */
  label?: string;
}

/** A plugin source that could not be loaded: missing, or its module threw on import. */
export class PluginLoadError extends Error {
  /** The source as given. */
  readonly source: string;
  /** The file that failed, as a path when it is one; undefined when the source is missing. */
  readonly file?: string;
  /** 1-based line of the failure in `file`, when known. */
  readonly line?: number;
  /** 1-based column of the failure in `file`, when known. */
  readonly column?: number;

  /** Builds the error; `message` is the whole text for people. */
  constructor(
    message: string,
    details: { source: string; file?: string; line?: number; column?: number },
  ) {
    super(message);
    this.name = "PluginLoadError";
    this.source = details.source;
    this.file = details.file;
    this.line = details.line;
    this.column = details.column;
  }
}

/** Plugin files in a folder: `.ts`, `.js`, `.mts`, `.mjs`, not tests nor type declarations. */
const PLUGIN_FILE = /\.(?:ts|js|mts|mjs)$/;
const NOT_PLUGIN_FILE = /(?:_test|\.test|\.d)\.(?:ts|js|mts|mjs)$/;

/** A module specifier rather than a path: `npm:x`, `jsr:@a/b`, `https://…`, `file:///…`. */
const SPECIFIER = /^[a-z][a-z0-9+.-]+:/i;

const loaded = new Map<string, PluginEntry[]>();
const origins = new WeakMap<PluginEntry, string>();

/**
 * Imports plugin modules, in order: a `.ts`/`.js` file, every plugin file
 * directly in a folder (sorted by name; `*_test.ts` skipped), or a module
 * specifier (`npm:`, `jsr:`, `https:`) passed to `import()` as it is.
 * Relative paths are resolved against `options.cwd`. A module imported
 * before is not imported again; its earlier registrations are reported.
 *
 * @param sources Paths and specifiers.
 * @param options Where relative paths start and where warnings go.
 * @returns What each module registered, in load order.
 * @throws {PluginLoadError} for a path that does not exist, or a module that
 *   fails to import (naming the file and, when known, the line).
 *
 * @example
 * ```ts ignore
 * import { loadPlugins } from "jsr:@brunt/brunt";
 * const loaded = await loadPlugins(["./plugins/"]);
 * for (const m of loaded) console.log(m.module, m.registered.map((p) => p.name));
 * ```
 */
export async function loadPlugins(
  sources: string | readonly string[],
  options: LoadPluginsOptions = {},
): Promise<LoadedPlugin[]> {
  const cwd = options.cwd ?? Deno.cwd();
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const label = options.label ?? "plugin";
  const result: LoadedPlugin[] = [];
  for (const source of typeof sources === "string" ? [sources] : sources) {
    const modules = await modulesOf(source, cwd, label, warn);
    for (const module of modules) {
      const registered = await importPlugin(source, module, cwd, label);
      if (registered.length === 0) {
        warn(
          `${label} ${
            describe(source, module, cwd)
          }: registered no plugin. A plugin module calls ` +
            `registerScenario, registerRunner, registerHook, registerTrigger or registerSla, ` +
            `imported from the brunt it runs with (the same mod.ts, by path or import map: ` +
            `another copy of brunt has a registry of its own)`,
        );
      }
      result.push({ source, module, registered });
    }
  }
  return result;
}

/**
 * Where a plugin was loaded from: the `file:` URL or specifier of the user
 * module that registered it; undefined for built-in plugins.
 */
export function pluginOrigin(entry: PluginEntry): string | undefined {
  return origins.get(entry);
}

/** The modules a source stands for. */
async function modulesOf(
  source: string,
  cwd: string,
  label: string,
  warn: (message: string) => void,
): Promise<string[]> {
  const isFileUrl = /^file:/i.test(source);
  if (SPECIFIER.test(source) && !isFileUrl) return [source];
  const path = isFileUrl ? fileURLToPath(source) : resolve(cwd, source);
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new PluginLoadError(`${label} ${source}: no such file or folder`, { source });
  }
  if (!info.isDirectory()) return [pathToFileURL(path).href];
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((e) => e.isFile() && PLUGIN_FILE.test(e.name) && !NOT_PLUGIN_FILE.test(e.name))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) {
    warn(`${label} ${source}: the folder has no plugin files (.ts, .js, .mts, .mjs)`);
  }
  return names.map((name) => pathToFileURL(join(path, name)).href);
}

/** Imports `module`; returns the entries it registered. */
async function importPlugin(
  source: string,
  module: string,
  cwd: string,
  label: string,
): Promise<PluginEntry[]> {
  const earlier = loaded.get(module);
  if (earlier) return earlier;
  const before = new Set(allPlugins());
  try {
    await import(module);
  } catch (e) {
    throw importFailure(source, module, cwd, label, e);
  }
  const registered = allPlugins().filter((entry) => !before.has(entry));
  for (const entry of registered) origins.set(entry, module);
  loaded.set(module, registered);
  return registered;
}

const KINDS: PluginKind[] = ["scenario", "runner", "hook", "trigger", "sla"];

function allPlugins(): PluginEntry[] {
  return KINDS.flatMap((kind) => listPlugins(kind));
}

/** A PluginLoadError for a module that threw on import, with its file and line when known. */
function importFailure(
  source: string,
  module: string,
  cwd: string,
  label: string,
  e: unknown,
): PluginLoadError {
  const raw = e instanceof Error ? e.message : String(e);
  const stack = e instanceof Error ? e.stack ?? "" : "";
  const file = module.startsWith("file:") ? relative(cwd, fileURLToPath(module)) : undefined;
  // Syntax errors carry the place in the message, thrown errors in the stack.
  const at = new RegExp(`${escapeRegExp(module)}:(\\d+):(\\d+)`).exec(`${raw}\n${stack}`);
  const line = at ? Number(at[1]) : undefined;
  const column = at ? Number(at[2]) : undefined;
  const message = (file === undefined ? raw : raw.replaceAll(module, file)).trim();
  const place = file === undefined
    ? ""
    : ` (${file}${line === undefined ? "" : `:${line}:${column}`})`;
  return new PluginLoadError(`${label} ${source}: failed to load: ${message}${place}`, {
    source,
    file,
    line,
    column,
  });
}

/** The source, and the file within it when the source is a folder. */
function describe(source: string, module: string, cwd: string): string {
  if (!module.startsWith("file:")) return source;
  const file = relative(cwd, fileURLToPath(module));
  return resolve(cwd, file) === resolve(cwd, source) ? source : `${source} (${file})`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
