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
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type IterationRecord, Sla } from "@brunt/brunt";
 * class MaxFailures extends Sla<{ max: number }> {
 *   #failed = 0;
 *   addIteration(record: IterationRecord): boolean {
 *     if (record.error.length > 0) this.#failed++;
 *     return this.success();
 *   }
 *   success(): boolean { return this.#failed <= this.config.max; }
 *   detail(): string { return `${this.#failed} failed - ${this.success() ? "Passed" : "Failed"}`; }
 * }
 * const sla = new MaxFailures({ max: 1 });
 * const timedOut: IterationRecord = {
 *   timestamp: 0, duration: 1, idle_duration: 0, error: ["TimeoutError", "too slow", ""],
 *   output: { additive: [], complete: [] }, atomic_actions: [],
 * };
 * assert.equal(sla.addIteration(timedOut), true);
 * assert.equal(sla.addIteration(timedOut), false);
 * assert.equal(sla.detail(), "2 failed - Failed");
 * ```
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

  /**
   * The criterion's running figures as plain data (JSON-able), for a load
   * split over workers: each worker judges its share of the iterations and
   * the coordinator merges their figures with {@linkcode mergeState}. A
   * criterion without this pair (one whose verdict depends on the order of
   * the iterations) is judged at the coordinator on every record instead,
   * which costs the coordinator each record's decoding.
   */
  state?(): unknown;

  /**
   * Adds the figures another criterion with the same args had (its
   * `state()`, of another share of the load): afterwards `success()` and
   * `detail()` are those of both shares' iterations together.
   */
  mergeState?(state: unknown): void;
}

const NO_VERDICTS: ReadonlyMap<number, boolean> = new Map();

/**
 * A concrete SLA class, as {@linkcode registerSla} takes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, type IterationRecord, type SlaClass } from "@brunt/brunt";
 * // The built-in criteria are SLA classes too; one can be used on its own.
 * const FailureRate: SlaClass = defaultPlugins().get<SlaClass>("sla", "failure_rate").impl;
 * const sla = new FailureRate({ max: 50 });
 * const ok: IterationRecord = {
 *   timestamp: 0, duration: 1, idle_duration: 0, error: [],
 *   output: { additive: [], complete: [] }, atomic_actions: [],
 * };
 * sla.addIteration(ok);
 * sla.addIteration({ ...ok, error: ["RangeError", "bad", ""] });
 * assert.equal(sla.success(), true);
 * assert.equal(sla.detail(), "Failure rate criteria 0.00% <= 50.00% <= 50.00% - Passed");
 * ```
 */
export type SlaClass<A = unknown> = {
  new (config: A): Sla<A>;
  schema: JsonSchema;
  description: string;
  /** Optional check of the args beyond the schema; returns what is wrong. */
  validate?: (args: unknown) => string | undefined;
  judgesWindows?: boolean;
  judgesRecoveries?: boolean;
};

/**
 * The plugin entry of an SLA class under `name` (the task file's
 * `failure_rate`), to put in a registry of one's own (see `PluginRegistry.with`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, parseTask, Sla, slaPlugin } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * class MinIterations extends Sla<number> {
 *   #seen = 0;
 *   addIteration() { // can only be judged at the end
 *     this.#seen++;
 *     return true;
 *   }
 *   success() { return this.#seen >= this.config; }
 *   detail() {
 *     const verdict = this.success() ? "Passed" : "Failed";
 *     return `${this.#seen} of ${this.config} iterations - ${verdict}`;
 *   }
 * }
 * const plugins = defaultPlugins().with([slaPlugin("min_iterations", MinIterations)]);
 * const text = "Dummy.dummy: [{runner: {type: serial, times: 3}, sla: {min_iterations: 5}}]";
 * const { document } = await runSimulated(parseTask(text, "task.yaml", { plugins }));
 * const workload = document.tasks[0].subtasks[0].workloads[0];
 * assert.equal(workload.pass_sla, false);
 * assert.equal(workload.sla_results.sla[0].detail, "3 of 5 iterations - Failed");
 * ```
 */
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

/**
 * Registers an SLA criterion under `name` when its module is imported (see `loadPlugins`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { type IterationRecord, parseTask, registerSla, Sla } from "@brunt/brunt";
 * registerSla("no_timeouts", class extends Sla<boolean> {
 *   static override schema = { type: "boolean" };
 *   static override description = "Fails on any iteration that timed out.";
 *   #timeouts = 0;
 *   addIteration(record: IterationRecord) {
 *     if (record.error[0] === "TimeoutError") this.#timeouts++;
 *     return this.success();
 *   }
 *   success() { return !this.config || this.#timeouts === 0; }
 *   detail() { return `${this.#timeouts} timed out - ${this.success() ? "Passed" : "Failed"}`; }
 * });
 * const task = (on: string) =>
 *   `Dummy.dummy: [{runner: {type: serial}, sla: {no_timeouts: ${on}}}]`;
 * const { sla } = parseTask(task("true"), "t.yaml").subtasks[0].workloads[0];
 * assert.deepEqual(sla.map((c) => [c.name, c.args]), [["no_timeouts", true]]);
 * assert.throws(() => parseTask(task("maybe"), "t.yaml"), /sla\.no_timeouts/); // not a boolean
 * ```
 */
export function registerSla<A>(name: string, cls: SlaClass<A>): void {
  registerPlugin(slaPlugin(name, cls));
}
