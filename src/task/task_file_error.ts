/**
 * The error a bad task file raises: every problem found, each with its place.
 *
 * @module
 */

/** One problem in a task file. */
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
