/**
 * The trigger plugin API: decides at which iterations or seconds a hook fires.
 *
 * @module
 */
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { checkPluginName, registerPlugin } from "./registration.ts";
import type { TriggerUnit } from "../model/hook_result.ts";

/**
 * Base class of trigger plugins, as the spec describes it
 * (`get_listening_event`, `on_event`), plus `nextPoint`, which lets the
 * engine schedule time points exactly on the clock and hand iteration
 * events only to the triggers they can fire.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Trigger, type TriggerUnit } from "@brunt/brunt";
 * class Once extends Trigger<{ at: number }> {
 *   static override schema = {
 *     type: "object", properties: { at: { type: "integer", minimum: 1 } }, required: ["at"],
 *   };
 *   static override description = "Fires once, after the given iteration.";
 *   getListeningEvent(): TriggerUnit { return "iteration"; }
 *   nextPoint(after?: number): number | undefined {
 *     return after === undefined || after < this.config.at ? this.config.at : undefined;
 *   }
 * }
 * const once = new Once({ at: 3 });
 * assert.equal(once.nextPoint(), 3);
 * assert.equal(once.nextPoint(3), undefined); // no point after 3
 * assert.equal(once.onEvent("iteration", 3), true); // fires at every point it announced
 * ```
 */
export abstract class Trigger<A = unknown> {
  /** JSON Schema of the args. */
  static schema: JsonSchema = {};
  /** What the trigger does; the first line is its summary. */
  static description = "";

  /** The validated args. */
  readonly config: A;

  /** Builds a trigger from its validated args. */
  constructor(config: A) {
    this.config = config;
  }

  /** The unit whose events this trigger listens to. */
  abstract getListeningEvent(): TriggerUnit;

  /**
   * The first point strictly after `after` at which the hook should fire (all
   * points when `after` is undefined), or undefined when no point is left.
   * Iteration points are integers ≥ 1; time points are seconds ≥ 0.
   */
  abstract nextPoint(after?: number): number | undefined;

  /**
   * Called with each point that `nextPoint` announced, when it is reached;
   * returns whether to run the hook. The default fires on every event of the
   * listened unit.
   */
  onEvent(eventType: TriggerUnit, _value: number): boolean {
    return eventType === this.getListeningEvent();
  }

  /**
   * Whether the trigger has finitely many points (`end` given); the engine
   * lists the unreached ones only then.
   */
  isBounded(): boolean {
    return true;
  }
}

/**
 * A concrete trigger class, as {@linkcode registerTrigger} takes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Trigger, type TriggerClass, type TriggerUnit, triggerPlugin } from "@brunt/brunt";
 * class Between extends Trigger<{ from: number; to: number }> {
 *   static validate = (args: unknown) => {
 *     const { from, to } = args as { from: number; to: number };
 *     return from <= to ? undefined : `from (${from}) must not be after to (${to})`;
 *   };
 *   getListeningEvent(): TriggerUnit { return "iteration"; }
 *   nextPoint(after = 0) {
 *     return after < this.config.to ? Math.max(after + 1, this.config.from) : undefined;
 *   }
 * }
 * const cls: TriggerClass<{ from: number; to: number }> = Between;
 * const entry = triggerPlugin("between", cls);
 * assert.equal(entry.validate?.({ from: 9, to: 2 }), "from (9) must not be after to (2)");
 * assert.equal(new cls({ from: 2, to: 3 }).nextPoint(), 2);
 * ```
 */
export type TriggerClass<A = unknown> = {
  new (config: A): Trigger<A>;
  schema: JsonSchema;
  description: string;
  /** Optional check of the args beyond the schema; returns what is wrong. */
  validate?: (args: unknown) => string | undefined;
};

/**
 * The plugin entry of a trigger class under `name` (the task file's `event`,
 * `periodic`), to put in a registry of one's own (see `PluginRegistry.with`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Hook, hookPlugin, parseTask } from "@brunt/brunt";
 * import { Trigger, triggerPlugin, type TriggerUnit } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * class EveryFour extends Trigger {
 *   getListeningEvent(): TriggerUnit { return "time"; }
 *   nextPoint(after?: number) { return after === undefined ? 0 : after + 4; }
 *   override isBounded() { return false; }
 * }
 * class Noop extends Hook {
 *   run() { return Promise.resolve(); }
 * }
 * const plugins = defaultPlugins().with([
 *   triggerPlugin("every_four", EveryFour),
 *   hookPlugin("noop", Noop),
 * ]);
 * const task = parseTask(`Dummy.dummy:
 *   - args: {sleep: 1}
 *     runner: {type: serial, times: 10}
 *     hooks: [{name: noop, args: {}, trigger: {name: every_four, args: {}}}]`,
 *   "task.yaml", { plugins });
 * const [hook] = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0].hooks;
 * assert.deepEqual(hook.results.map((r) => r.triggered_by.value), [0, 4, 8]); // a 10 s load
 * ```
 */
export function triggerPlugin<A>(name: string, cls: TriggerClass<A>): PluginEntry<TriggerClass> {
  checkPluginName("trigger", name);
  return {
    kind: "trigger",
    name,
    impl: cls as unknown as TriggerClass,
    schema: cls.schema,
    description: cls.description,
    validate: cls.validate,
  };
}

/**
 * Registers a trigger class under `name` when its module is imported (see `loadPlugins`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Hook, hookPlugin, parseTask } from "@brunt/brunt";
 * import { registerTrigger, Trigger, type TriggerUnit } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * registerTrigger("doubling", class extends Trigger<{ from: number }> {
 *   getListeningEvent(): TriggerUnit { return "iteration"; }
 *   nextPoint(after?: number) { return after === undefined ? this.config.from : after * 2; }
 *   override isBounded() { return false; }
 * });
 * class Noop extends Hook {
 *   run() { return Promise.resolve(); }
 * }
 * const task = parseTask(`Dummy.dummy:
 *   - runner: {type: serial, times: 20}
 *     hooks: [{name: noop, args: {}, trigger: {name: doubling, args: {from: 3}}}]`, "task.yaml",
 *   { plugins: defaultPlugins().with([hookPlugin("noop", Noop)]) });
 * const [hook] = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0].hooks;
 * assert.deepEqual(hook.results.map((r) => r.triggered_by.value), [3, 6, 12]);
 * ```
 */
export function registerTrigger<A>(name: string, cls: TriggerClass<A>): void {
  registerPlugin(triggerPlugin(name, cls));
}

/**
 * `@trigger.configure(name=…)` as a class decorator: registers the decorated
 * trigger class under `name`, like {@linkcode registerTrigger}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Trigger, trigger, type TriggerUnit } from "@brunt/brunt";
 * @trigger.configure({ name: "at_start" })
 * class AtStart extends Trigger {
 *   static override description = "Fires as the load starts.";
 *   getListeningEvent(): TriggerUnit { return "time"; }
 *   nextPoint(after?: number) { return after === undefined ? 0 : undefined; }
 * }
 * assert.equal(defaultPlugins().get("trigger", "at_start").impl, AtStart);
 * ```
 */
export const trigger: {
  /** Returns a class decorator registering the trigger under `options.name`. */
  configure(
    options: { name: string },
  ): <C extends { new (config: never): Trigger<unknown> }>(
    cls: C,
    context: ClassDecoratorContext<C>,
  ) => void;
} = {
  configure: (options) => (cls, context) =>
    context.addInitializer(() => registerTrigger(options.name, cls as unknown as TriggerClass)),
};
