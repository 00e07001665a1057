/**
 * Whether task file text is a template, told without loading the template
 * engine.
 *
 * @module
 */

/** Whether `text` uses template syntax: `{{ … }}`, `{% … %}` or `{# … #}`. */
export function hasTemplateSyntax(text: string): boolean {
  return /\{[{%#]/.test(text);
}
