/**
 * ArgsOf derives a plugin's args type from its JSON Schema. These tests are
 * checked by the type checker (`deno check`, `deno test`): a wrong
 * derivation fails to compile, and each `@ts-expect-error` line is a
 * mismatch that must fail to compile, as a drifted args interface does in a
 * plugin file.
 */
import assert from "node:assert/strict";
import type { ArgsOf, Assert, Equal } from "../src/plugins/args_of.ts";
import { validatedArgs } from "./helpers/validated_args.ts";

const RUNNER = {
  type: "object",
  properties: {
    times: { type: "integer", minimum: 1, default: 1 },
    unit: { enum: ["iteration", "time"] },
    at: { type: "array", items: { type: "number" } },
    note: { type: "string" },
    body: { description: "anything" },
  },
  required: ["unit"],
  additionalProperties: false,
} as const;

interface RunnerArgs {
  times: number;
  unit: "iteration" | "time";
  at?: number[];
  note?: string;
  body?: unknown;
}

Deno.test("required and defaulted properties are present, the others optional", () => {
  type _Derived = Assert<Equal<ArgsOf<typeof RUNNER>, RunnerArgs>>;
  // What the engine hands the plugin: the default filled in.
  const args = validatedArgs<ArgsOf<typeof RUNNER>>(RUNNER, { unit: "time" });
  assert.deepEqual(args, { unit: "time", times: 1 });
});

// The same args, each with one drift from RUNNER.
interface OptionalTimes extends Omit<RunnerArgs, "times"> {
  times?: number;
}
interface NumberNote extends Omit<RunnerArgs, "note"> {
  note?: number;
}
interface WordUnit extends Omit<RunnerArgs, "unit"> {
  unit: string;
}
type NoBody = Omit<RunnerArgs, "body">;
// And one built the same way without a drift.
interface SameTimes extends Omit<RunnerArgs, "times"> {
  times: number;
}

Deno.test("an args interface that drifted from its schema does not compile", () => {
  type Derived = ArgsOf<typeof RUNNER>;
  // @ts-expect-error `times` has a default, so it is always there: not optional.
  type _Optional = Assert<Equal<Derived, OptionalTimes>>;
  // @ts-expect-error `note` is a string in the schema.
  type _Type = Assert<Equal<Derived, NumberNote>>;
  // @ts-expect-error `unit` is one of two words, not any string.
  type _Wide = Assert<Equal<Derived, WordUnit>>;
  // @ts-expect-error `body` is missing.
  type _Missing = Assert<Equal<Derived, NoBody>>;
  // Without the drift, the same construction compiles.
  type _Same = Assert<Equal<Derived, SameTimes>>;
});

Deno.test("oneOf and anyOf are unions, and defaults inside them are not filled in", () => {
  const COMMAND = {
    oneOf: [
      { type: "string" },
      {
        type: "object",
        properties: {
          cmd: { anyOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
          timeout: { type: "number", default: 60 },
        },
        required: ["cmd"],
      },
    ],
  } as const;
  type _Union = Assert<
    Equal<ArgsOf<typeof COMMAND>, string | { cmd: string | string[]; timeout?: number }>
  >;
  // ajv fills no default inside oneOf: the plugin must not count on it.
  assert.deepEqual(validatedArgs(COMMAND, { cmd: "x" }), { cmd: "x" });
});

Deno.test("a list of types is a union, and object properties apply to its object form", () => {
  const CALL = {
    type: ["string", "object"],
    properties: { url: { type: "string" }, method: { type: "string", default: "GET" } },
    required: ["url"],
  } as const;
  type _Forms = Assert<Equal<ArgsOf<typeof CALL>, string | { url: string; method: string }>>;
});

Deno.test("an object without properties is a record of its value schema", () => {
  const LIMITS = { type: "object", patternProperties: { ".*": { type: "number" } } } as const;
  const HEADERS = { type: "object", additionalProperties: { type: "string" } } as const;
  const ANY = { type: "object" } as const;
  type _Pattern = Assert<Equal<ArgsOf<typeof LIMITS>, Record<string, number>>>;
  type _Additional = Assert<Equal<ArgsOf<typeof HEADERS>, Record<string, string>>>;
  type _Any = Assert<Equal<ArgsOf<typeof ANY>, Record<string, unknown>>>;
});

Deno.test("scalars, const and keyword-only schemas", () => {
  type _Number = Assert<Equal<ArgsOf<{ readonly type: "integer"; readonly minimum: 1 }>, number>>;
  type _Boolean = Assert<Equal<ArgsOf<{ readonly type: "boolean" }>, boolean>>;
  type _Null = Assert<Equal<ArgsOf<{ readonly type: "null" }>, null>>;
  type _Const = Assert<Equal<ArgsOf<{ readonly const: "iteration" }>, "iteration">>;
  type _Unknown = Assert<Equal<ArgsOf<{ readonly description: "any JSON" }>, unknown>>;
  type _Array = Assert<Equal<ArgsOf<{ readonly type: "array" }>, unknown[]>>;
});
