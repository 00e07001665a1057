/**
 * Escaping for the HTML report: text put into HTML, and JSON put into a
 * `<script type="application/json">` element.
 *
 * @module
 */

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Text made safe to place in HTML element content or in a quoted attribute
 * value: `& < > " '` become entities. Non-strings are converted with
 * `String()` first, so a number or null can be passed as is.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { escapeHtml } from "./escape.ts";
 * assert.equal(escapeHtml("<b>&</b>"), "&lt;b&gt;&amp;&lt;/b&gt;");
 * ```
 */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * `value` as JSON safe to place inside a `<script type="application/json">`
 * element: `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026`, so
 * no string can close the element (`</script>`) or open a comment, and
 * U+2028/U+2029 as `\u2028`/`\u2029`. `JSON.parse` of the element's text
 * gives the value back unchanged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { jsonForScript } from "./escape.ts";
 * assert.equal(jsonForScript({ s: "</script>" }), '{"s":"\\u003c/script\\u003e"}');
 * ```
 */
export function jsonForScript(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
