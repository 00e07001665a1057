/**
 * Task args: the values of a task template's variables, given with
 * `--task-args` (JSON or YAML text) and `--task-args-file` (a JSON or YAML
 * file), merged as Rally merges them.
 *
 * @module
 */
import { LineCounter, parseDocument } from "yaml";
import { excerptAt } from "./excerpt.ts";
import { TaskFileError } from "./task_file_error.ts";
import { readTextBounded } from "./bounded_read.ts";
import { limitProblems } from "./document_limits.ts";
import { formatPath } from "./task_path.ts";

/**
 * Values of a task template's variables (`{{ times }}` reads `args.times`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { runTask, type TaskArgs } from "@brunt/brunt";
 * const path = await Deno.makeTempFile({ suffix: ".yaml" });
 * await Deno.writeTextFile(path, "Dummy.dummy: [{runner: {type: serial, times: {{ times }}}}]");
 * const args: TaskArgs = { times: 4 };
 * const { document } = await runTask(path, { args });
 * assert.equal(document.tasks[0].subtasks[0].workloads[0].total_iteration_count, 4);
 * await Deno.remove(path);
 * ```
 */
export type TaskArgs = Record<string, unknown>;

/**
 * Parses task args given as text (`--task-args`): a JSON or YAML object.
 *
 * @param text The args.
 * @param source Where they came from (`--task-args` or a file name), for messages.
 * @throws {TaskFileError} naming `source` when the text is not an object.
 */
export function parseTaskArgs(text: string, source: string): TaskArgs {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new TaskFileError(source, [{
      path: "",
      line,
      column: col,
      excerpt: excerptAt(text, line, col),
      message: `task args are not valid JSON or YAML: ${error.message.split("\n")[0]}`,
    }]);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new TaskFileError(source, [{
      path: "",
      message: `task args cannot be read: ${(e as Error).message}`,
    }]);
  }
  const limits = limitProblems(value);
  if (limits.length > 0) {
    throw new TaskFileError(
      source,
      limits.map((p) => ({ path: formatPath(p.path), message: p.message })),
    );
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    const found = value === null ? "nothing" : Array.isArray(value) ? "a list" : typeof value;
    throw new TaskFileError(source, [{
      path: "",
      message: `task args must be an object of variable names and values ` +
        `(like {"times": 10}); got ${found}`,
    }]);
  }
  return value as TaskArgs;
}

/**
 * Reads a task args file (`--task-args-file`): a JSON or YAML object.
 *
 * @throws {TaskFileError} naming `path` when it is unreadable or not an object.
 */
export async function readTaskArgsFile(path: string): Promise<TaskArgs> {
  let text: string;
  try {
    text = await readTextBounded(path);
  } catch (e) {
    const why = e instanceof Deno.errors.NotFound
      ? "no such file"
      : e instanceof Error
      ? e.message
      : String(e);
    throw new TaskFileError(path, [{
      path: "",
      message: `cannot read the task args file: ${why}`,
    }]);
  }
  return parseTaskArgs(text, path);
}

/**
 * The task args from `--task-args-file` and `--task-args` together, as Rally
 * merges them: the file's values first, the inline ones override them.
 * Undefined when neither is given.
 */
export async function loadTaskArgs(
  options: { args?: string; argsFile?: string },
): Promise<TaskArgs | undefined> {
  if (options.args === undefined && options.argsFile === undefined) return undefined;
  const fromFile = options.argsFile === undefined ? {} : await readTaskArgsFile(options.argsFile);
  const inline = options.args === undefined ? {} : parseTaskArgs(options.args, "--task-args");
  return { ...fromFile, ...inline };
}
