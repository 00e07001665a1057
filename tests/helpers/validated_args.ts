/**
 * Plugin args as the engine hands them to a plugin: accepted by the
 * plugin's schema, with the schema's defaults filled in (ajv with
 * `useDefaults`, as the task validator runs it).
 *
 * @module
 */
import { Ajv, type ValidateFunction } from "ajv";
import type { JsonSchema } from "../../src/model/plugin_registry.ts";

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/**
 * A copy of `args` validated against `schema`, defaults filled in: what a
 * plugin with that schema receives for `args` in a task file.
 *
 * @throws {Error} when `schema` refuses `args`.
 */
export function validatedArgs<A>(schema: JsonSchema, args: unknown): A {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, validate = ajv.compile(schema));
  const copy = structuredClone(args);
  if (!validate(copy)) {
    throw new Error(`args ${JSON.stringify(args)} refused: ${ajv.errorsText(validate.errors)}`);
  }
  return copy as A;
}
