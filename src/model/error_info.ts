/**
 * Turning anything thrown into Rally's error triple.
 *
 * @module
 */

/**
 * `[etype, msg, details]` for any thrown value: an Error's name, message and
 * stack, or a description of the value. Never throws, whatever the value
 * (a plugin may throw a proxy or an object whose `toString` throws).
 */
export function errorInfo(thrown: unknown): [string, string, string] {
  try {
    return describe(thrown);
  } catch {
    return [
      "NonErrorThrown",
      "(a thrown value that could not be described)",
      `A value of type ${typeof thrown} was thrown, and reading it threw as well.`,
    ];
  }
}

function describe(thrown: unknown): [string, string, string] {
  if (thrown instanceof Error) {
    return [String(thrown.name || "Error"), String(thrown.message), String(thrown.stack ?? "")];
  }
  if (
    typeof thrown === "object" && thrown !== null && typeof (thrown as Error).message === "string"
  ) {
    const e = thrown as { name?: unknown; message: string; stack?: unknown };
    return [typeof e.name === "string" ? e.name : "Error", e.message, String(e.stack ?? "")];
  }
  let text: string;
  try {
    text = typeof thrown === "string" ? thrown : JSON.stringify(thrown) ?? String(thrown);
  } catch {
    text = String(thrown);
  }
  return ["NonErrorThrown", text, `A value of type ${typeof thrown} was thrown, not an Error.`];
}
