/**
 * Rendering a task template, as the template sandbox does it: parse, check
 * every variable has a value and no forbidden name is read, render, and
 * keep the output within its limit. Every failure is a
 * {@linkcode TaskFileError} with the template's line and column.
 *
 * @module
 */
import { excerptAt } from "./excerpt.ts";
import type { TaskArgs } from "./task_args.ts";
import { TaskFileError, type TaskFileProblem } from "./task_file_error.ts";
import {
  nunjucksLib,
  type NunjucksTemplate,
  templateEnvironment,
  type TemplateLoader,
} from "./template_environment.ts";
import { forbiddenMessage, forbiddenUses } from "./template_guard.ts";
import { missingVariables, type TemplateNode } from "./template_variables.ts";

/**
 * Renders `text` with `args`. Includes come from `loader` (none when it is
 * null); output beyond `maxOutput` characters is an error.
 *
 * @throws {TaskFileError} naming `filename` and the template's line and
 *   column: a syntax error, a variable without a value, a forbidden name,
 *   an error raised while rendering, or output that is too long.
 */
export async function renderInSandbox(
  text: string,
  args: TaskArgs,
  filename: string,
  loader: TemplateLoader | null,
  maxOutput: number,
): Promise<string> {
  const env = templateEnvironment(loader);
  let root: TemplateNode;
  let template: NunjucksTemplate;
  try {
    root = nunjucksLib().parser.parse(text, [], env.opts) as TemplateNode;
    template = new (nunjucksLib().Template)(text, env, filename, true);
  } catch (e) {
    // Parse and compile errors carry 1-based positions.
    throw templateError(filename, text, e, 1);
  }
  const problems: TaskFileProblem[] = [
    ...forbiddenUses(root).map(({ name, line, column }) => ({
      path: "",
      line,
      column,
      excerpt: excerptAt(text, line, column),
      message: forbiddenMessage(name),
    })),
    ...missingVariables(root, args).map(({ name, line, column }) => ({
      path: "",
      line,
      column,
      excerpt: excerptAt(text, line, column),
      message: `template variable "${name}" has no value: give it in the task args ` +
        `(--task-args '{"${name}": …}') or a default ({{ ${name} | default(…) }})`,
    })),
  ];
  if (problems.length > 0) {
    throw new TaskFileError(
      filename,
      problems.sort((a, b) => a.line! - b.line! || a.column! - b.column!),
    );
  }
  // The callback form: in the plain form nunjucks throws some errors (a
  // broken included file) later, outside any try.
  const output = await new Promise<string>((resolve, reject) => {
    template.render(args, (error, output) => {
      // Errors raised while rendering carry the node's 0-based position.
      if (error) reject(templateError(filename, text, error, 0));
      else resolve(output ?? "");
    });
  });
  if (output.length > maxOutput) {
    throw new TaskFileError(filename, [{
      path: "",
      message: `the rendered task is ${output.length} characters long, more than the ` +
        `${maxOutput} a task file may have (a loop that runs too often?)`,
    }]);
  }
  return output;
}

/** A TaskFileError for a nunjucks error; `base` says whether its positions are 0- or 1-based. */
function templateError(filename: string, text: string, e: unknown, base: 0 | 1): TaskFileError {
  const error = e as { message?: string; lineno?: number; colno?: number };
  const { message, elsewhere } = plainMessage(error, filename);
  const problem: TaskFileProblem = { path: "", message: `template error: ${message}` };
  if (typeof error.lineno === "number" && !elsewhere) {
    problem.line = error.lineno + 1 - base;
    problem.column = typeof error.colno === "number" ? error.colno + 1 - base : 1;
    problem.excerpt = excerptAt(text, problem.line, problem.column);
  }
  return new TaskFileError(filename, [problem]);
}

/**
 * A nunjucks error's message without its decorations: nunjucks prefixes
 * "(path) [Line n, Column m]" (the position is reported apart) and wraps
 * errors from included templates in more of the same; a place in another
 * file than the task file is kept.
 */
function plainMessage(
  error: { message?: string },
  filename: string,
): { message: string; elsewhere: boolean } {
  let message = String(error.message ?? error);
  const elsewhere: string[] = [];
  const prefix = /^(?:Template render error: )?\(([^\n]*)\)( \[Line \d+(?:, Column \d+)?\])?\n\s*/;
  for (let m = prefix.exec(message); m; m = prefix.exec(message)) {
    const other = m[1] !== filename && m[1] !== "unknown path";
    if (m[2] && other && elsewhere.length === 0) elsewhere.push(`${m[1]}${m[2]}`);
    message = message.slice(m[0].length);
  }
  message = message.replace(/^(?:Error|RangeError|TypeError): /, "").trim();
  return elsewhere.length > 0
    ? { message: `${message} (in ${elsewhere[0]})`, elsewhere: true }
    : { message, elsewhere: false };
}
