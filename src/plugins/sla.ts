/**
 * The SLA plugin API: a pass/fail criterion evaluated as iterations stream in.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import type { ResilienceEvent, WindowRef } from "../model/resilience.ts";
import { checkPluginName, registerPlugin } from "./registration.ts";

/**
 * Base class of SLA plugins. `addIteration` sees every iteration once, in
 * completion order, and must keep bounded memory. In a workload with hooks
 * it also hears the resilience analysis: which window each iteration was
 * counted in, and (`addResilience`) the figures of the baseline, of each
 * window and of each recovery as they are decided.
 */
export abstract class Sla<A = unknown> {
  /** JSON Schema of the args. */
  static schema: JsonSchema = {};
  /** What the criterion checks; the first line is its summary. */
  static description = "";
  /**
   * Whether the criterion judges the resilience analysis (windows cut by hook
   * runs): a workload that uses it must have hooks, which validation checks.
   */
  static judgesWindows = false;
  /**
   * Whether it judges the recovery after a fault ends: a workload that uses
   * it must have a hook that ends a fault (`"fault": "off"` or `"pulse"`).
   */
  static judgesRecoveries = false;

  /** The validated args. */
  readonly config: A;

  /** Builds a criterion from its validated args. */
  constructor(config: A) {
    this.config = config;
  }

  /**
   * Takes one iteration into account; returns whether the criterion holds so
   * far. `window` is where the resilience analysis counted it (only in a
   * workload with hooks).
   */
  abstract addIteration(record: IterationRecord, window?: WindowRef): boolean;

  /**
   * Takes figures of the resilience analysis into account as they are
   * decided; returns whether the criterion holds so far. By default it has
   * no opinion on them.
   */
  addResilience(_event: ResilienceEvent): boolean {
    return true;
  }

  /** The windows (by number; 0 is the baseline) this criterion judged, and whether each passed. */
  windowVerdicts(): ReadonlyMap<number, boolean> {
    return NO_VERDICTS;
  }

  /** Whether the criterion holds over the iterations seen. */
  abstract success(): boolean;

  /** A sentence saying what was measured against what, ending in "Passed" or "Failed". */
  abstract detail(): string;
}

const NO_VERDICTS: ReadonlyMap<number, boolean> = new Map();

/** A concrete SLA class, as {@linkcode registerSla} takes it. */
export type SlaClass<A = unknown> = {
  new (config: A): Sla<A>;
  schema: JsonSchema;
  description: string;
  judgesWindows?: boolean;
  judgesRecoveries?: boolean;
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
  };
}

/** Registers an SLA criterion under `name` when its module is imported (see `loadPlugins`). */
export function registerSla<A>(name: string, cls: SlaClass<A>): void {
  registerPlugin(slaPlugin(name, cls));
}
