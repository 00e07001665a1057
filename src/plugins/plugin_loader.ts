/**
 * Loads users' plugin modules (`--plugin`): files, folders of them, or
 * module specifiers. A plugin module registers its scenarios, runners,
 * hooks, triggers or SLA criteria when imported, with the same functions the
 * built-in plugins use (`registerScenario`, `registerHook`, …).
 *
 * The register functions may come from any copy of brunt (a checkout's
 * `mod.ts`, `jsr:@brunt/brunt`): they all record into one log per process
 * (see `registration.ts`). What each module registered is returned; a run
 * uses those plugins only when it is given a registry made with them
 * (`pluginsWith`).
 *
 * @module
 */
import { errorInfo } from "../model/error_info.ts";
import { readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { PluginEntry } from "../model/plugin_registry.ts";
import { claimRegisteredSince, registrationMark } from "./registration.ts";

/**
 * What one plugin module registered.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type LoadedPlugin, loadPlugins } from "@brunt/brunt";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/triggers.ts`, `
 *   import { registerTrigger, Trigger } from "@brunt/brunt";
 *   registerTrigger("never", class extends Trigger {
 *     getListeningEvent() { return "time" as const; }
 *     nextPoint() { return undefined; }
 *   });`);
 * const [loaded]: LoadedPlugin[] = await loadPlugins(dir); // every plugin file in the folder
 * assert.equal(loaded.source, dir);
 * assert.equal(loaded.module, new URL(`file://${dir}/triggers.ts`).href);
 * assert.deepEqual(loaded.registered.map((p) => `${p.kind} ${p.name}`), ["trigger never"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export interface LoadedPlugin {
  /** The source as given (a path or a specifier). */
  source: string;
  /** The module imported: a `file:` URL or the specifier as given. */
  module: string;
  /** The plugins the module registered, in registration order. */
  registered: PluginEntry[];
}

/**
 * Options of {@linkcode loadPlugins}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadPlugins, type LoadPluginsOptions } from "@brunt/brunt";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/empty.ts`, "export {};\n");
 * const warnings: string[] = [];
 * const options: LoadPluginsOptions = {
 *   cwd: dir,
 *   warn: (message) => warnings.push(message),
 *   label: "--plugin",
 * };
 * await loadPlugins("empty.ts", options); // relative to `cwd`
 * assert.match(warnings[0], /^--plugin empty\.ts: registered no plugin/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
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

/**
 * A plugin source that could not be loaded: missing, or its module threw on import.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadPlugins, PluginLoadError } from "@brunt/brunt";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/broken.ts`, 'export {};\nthrow new Error("no config");\n');
 * await assert.rejects(loadPlugins(`${dir}/broken.ts`), (e) => {
 *   assert.ok(e instanceof PluginLoadError);
 *   assert.deepEqual([e.file, e.line], [`${dir}/broken.ts`, 2]);
 *   assert.match(e.message, /failed to load: .*no config/);
 *   return true;
 * });
 * await assert.rejects(loadPlugins(`${dir}/missing.ts`), /no such file or folder/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
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
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, loadPlugins } from "@brunt/brunt";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/quiet.ts`, `import { registerScenario } from "@brunt/brunt";
 *   registerScenario("Quiet.noop", () => {}, { schema: {}, description: "Does nothing." });`);
 * const loaded = await loadPlugins([`${dir}/quiet.ts`]);
 * assert.deepEqual(loaded[0].registered.map((p) => p.name), ["Quiet.noop"]);
 * // Loaded plugins are in no registry until one is made with them (`pluginsWith`):
 * assert.equal(defaultPlugins().find("scenario", "Quiet.noop"), undefined);
 * await Deno.remove(dir, { recursive: true });
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
    for (const module of await modulesOf(source, cwd, label, warn)) {
      const registered = await importPlugin(module, label);
      if (registered.length === 0) {
        warn(
          `${label} ${module.name}: registered no plugin. A plugin module calls ` +
            `registerScenario, registerRunner, registerHook, registerTrigger or registerSla ` +
            `when it is imported (a module that something had imported before registers ` +
            `its plugins then, outside --plugin)`,
        );
      }
      result.push({ source, module: module.url, registered });
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

/** A module to import: what it is called in messages, and what `import()` takes. */
interface PluginModule {
  /** The source; for a file in a folder, `source (file)`. */
  name: string;
  /** The source as given. */
  source: string;
  /** The file's path as the user would write it; undefined for a specifier. */
  file?: string;
  /** A `file:` URL, or the specifier as given. */
  url: string;
}

