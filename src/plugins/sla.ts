/**
 * The SLA plugin API: a pass/fail criterion evaluated as iterations stream in.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { checkPluginName, registerPlugin } from "./registration.ts";

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
  /** Optional check of the args beyond the schema; returns what is wrong. */
  validate?: (args: unknown) => string | undefined;
};

/** The plugin entry of an SLA class under `name` (the task file's `failure_rate`). */
export function slaPlugin<A>(name: string, cls: SlaClass<A>): PluginEntry<SlaClass> {
  checkPluginName("sla", name);
  return {
    kind: "sla",
    name,
    impl: cls as unknown as SlaClass,
    schema: cls.schema,
    description: cls.description,
    validate: cls.validate,
  };
}

/** Registers an SLA criterion under `name` when its module is imported (see `loadPlugins`). */
export function registerSla<A>(name: string, cls: SlaClass<A>): void {
  registerPlugin(slaPlugin(name, cls));
}
