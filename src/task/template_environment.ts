/**
 * The template engine task files render with: nunjucks, set up to read
 * Jinja2 templates as Rally writes them, with Rally's globals, Python's `%`
 * and the guards of template_guard.ts. nunjucks ships no types; the ones
 * here say what brunt uses of it. Only the template sandbox (a process
 * with no permissions) loads this module.
 *
 * @module
 */
import nunjucks from "nunjucks";
import { pyMod } from "./py_format.ts";
import { type GuardedRuntime, guardRuntime } from "./template_guard.ts";
import { roundFilter, TEMPLATE_GLOBALS } from "./template_globals.ts";

/** What brunt needs of nunjucks, which ships no types. */
export interface Nunjucks {
  /** An environment: a loader for includes, and settings. */
  Environment: new (loader: unknown, opts: Record<string, unknown>) => NunjucksEnvironment;
  /** Compiles a template (at once, with `eagerCompile`). */
  Template: new (
    src: string,
    env: NunjucksEnvironment,
    path: string,
    eagerCompile: boolean,
  ) => NunjucksTemplate;
  /** The parser, whose syntax tree template_variables.ts walks. */
  parser: { parse(src: string, extensions: unknown[], opts: unknown): unknown };
  /** What compiled templates call: lookups the guards wrap, output, and Python's `%`. */
  runtime: GuardedRuntime & {
    pyMod?: (a: unknown, b: unknown) => unknown;
    suppressValue: (value: unknown, autoescape: boolean) => unknown;
  };
  /** The compiler, whose `%` is made Python's. */
  compiler: { Compiler: { prototype: CompilerProto } };
  /** Makes templates read Jinja2: `True`/`False`/`None`, `dict.items()`, slices. */
  installJinjaCompat(): void;
}

// The parts of nunjucks' compiler that `%` and tuples are compiled with.
interface CompilerProto {
  compileMod(node: { left: unknown; right: unknown }, frame: unknown): void;
  compileGroup(node: { children: unknown[] }, frame: unknown): void;
  compile(node: unknown, frame: unknown): void;
  _compileAggregate(node: unknown, frame: unknown, start: string, end: string): void;
  _emit(code: string): void;
}

/** A compiled template. */
export interface NunjucksTemplate {
  /** Renders with the variables of `ctx`; errors, also late ones, go to `callback`. */
  render(ctx: object, callback: (error: unknown, output?: string) => void): void;
}

/** The settings, globals and filters templates render with. */
export interface NunjucksEnvironment {
  /** The settings it was made with. */
  opts: Record<string, unknown>;
  /** Names every template can read. */
  globals: Record<string, unknown>;
  /** Adds a filter (`{{ x | name }}`). */
  addFilter(name: string, fn: (...args: unknown[]) => unknown): void;
}

/** A source of included templates: nunjucks' asynchronous loader interface. */
export interface TemplateLoader {
  /** Always true: sources come from the process outside the sandbox. */
  async: true;
  /** Gives the source of `name`, or an error. */
  getSource(
    name: string,
    callback: (error: unknown, source?: { src: string; path: string; noCache: true }) => void,
  ): void;
}

let prepared = false;

/**
 * nunjucks, prepared once per process to render what Jinja2 renders:
 * Jinja compatibility, the guarded lookups, `%` as Python's operator
 * (nunjucks' is JavaScript's, so `"%d" % n` gave NaN), `(a, b)` as a tuple
 * (nunjucks' is JavaScript's comma operator, giving `b`), and lists and
 * mappings printed as `[0, 1, 2]` and `{"a": 1}` (nunjucks printed `0,1,2`
 * and `[object Object]`; Jinja2's `[0, 1, 2]` parses the same).
 */
export function nunjucksLib(): Nunjucks {
  const nj = nunjucks as unknown as Nunjucks;
  if (!prepared) {
    nj.installJinjaCompat();
    guardRuntime(nj.runtime);
    nj.runtime.pyMod = pyMod;
    const compiler = nj.compiler.Compiler.prototype;
    compiler.compileMod = function (node, frame) {
      this._emit("runtime.pyMod(");
      this.compile(node.left, frame);
      this._emit(", ");
      this.compile(node.right, frame);
      this._emit(")");
    };
    const group = compiler.compileGroup;
    compiler.compileGroup = function (node, frame) {
      if (node.children.length > 1) this._compileAggregate(node, frame, "[", "]");
      else group.call(this, node, frame);
    };
    const suppress = nj.runtime.suppressValue;
    nj.runtime.suppressValue = (value, autoescape) =>
      suppress(
        Array.isArray(value) || isPlainObject(value) ? spacedJson(value) : value,
        autoescape,
      );
    prepared = true;
  }
  return nj;
}

function isPlainObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// JSON with Python's spacing: [0, 1, 2], {"a": 1}.
function spacedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(spacedJson).join(", ")}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${spacedJson(v)}`).join(", ")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * The environment task templates render in: no HTML escaping (task files
 * are JSON/YAML), Rally's and Jinja2's globals, Jinja2's `tojson` and
 * `round`, and includes from `loader` only (none when it is null).
 */
export function templateEnvironment(loader: TemplateLoader | null): NunjucksEnvironment {
  const nj = nunjucksLib();
  // Task files are JSON/YAML, not HTML: no escaping. Missing variables are
  // caught before rendering (see missingVariables), with their place.
  const env = new nj.Environment(loader, { autoescape: false, throwOnUndefined: false, dev: true });
  Object.assign(env.globals, TEMPLATE_GLOBALS);
  // Jinja2's name for JSON output, which Rally task templates use.
  env.addFilter("tojson", (value) => JSON.stringify(value));
  env.addFilter(
    "round",
    (value, precision, method) =>
      roundFilter(value, precision, typeof method === "string" ? method : undefined),
  );
  return env;
}
