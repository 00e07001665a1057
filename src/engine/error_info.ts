/**
 * Turning anything thrown into Rally's error triple.
 *
 * @module
 */

/** `[etype, msg, details]` for any thrown value: an Error's name, message and stack, or a description of the value. */
export function errorInfo(thrown: unknown): [string, string, string] {
  if (thrown instanceof Error) {
    return [thrown.name || "Error", thrown.message, thrown.stack ?? ""];
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
