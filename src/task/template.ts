/**
 * Task templates: task files rendered as Jinja2-compatible templates
 * (Rally's convention) before they are parsed, with values from
 * `--task-args` / `--task-args-file` (task_args.ts). The engine's set-up is
 * in template_environment.ts, the check for variables without a value in
 * template_variables.ts.
 *
 * @module
 */
import { excerptAt } from "./excerpt.ts";
import type { TaskArgs } from "./task_args.ts";
import { TaskFileError, type TaskFileProblem } from "./task_file_error.ts";
import { nunjucksLib, type NunjucksTemplate, templateEnvironment } from "./template_environment.ts";
import { missingVariables, type TemplateNode } from "./template_variables.ts";

/** Options of {@linkcode renderTemplate}. */
export interface RenderOptions {
  /**
   * The folder `{% include "file" %}` and `{% import %}` read from (the task
   * file's folder, as in Rally); files outside it are not read.
   * @default {undefined} no includes
   */
  includeDir?: string;
}

/**
 * Renders `text` as a Jinja2-compatible template (nunjucks with its Jinja
 * compatibility: `True`/`False`/`None`, `dict.items()`, slices) with `args`
 * as its variables. Output is not HTML-escaped. Every variable the template
 * reads must be given in `args`, set in the template, or have a default
 * (`{{ times | default(10) }}`); like Rally, brunt refuses to render a task
 * with a variable missing rather than leave a hole in it.
 *
 * @param text The template.
 * @param args Values of its variables.
 * @param filename Where the template came from, for messages.
 * @returns The rendered text.
 * @throws {TaskFileError} naming `filename` and the template's line and
 *   column: a syntax error, a variable without a value, or an error raised
 *   while rendering.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderTemplate } from "./template.ts";
 * const text = await renderTemplate('{"times": {{ times | default(10) }}}', { times: 3 }, "task.json");
 * assert.equal(text, '{"times": 3}');
 * ```
 */
export async function renderTemplate(
  text: string,
  args: TaskArgs = {},
  filename = "<template>",
  options: RenderOptions = {},
): Promise<string> {
  const env = templateEnvironment(options.includeDir);
  let root: TemplateNode;
  let template: NunjucksTemplate;
  try {
    root = nunjucksLib().parser.parse(text, [], env.opts) as TemplateNode;
    template = new (nunjucksLib().Template)(text, env, filename, true);
  } catch (e) {
    // Parse and compile errors carry 1-based positions.
    throw templateError(filename, text, e, 1);
  }
  const missing = missingVariables(root, args);
  if (missing.length > 0) {
    throw new TaskFileError(
      filename,
      missing.map(({ name, line, column }) => ({
        path: "",
        line,
        column,
        excerpt: excerptAt(text, line, column),
        message: `template variable "${name}" has no value: give it in the task args ` +
          `(--task-args '{"${name}": …}') or a default ({{ ${name} | default(…) }})`,
      })),
    );
  }
  // The callback form: in the plain form nunjucks throws some errors (a
  // broken included file) later, outside any try.
  return await new Promise<string>((resolve, reject) => {
    template.render(args, (error, output) => {
      // Errors raised while rendering carry the node's 0-based position.
      if (error) reject(templateError(filename, text, error, 0));
      else resolve(output ?? "");
    });
  });
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
  message = message.replace(/^Error: /, "").trim();
  return elsewhere.length > 0
    ? { message: `${message} (in ${elsewhere[0]})`, elsewhere: true }
    : { message, elsewhere: false };
}
