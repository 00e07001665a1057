/**
 * Entry points for task files: read, parse, validate, normalize.
 *
 * Reading and parsing are separate steps so a template step (rendering the
 * text before it is parsed) can sit between {@linkcode readTaskText} and
 * {@linkcode parseTask}.
 *
 * @module
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { TaskSpec } from "../model/task_spec.ts";
import { defaultPlugins } from "../builtin/builtin_plugins.ts";
import { normalizeTask } from "./normalize.ts";
import { parseDocumentText } from "./parse.ts";
import { TaskFileError } from "./task_file_error.ts";
import type { TaskArgs } from "./task_args.ts";
import { hasTemplateSyntax } from "./template_syntax.ts";
import { InputTooLargeError, readTextBounded, textOf } from "./bounded_read.ts";

/**
 * Parses and validates task file text into a {@linkcode TaskSpec}. JSON or
 * YAML is chosen by `filename`'s extension (`.json`, `.yaml`, `.yml`);
 * otherwise text that opens with `{` or `[` is JSON and anything else YAML.
 *
 * @param text The task file's contents.
 * @param filename The file's name, for choosing the syntax and for messages.
 * @param options The plugins to validate against (and later run with).
 * @returns The normalized task.
 * @throws {TaskFileError} listing every problem, each with its path and line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask } from "@brunt/brunt";
 * const task = parseTask("Dummy.dummy:\n  - runner: {type: constant, times: 3}\n", "task.yaml");
 * const { scenario, runner } = task.subtasks[0].workloads[0];
 * assert.deepEqual(scenario.args, { sleep: 0 }); // the schema's defaults filled in
 * assert.deepEqual(runner.raw, { times: 3 });
 * assert.deepEqual(runner.args, { times: 3, concurrency: 1, timeout: 600 });
 * ```
 */
export function parseTask(
  text: string,
  filename: string,
  options: ParseTaskOptions = {},
): TaskSpec {
  return normalizeTask(parseDocumentText(text, filename), options.plugins ?? defaultPlugins());
}

/**
 * Options of {@linkcode parseTask}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, type ParseTaskOptions, scenarioPlugin } from "@brunt/brunt";
 * const greet = scenarioPlugin("Greet.once", () => {}, { schema: {}, description: "Greets." });
 * const options: ParseTaskOptions = { plugins: defaultPlugins().with([greet]) };
 * const text = "Greet.once: [{runner: {type: serial, times: 1}}]";
 * assert.equal(parseTask(text, "t.yaml", options).plugins.get("scenario", "Greet.once"), greet);
 * assert.throws(() => parseTask(text, "t.yaml"), /unknown scenario "Greet\.once"/);
 * ```
 */
export interface ParseTaskOptions {
  /**
   * The plugins the task names; the task records them and runs with them.
   * @default {defaultPlugins()} (the built-in plugins and those registered outside `loadPlugins`)
   */
  plugins?: PluginRegistry;
}

/**
 * Reads a task file as text: a path, a `file:` URL, or an `http:`/`https:`
 * URL (fetched).
 *
 * @param path The file's path or URL.
 * @returns The file's text, as written (not rendered).
 * @throws {TaskFileError} naming the path when it is missing or unreadable.
 */
export async function readTaskText(path: string | URL): Promise<string> {
  const name = String(path);
  const url = asUrl(path);
  if (url && url.protocol !== "file:") {
    let response: Response;
    try {
      response = await fetch(url);
    } catch (e) {
      throw new TaskFileError(name, [{
        path: "",
        message: `cannot fetch the task file: ${messageOf(e)}`,
      }]);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new TaskFileError(name, [{
        path: "",
        message: `cannot fetch the task file: HTTP ${response.status} ${response.statusText}`
          .trim(),
      }]);
    }
    try {
      return await textOf(response.body ?? ReadableStream.from([]));
    } catch (e) {
      throw new TaskFileError(name, [{ path: "", message: readFailure(e) }]);
    }
  }
  try {
    return await readTextBounded(url ?? name);
  } catch (e) {
    throw new TaskFileError(name, [{ path: "", message: readFailure(e) }]);
  }
}