/** The modules a source stands for. */
async function modulesOf(
  source: string,
  cwd: string,
  label: string,
  warn: (message: string) => void,
): Promise<PluginModule[]> {
  const isFileUrl = /^file:/i.test(source);
  if (SPECIFIER.test(source) && !isFileUrl) return [{ name: source, source, url: source }];
  const path = isFileUrl ? fileURLToPath(source) : resolve(cwd, source);
  const shown = isFileUrl ? path : source;
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new PluginLoadError(`${label} ${source}: no such file or folder`, { source });
  }
  if (!info.isDirectory()) {
    return [{ name: source, source, file: shown, url: pathToFileURL(path).href }];
  }
  const names = (await readdir(path, { withFileTypes: true }))
    .filter((e) => e.isFile() && PLUGIN_FILE.test(e.name) && !NOT_PLUGIN_FILE.test(e.name))
    .map((e) => e.name)
    .sort();
  if (names.length === 0) {
    warn(`${label} ${source}: the folder has no plugin files (.ts, .js, .mts, .mjs)`);
  }
  return names.map((name) => ({
    name: `${source} (${name})`,
    source,
    file: join(shown, name),
    url: pathToFileURL(join(path, name)).href,
  }));
}

// Imports run one at a time: what a module registers is told apart by the
// registration log's length before and after its import.
let importing: Promise<unknown> = Promise.resolve();

/** Imports `module`; returns the entries it registered. */
function importPlugin(module: PluginModule, label: string): Promise<PluginEntry[]> {
  const next = importing.then(async () => {
    const earlier = loaded.get(module.url);
    if (earlier) return earlier;
    const mark = registrationMark();
    try {
      await import(module.url);
    } catch (e) {
      // What it registered before it threw is not used.
      claimRegisteredSince(mark);
      throw importFailure(module, label, e);
    }
    const registered = claimRegisteredSince(mark);
    for (const entry of registered) origins.set(entry, module.url);
    loaded.set(module.url, registered);
    return registered;
  });
  importing = next.catch(() => {});
  return next;
}

/** A PluginLoadError for a module that threw on import, with its file and line when known. */
function importFailure(module: PluginModule, label: string, e: unknown): PluginLoadError {
  // Deno colours some import errors even when its output is not a terminal.
  // errorInfo describes thrown non-Errors too (a plain object is not "[object Object]").
  const raw = stripAnsi(e instanceof Error ? e.message : errorInfo(e)[1]);
  const stack = stripAnsi(e instanceof Error ? e.stack ?? "" : "");
  // Syntax errors carry the place in the message, thrown errors in the stack.
  const at = new RegExp(`${escapeRegExp(module.url)}:(\\d+):(\\d+)`).exec(`${raw}\n${stack}`);
  const line = at ? Number(at[1]) : undefined;
  const column = at ? Number(at[2]) : undefined;
  const { file } = module;
  const message = (file === undefined ? raw : raw.replaceAll(module.url, file)).trim();
  const where = file === undefined ? "" : line === undefined ? file : `${file}:${line}:${column}`;
  const place = where === "" || message.includes(where) ? "" : ` (${where})`;
  return new PluginLoadError(`${label} ${module.name}: failed to load: ${message}${place}`, {
    source: module.source,
    file,
    line,
    column,
  });
}

function stripAnsi(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
