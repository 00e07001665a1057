/**
 * Locations inside a task document, and how people read them.
 *
 * @module
 */

/** A location in a task document: object keys and array indexes from the root. */
export type TaskPath = readonly (string | number)[];

// The first key may contain dots, so the spec form's scenario names read as
// written (`Dummy.dummy[0].runner`); deeper dotted keys are quoted so that
// `scenario["Dummy.dummy"].sleep` stays unambiguous.
const BARE_FIRST_KEY = /^[A-Za-z_][\w.-]*$/;
const BARE_KEY = /^[A-Za-z_][\w-]*$/;
const MAX_SHOWN_KEY = 64;

/**
 * Formats `path` the way people read it: `subtasks[0].runner.constant.times`,
 * `Dummy.dummy[0].hooks[2].trigger.args.step`, `subtasks[0].scenario["Dummy.dummy"]`.
 * The root is the empty string.
 */
export function formatPath(path: TaskPath): string {
  let out = "";
  path.forEach((whole, i) => {
    // A key a megabyte long is shown by its start and length.
    const segment = typeof whole === "string" && whole.length > MAX_SHOWN_KEY
      ? `${whole.slice(0, MAX_SHOWN_KEY - 16)}…(${whole.length} chars)`
      : whole;
    if (typeof segment === "number") out += `[${segment}]`;
    else if (i === 0 && BARE_FIRST_KEY.test(segment)) out += segment;
    else if (BARE_KEY.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  });
  return out;
}

/**
 * Turns a JSON Pointer (as ajv reports `instancePath`) into path segments,
 * using `data` to tell array indexes from object keys.
 */
export function pointerToPath(pointer: string, data: unknown): (string | number)[] {
  if (pointer === "") return [];
  const out: (string | number)[] = [];
  let node: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (Array.isArray(node) && /^\d+$/.test(key)) {
      out.push(Number(key));
      node = node[Number(key)];
    } else {
      out.push(key);
      node = node !== null && typeof node === "object"
        ? (node as Record<string, unknown>)[key]
        : undefined;
    }
  }
  return out;
}