/**
 * Options of {@linkcode loadTaskFile}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadTaskFile, type LoadTaskOptions } from "@brunt/brunt";
 * const path = await Deno.makeTempFile({ suffix: ".yaml" });
 * const template = "Dummy.dummy: [{runner: {type: serial, times: {{ times | default(2) }}}}]";
 * await Deno.writeTextFile(path, template);
 * const times = async (options?: LoadTaskOptions) =>
 *   (await loadTaskFile(path, options)).subtasks[0].workloads[0].runner.args;
 * assert.deepEqual(await times(), { times: 2 });
 * assert.deepEqual(await times({ args: { times: 5 } }), { times: 5 });
 * await Deno.remove(path);
 * ```
 */
export interface LoadTaskOptions extends ParseTaskOptions {
  /**
   * Values of the task file's template variables. Given, the file is always
   * rendered as a template; not given, it is rendered only when it uses
   * template syntax (`{{`, `{%`, `{#`), and its variables then need defaults.
   * @default {undefined}
   */
  args?: TaskArgs;
}

/**
 * Reads, renders (see {@linkcode renderTaskText}), parses and validates the
 * task file at `path` (a path or URL, as {@linkcode readTaskText} takes).
 * The rendered text is what is parsed and what the results record as the
 * input task.
 *
 * @param path The file's path or URL.
 * @param options Values of the template's variables, and the plugins.
 * @returns The normalized task.
 * @throws {TaskFileError} when the file is unreadable or has any problem. A
 *   problem found after rendering names the file as `FILE (rendered)`: its
 *   line numbers are those of the rendered text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadTaskFile } from "@brunt/brunt";
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * await Deno.writeTextFile(path, '{"version": 2, "title": "Smoke", "subtasks": [' +
 *   '{"scenario": {"Dummy.dummy": {}}, "runner": {"serial": {"times": 3}}}]}');
 * const task = await loadTaskFile(path);
 * assert.equal(task.title, "Smoke");
 * await Deno.remove(path);
 * await assert.rejects(loadTaskFile(path), {
 *   name: "TaskFileError",
 *   message: `${path}: cannot read the task file: no such file`,
 * });
 * ```
 */
export async function loadTaskFile(
  path: string | URL,
  options: LoadTaskOptions = {},
): Promise<TaskSpec> {
  const name = String(path);
  const text = await readTaskText(path);
  const url = asUrl(path);
  const localPath = url ? (url.protocol === "file:" ? fileURLToPath(url) : undefined) : name;
  const rendered = await renderTaskText(text, name, options.args, {
    includeDir: localPath === undefined ? undefined : dirname(localPath),
  });
  try {
    return parseTask(rendered, name, options);
  } catch (e) {
    if (e instanceof TaskFileError && rendered !== text) {
      throw new TaskFileError(`${name} (rendered)`, e.problems);
    }
    throw e;
  }
}

/**
 * Task file text as it is to be parsed: rendered as a Jinja2-compatible
 * template (see `renderTemplate`) when `args` are given or the
 * text uses template syntax; otherwise the text as it is (rendering it would
 * give the same text).
 *
 * @param text The task file's text.
 * @param filename Its name, for messages.
 * @param args Values of the template's variables.
 * @param options Where includes are read from.
 * @throws {TaskFileError} on a template error, with the template's line and column.
 */
export async function renderTaskText(
  text: string,
  filename: string,
  args?: TaskArgs,
  options: { includeDir?: string } = {},
): Promise<string> {
  if (args === undefined && !hasTemplateSyntax(text)) return text;
  // The template engine loads only for a task that needs it.
  const { renderTemplate } = await import("./template.ts");
  return await renderTemplate(text, args ?? {}, filename, options);
}

/** `path` as a URL when it is one (a URL object or a `file:`/`http:`/`https:` string). */
function asUrl(path: string | URL): URL | undefined {
  if (path instanceof URL) return path;
  return /^(?:file|https?):/i.test(path) ? new URL(path) : undefined;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function readFailure(e: unknown): string {
  if (e instanceof InputTooLargeError) return `cannot read the task file: ${e.message}`;
  if (e instanceof Deno.errors.NotFound) return "cannot read the task file: no such file";
  if (e instanceof Deno.errors.PermissionDenied) {
    return "cannot read the task file: permission denied";
  }
  if (e instanceof Deno.errors.IsADirectory) {
    return "cannot read the task file: it is a directory";
  }
  if (e instanceof TypeError && /utf-?8|decode/i.test(e.message)) {
    return "cannot read the task file: it is not UTF-8 text";
  }
  return `cannot read the task file: ${messageOf(e)}`;
}
