/**
 * What a task template is, without the template engine: whether text uses
 * template syntax, and the values its variables take.
 *
 * @module
 */

/** Values of a task template's variables (`{{ times }}` reads `args.times`). */
export type TaskArgs = Record<string, unknown>;

/** Whether `text` uses template syntax: `{{ … }}`, `{% … %}` or `{# … #}`. */
export function hasTemplateSyntax(text: string): boolean {
  return /\{[{%#]/.test(text);
}
