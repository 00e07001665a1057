/**
 * The error a bad task file raises: every problem found, each with its place.
 *
 * @module
 */

/**
 * One problem in a task file.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, TaskFileError, type TaskFileProblem } from "@brunt/brunt";
 * let problem: TaskFileProblem | undefined;
 * try {
 *   parseTask('{"Dummy.dummy": [}', "task.json");
 * } catch (e) {
 *   if (e instanceof TaskFileError) problem = e.problems[0];
 * }
 * assert.equal(problem?.path, ""); // a syntax error: no place in the structure yet
 * assert.deepEqual([problem?.line, problem?.column], [1, 18]);
 * ```
 */
export interface TaskFileProblem {
  /** Where, in the file's own structure (`subtasks[0].runner.constant.times`); empty for the file as a whole. */
  path: string;
  /** What is wrong and what would be right. */
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** 1-based column in the file, when known. */
  column?: number;
  /** The offending line with a caret under the column (syntax errors). */
  excerpt?: string;
  /**
   * What kind of problem: the task's structure, or a plugin's name or args;
   * absent when the file could not be read, rendered or parsed.
   */
  kind?: "structure" | "plugin";
}

/**
 * A task file that cannot run: unreadable, not valid JSON/YAML, or failing
 * validation. `problems` lists everything found; the message lists them for
 * people, one per line.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, TaskFileError } from "@brunt/brunt";
 * const text = '{"Dummy.dummy": [{"runner": {"type": "serail", "times": 0}}]}';
 * assert.throws(() => parseTask(text, "task.json"), (e) => {
 *   assert.ok(e instanceof TaskFileError);
 *   assert.equal(e.filename, "task.json");
 *   assert.deepEqual(e.problems.map((p) => p.path), ["Dummy.dummy[0].runner.type"]);
 *   assert.match(e.message, /unknown runner "serail"; did you mean "serial"\?/);
 *   return true;
 * });
 * ```
 */
export class TaskFileError extends Error {
  /** The task file's name as given. */
  readonly filename: string;
  /** Every problem found, in file order. */
  readonly problems: TaskFileProblem[];

  /** Builds the error for `filename` from `problems` (at least one). */
  constructor(filename: string, problems: TaskFileProblem[]) {
    super(formatProblems(filename, problems));
    this.name = "TaskFileError";
    this.filename = filename;
    this.problems = problems;
  }

  /** The problems for people, one per line (the same text as `message`). */
  format(): string {
    return this.message;
  }
}

function formatProblems(filename: string, problems: TaskFileProblem[]): string {
  if (problems.length === 1 && problems[0].path === "") {
    const [p] = problems;
    const where = p.line === undefined ? filename : `${filename}:${p.line}:${p.column ?? 1}`;
    return `${where}: ${p.message}${p.excerpt ? "\n" + indent(p.excerpt, "  ") : ""}`;
  }
  const count = `${problems.length} problem${problems.length === 1 ? "" : "s"}`;
  return [`${filename}: ${count}:`, ...problems.map((p) => "  " + formatProblem(p))].join("\n");
}

function formatProblem(p: TaskFileProblem): string {
  if (p.path === "") {
    const where = p.line === undefined ? "" : `line ${p.line}, column ${p.column ?? 1}: `;
    return where + p.message + (p.excerpt ? "\n" + indent(p.excerpt, "    ") : "");
  }
  const line = p.line === undefined ? "" : ` (line ${p.line})`;
  return `${p.path}${line}: ${p.message}`;
}

function indent(text: string, prefix: string): string {
  return text.split("\n").map((l) => prefix + l).join("\n");
}
