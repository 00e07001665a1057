/**
 * Task templates: task files rendered as Jinja2-compatible templates
 * (Rally's convention) before they are parsed, with values from
 * `--task-args` / `--task-args-file`.
 *
 * @module
 */
import nunjucks from "nunjucks";
import { LineCounter, parseDocument } from "yaml";
import { excerptAt } from "./excerpt.ts";
import { TaskFileError, type TaskFileProblem } from "./task_file_error.ts";

/** Values of a task template's variables (`{{ times }}` reads `args.times`). */
export type TaskArgs = Record<string, unknown>;

/** Options of {@linkcode renderTemplate}. */
export interface RenderOptions {
  /**
   * The folder `{% include "file" %}` and `{% import %}` read from (the task
   * file's folder, as in Rally); files outside it are not read.
   * @default {undefined} no includes
   */
  includeDir?: string;
}

/** Whether `text` uses template syntax: `{{ … }}`, `{% … %}` or `{# … #}`. */
export function hasTemplateSyntax(text: string): boolean {
  return /\{[{%#]/.test(text);
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
 * import { renderTemplate } from "../../mod.ts";
 * const text = await renderTemplate('{"times": {{ times | default(10) }}}', { times: 3 }, "task.json");
 * console.assert(text === '{"times": 3}');
 * ```
 */
export async function renderTemplate(
  text: string,
  args: TaskArgs = {},
  filename = "<template>",
  options: RenderOptions = {},
): Promise<string> {
  const env = environment(options.includeDir);
  let root: TemplateNode;
  let template: NunjucksTemplate;
  try {
    root = lib().parser.parse(text, [], env.opts) as TemplateNode;
    template = new (lib().Template)(text, env, filename, true);
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
  const value: unknown = doc.toJS();
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
    text = await Deno.readTextFile(path);
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

/** What brunt needs of nunjucks, which ships no types. */
interface Nunjucks {
  Environment: new (loader: unknown, opts: Record<string, unknown>) => NunjucksEnvironment;
  FileSystemLoader: new (searchPath: string, opts: { noCache: boolean }) => unknown;
  Template: new (
    src: string,
    env: NunjucksEnvironment,
    path: string,
    eagerCompile: boolean,
  ) => NunjucksTemplate;
  parser: { parse(src: string, extensions: unknown[], opts: unknown): unknown };
  installJinjaCompat(): void;
}

interface NunjucksTemplate {
  render(ctx: object, callback: (error: unknown, output?: string) => void): void;
}

interface NunjucksEnvironment {
  opts: Record<string, unknown>;
  globals: Record<string, unknown>;
  addFilter(name: string, fn: (...args: unknown[]) => unknown): void;
}

/** A node of nunjucks' template syntax tree. */
interface TemplateNode {
  typename: string;
  lineno: number;
  colno: number;
  fields: string[];
  value?: unknown;
  [field: string]: unknown;
}

let jinjaCompatible = false;

function lib(): Nunjucks {
  const nj = nunjucks as unknown as Nunjucks;
  if (!jinjaCompatible) {
    nj.installJinjaCompat();
    jinjaCompatible = true;
  }
  return nj;
}

function environment(includeDir: string | undefined): NunjucksEnvironment {
  const nj = lib();
  const loader = includeDir === undefined
    ? null
    : new nj.FileSystemLoader(includeDir, { noCache: true });
  // Task files are JSON/YAML, not HTML: no escaping. Missing variables are
  // caught before rendering (see missingVariables), with their place.
  const env = new nj.Environment(loader, { autoescape: false, throwOnUndefined: false, dev: true });
  // Jinja2's name for JSON output, which Rally task templates use.
  env.addFilter("tojson", (value) => JSON.stringify(value));
  return env;
}

/** Names a template always has: nunjucks' globals, Jinja's literals, `loop`. */
const BUILT_IN_NAMES = new Set(["range", "cycler", "joiner", "loop", "True", "False", "None"]);

interface MissingVariable {
  name: string;
  line: number;
  column: number;
}

/**
 * The variables the template reads that nothing gives a value: not in
 * `args`, never assigned in the template (`{% set %}`, `{% for %}`, macro
 * parameters), not built in, and not read through `default` (or `d`) or an
 * `is defined` test. Like Rally's check, an assignment anywhere counts, so
 * `{% set x = x or 1 %}` is fine. Each is given with its first use.
 */
function missingVariables(root: TemplateNode, args: TaskArgs): MissingVariable[] {
  const bound = new Set<string>();
  const used = new Map<string, MissingVariable>();
  const use = (node: TemplateNode) => {
    const name = String(node.value);
    if (!used.has(name)) used.set(name, { name, line: node.lineno + 1, column: node.colno + 1 });
  };
  const bind = (node: unknown) => {
    for (const n of nodesIn(node)) {
      if (n.typename === "Symbol") bound.add(String(n.value));
      // A macro's `name=default` parameter.
      else if (n.typename === "Pair") bind(n.key);
    }
  };
  const visit = (node: TemplateNode, guarded = false): void => {
    switch (node.typename) {
      case "Symbol":
        if (!guarded) use(node);
        return;
      case "LookupVal":
        visit(node.target as TemplateNode, guarded);
        visitAll(node.val);
        return;
      case "Filter":
      case "FilterAsync": {
        // The filter's name is not a variable; its first arg is the piped value.
        const [piped, ...rest] = nodesIn(node.args);
        const defaulted = ["default", "d"].includes(String((node.name as TemplateNode).value));
        if (piped) visit(piped, guarded || defaulted);
        for (const n of rest) visit(n);
        return;
      }
      case "Is": {
        const test = node.right as TemplateNode;
        const testName = test.typename === "FunCall"
          ? (test.name as TemplateNode).value
          : test.value;
        visit(
          node.left as TemplateNode,
          guarded || testName === "defined" || testName === "undefined",
        );
        if (test.typename === "FunCall") visitAll(test.args);
        return;
      }
      case "Pair":
        // `{key: v}` and `f(key=v)` keys are names, not variables.
        if ((node.key as TemplateNode).typename !== "Symbol") visitAll(node.key);
        visitAll(node.value);
        return;
      case "For":
      case "AsyncEach":
      case "AsyncAll":
        bind(node.name);
        visitAll(node.arr, node.body, node.else_);
        return;
      case "Set":
        bind(node.targets);
        visitAll(node.value, node.body);
        return;
      case "Macro":
      case "Caller":
        bind(node.name);
        bind(node.args);
        for (const arg of nodesIn(node.args)) if (arg.typename === "Pair") visitAll(arg.value);
        visitAll(node.body);
        return;
      case "Import":
      case "FromImport":
        bind(node.target);
        bind(node.names);
        return;
      default:
        for (const field of node.fields) visitAll(node[field]);
    }
  };
  const visitAll = (...values: unknown[]) => {
    for (const value of values) for (const n of nodesIn(value)) visit(n);
  };
  visit(root);
  return [...used.values()]
    .filter(({ name }) => !bound.has(name) && !BUILT_IN_NAMES.has(name) && !(name in args))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** The nodes in a field: the node itself, a list's or node list's items. */
function nodesIn(value: unknown): TemplateNode[] {
  if (Array.isArray(value)) return value.flatMap(nodesIn);
  if (!isNode(value)) return [];
  if (
    value.typename === "NodeList" || value.typename === "Array" || value.typename === "Root" ||
    value.typename === "Dict" || value.typename === "KeywordArgs" || value.typename === "Group" ||
    value.typename === "Output"
  ) {
    return nodesIn(value.children);
  }
  return [value];
}

function isNode(value: unknown): value is TemplateNode {
  return typeof value === "object" && value !== null &&
    typeof (value as TemplateNode).typename === "string";
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
