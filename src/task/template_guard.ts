/**
 * What keeps a task template to producing text: the names through which
 * JavaScript reaches its constructors (`range.constructor("…")()` is the
 * Function constructor, which reached Deno) are refused, where the
 * template is read when it names them, and while it renders when it makes
 * them up (`x[name]`). The template also runs in a process with no
 * permissions (template.ts); this is the first of the two walls.
 *
 * @module
 */
import type { TemplateNode } from "./template_variables.ts";

/** Names a template may not read: `constructor`, `prototype`, `__proto__` and any `__…`. */
export function isForbiddenName(name: unknown): boolean {
  return typeof name === "string" &&
    (name === "constructor" || name === "prototype" || name.startsWith("__") ||
      name === "caller" || name === "callee" || name === "arguments");
}

/** The message for a template that reads `name`. */
export function forbiddenMessage(name: string): string {
  return `templates may not read "${name}": it reaches JavaScript itself, not task data`;
}

/** A use of a forbidden name, 1-based. */
export interface ForbiddenUse {
  /** The name. */
  name: string;
  /** Line of the use. */
  line: number;
  /** Column of the use. */
  column: number;
}

/**
 * Every place the template names a forbidden name: a variable, an
 * attribute (`x.constructor`, `x["__proto__"]`), a name it sets or
 * declares. Walks without recursion.
 */
export function forbiddenUses(root: TemplateNode): ForbiddenUse[] {
  const uses: ForbiddenUse[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const n of node) stack.push(n);
      continue;
    }
    if (!isNode(node)) continue;
    const named = node.typename === "Symbol" ? node.value : undefined;
    // A string literal is a name only where it is looked up (`x["constructor"]`).
    if (node.typename === "LookupVal") {
      const val = node.val as TemplateNode | undefined;
      if (val?.typename === "Literal" && isForbiddenName(val.value)) {
        uses.push({ name: String(val.value), line: val.lineno + 1, column: val.colno + 1 });
      }
    } else if (node.typename === "Symbol" && isForbiddenName(named)) {
      uses.push({ name: String(named), line: node.lineno + 1, column: node.colno + 1 });
    }
    for (const field of node.fields) stack.push(node[field]);
  }
  return uses.sort((a, b) => a.line - b.line || a.column - b.column);
}

function isNode(value: unknown): value is TemplateNode {
  return typeof value === "object" && value !== null &&
    typeof (value as TemplateNode).typename === "string";
}

/** What the guards wrap of nunjucks' runtime. */
export interface GuardedRuntime {
  /** `obj.name` and `obj[name]` in a template. */
  memberLookup: (obj: unknown, name: unknown, ...rest: unknown[]) => unknown;
  /** A bare name in a template. */
  contextOrFrameLookup: (context: unknown, frame: unknown, name: string) => unknown;
}

/**
 * Wraps the runtime's lookups: a forbidden name throws (for names made up
 * while rendering), and a bare name that is not the template's or the
 * args' own (`toString`, inherited by every object) reads as undefined.
 */
export function guardRuntime(runtime: GuardedRuntime): void {
  const member = runtime.memberLookup;
  runtime.memberLookup = function (obj, name, ...rest) {
    if (isForbiddenName(name)) throw new Error(forbiddenMessage(String(name)));
    return member.call(this, obj, name, ...rest);
  };
  const lookup = runtime.contextOrFrameLookup;
  runtime.contextOrFrameLookup = function (context, frame, name) {
    if (isForbiddenName(name)) throw new Error(forbiddenMessage(name));
    const value = lookup.call(this, context, frame, name);
    const inherited = (Object.prototype as Record<string, unknown>)[name];
    return inherited !== undefined && value === inherited ? undefined : value;
  };
}
