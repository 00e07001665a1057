/**
 * Entry points for task files: read, parse, validate, normalize.
 *
 * Reading and parsing are separate steps so a template step (rendering the
 * text before it is parsed) can sit between {@linkcode readTaskText} and
 * {@linkcode parseTask}.
 *
 * @module
 */
import type { TaskSpec } from "./model.ts";
import { normalizeTask } from "./normalize.ts";
import { parseDocumentText } from "./parse.ts";
import { TaskFileError } from "./task_file_error.ts";

/**
 * Parses and validates task file text into a {@linkcode TaskSpec}. JSON or
 * YAML is chosen by `filename`'s extension (`.json`, `.yaml`, `.yml`);
 * otherwise text that opens with `{` or `[` is JSON and anything else YAML.
 *
 * @param text The task file's contents.
 * @param filename The file's name, for choosing the syntax and for messages.
 * @returns The normalized task.
 * @throws {TaskFileError} listing every problem, each with its path and line.
 *
 * @example
 * ```ts ignore
 * const task = parseTask('{"Dummy.dummy": [{"runner": {"type": "serial", "times": 3}}]}', "t.json");
 * task.subtasks[0].workloads[0].runner.args; // { times: 3 }
 * ```
 */
export function parseTask(text: string, filename: string): TaskSpec {
  return normalizeTask(parseDocumentText(text, filename));
}

/**
 * Reads a task file as text.
 *
 * @throws {TaskFileError} naming the path when it is missing or unreadable.
 */
export async function readTaskText(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (e) {
    throw new TaskFileError(path, [{ path: "", message: readFailure(e) }]);
  }
}

/**
 * Reads, parses and validates the task file at `path`.
 *
 * @throws {TaskFileError} when the file is unreadable or has any problem.
 */
export async function loadTaskFile(path: string): Promise<TaskSpec> {
  return parseTask(await readTaskText(path), path);
}

function readFailure(e: unknown): string {
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
  return `cannot read the task file: ${e instanceof Error ? e.message : String(e)}`;
}
