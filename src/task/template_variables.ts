/**
 * Which variables a task template reads without a value, found by walking
 * nunjucks' syntax tree (its parser's output, which nunjucks does not
 * document: node type names and fields as nunjucks 3.2 has them).
 *
 * @module
 */
import type { TaskArgs } from "./task_args.ts";
import { TEMPLATE_GLOBAL_NAMES } from "./template_globals.ts";

/** A node of nunjucks' template syntax tree. */
export interface TemplateNode {
  /** The node's type: `Symbol`, `Filter`, `For`, `Set` … */
  typename: string;
  /** 0-based line. */
  lineno: number;
  /** 0-based column. */
  colno: number;
  /** The names of the fields that hold child nodes. */
  fields: string[];
  /** A symbol's name or a literal's value. */
  value?: unknown;
  /** The fields, by name. */
  [field: string]: unknown;
}

/** Names a template always has: its globals, Jinja's literals, `loop`. */
const BUILT_IN_NAMES = new Set([...TEMPLATE_GLOBAL_NAMES, "loop", "True", "False", "None"]);

/** A variable a template reads without a value, at its first use (1-based). */
export interface MissingVariable {
  /** The variable. */
  name: string;
  /** Line of its first use. */
  line: number;
  /** Column of its first use. */
  column: number;
}

/**
 * The variables the template reads that nothing gives a value: not in
 * `args`, never assigned in the template (`{% set %}`, `{% for %}`, macro
 * parameters), not built in, and not read through `default` (or `d`) or an
 * `is defined` test. Like Rally's check, an assignment anywhere counts, so
 * `{% set x = x or 1 %}` is fine. Each is given with its first use.
 */
export function missingVariables(root: TemplateNode, args: TaskArgs): MissingVariable[] {
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
    .filter(({ name }) =>
      !bound.has(name) && !BUILT_IN_NAMES.has(name) && !Object.hasOwn(args, name)
    )
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
