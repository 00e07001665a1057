/**
 * The TypeScript type of a plugin's args, derived from its JSON Schema, so
 * the args type a plugin is written against and the schema its args are
 * validated with cannot drift apart.
 *
 * @module
 */

/**
 * The args a plugin receives for an args schema `S` declared `as const`:
 * what is left of the task file's value once the schema has accepted it and
 * filled in its defaults (the registry validates with ajv's `useDefaults`).
 *
 * It covers the JSON Schema the built-in plugins use:
 *
 * - `type` (one or a list): `string`, `number` and `integer` (`number`),
 *   `boolean`, `null`, `array` (of `items`), `object`;
 * - `properties` with `required`; a property with a `default` is required
 *   too, since it is always filled in, except inside `oneOf`/`anyOf`, where
 *   ajv fills in no defaults; other keys of an object with `properties` are
 *   not typed (even without `additionalProperties: false`);
 * - an object without `properties`: a record of its `additionalProperties`
 *   or `patternProperties` schema, or of `unknown`;
 * - `enum` and `const` (their values), `oneOf` and `anyOf` (the union of
 *   their branches);
 * - anything else (no `type`, say `{ description }`) is `unknown`.
 *
 * Keywords that only narrow values (`minimum`, `pattern`, `minItems`,
 * `if`/`then`…) leave the type as it is.
 *
 * @example Keeping an args interface (with its field docs) equal to the schema
 * ```ts
 * import type { ArgsOf, Assert, Equal } from "./args_of.ts";
 * const SCHEMA = {
 *   type: "object",
 *   properties: { times: { type: "integer", default: 1 }, note: { type: "string" } },
 *   additionalProperties: false,
 * } as const;
 * interface Args {
 *   times: number; // the field docs (with @default 1) stay here
 *   note?: string;
 * }
 * type _Checked = Assert<Equal<Args, ArgsOf<typeof SCHEMA>>>;
 * ```
 */
export type ArgsOf<S> = Of<S, true>;

/**
 * `true` when `A` and `B` are the same type (not only assignable to each
 * other: optional and required fields, `any` and `unknown` differ).
 */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2)
  ? true
  : false;

/** Compiles only when `T` is `true`: `type _Checked = Assert<Equal<Args, ArgsOf<typeof SCHEMA>>>`. */
export type Assert<T extends true> = T;

// `Fill`: whether ajv fills in defaults at this place of the schema.
type Of<S, Fill extends boolean> = S extends { readonly oneOf: infer B extends readonly unknown[] }
  ? Branches<B>
  : S extends { readonly anyOf: infer B extends readonly unknown[] } ? Branches<B>
  : S extends { readonly const: infer C } ? C
  : S extends { readonly enum: infer E extends readonly unknown[] } ? E[number]
  : S extends { readonly type: infer T } ? (
      T extends readonly (infer Each)[] ? OfType<Each, S, Fill> : OfType<T, S, Fill>
    )
  : unknown;

type Branches<B extends readonly unknown[]> = { [K in keyof B]: Of<B[K], false> }[number];

type OfType<T, S, Fill extends boolean> = T extends "string" ? string
  : T extends "number" | "integer" ? number
  : T extends "boolean" ? boolean
  : T extends "null" ? null
  : T extends "array" ? (S extends { readonly items: infer I } ? Of<I, Fill>[] : unknown[])
  : T extends "object" ? ObjectOf<S, Fill>
  : never;

type ObjectOf<S, Fill extends boolean> = S extends { readonly properties: infer P } ? Flatten<
    & { -readonly [K in keyof P as K extends Present<S, P, Fill> ? K : never]-?: Of<P[K], Fill> }
    & { -readonly [K in keyof P as K extends Present<S, P, Fill> ? never : K]?: Of<P[K], Fill> }
  >
  : S extends { readonly additionalProperties: infer A extends object }
    ? Record<string, Of<A, Fill>>
  : S extends { readonly patternProperties: infer P } ? Record<string, Of<P[keyof P], Fill>>
  : Record<string, unknown>;

// The keys always present: required, or filled in from their default.
type Present<S, P, Fill extends boolean> =
  | (S extends { readonly required: readonly (infer R)[] } ? R : never)
  | (Fill extends true
    ? { [K in keyof P]: P[K] extends { readonly default: unknown } ? K : never }[keyof P]
    : never);

type Flatten<T> = { [K in keyof T]: T[K] };
