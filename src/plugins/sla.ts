/**
 * The SLA plugin API: a pass/fail criterion evaluated as iterations stream in.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import { type JsonSchema, registerPlugin } from "./registry.ts";

/**
 * Base class of SLA plugins. `addIteration` sees every iteration once, in
 * completion order, and must keep bounded memory.
 */
export abstract class Sla<A = unknown> {
  /** JSON Schema of the args. */
  static schema: JsonSchema = {};
  /** What the criterion checks; the first line is its summary. */
  static description = "";

  /** The validated args. */
  readonly config: A;

  /** Builds a criterion from its validated args. */
  constructor(config: A) {
    this.config = config;
  }

  /** Takes one iteration into account; returns whether the criterion holds so far. */
  abstract addIteration(record: IterationRecord): boolean;

  /** Whether the criterion holds over the iterations seen. */
  abstract success(): boolean;

  /** A sentence saying what was measured against what, ending in "Passed" or "Failed". */
  abstract detail(): string;
}

/** A concrete SLA class, as {@linkcode registerSla} takes it. */
export type SlaClass<A = unknown> = {
  new (config: A): Sla<A>;
  schema: JsonSchema;
  description: string;
};

/** Registers an SLA criterion under `name` (the task file's `failure_rate`). */
export function registerSla<A>(name: string, cls: SlaClass<A>): void {
  registerPlugin({
    kind: "sla",
    name,
    impl: cls,
    schema: cls.schema,
    description: cls.description,
  });
}
