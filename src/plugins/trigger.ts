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
 * import { registerTrigger, Trigger, type TriggerUnit } from "../../mod.ts";
 * class Once extends Trigger<{ at: number }> {
 *   static override schema = { type: "object", properties: { at: { type: "integer", minimum: 1 } }, required: ["at"] };
 *   static override description = "Fires once, after the given iteration.";
 *   getListeningEvent(): TriggerUnit { return "iteration"; }
 *   nextPoint(after?: number): number | undefined {
 *     return after === undefined || after < this.config.at ? this.config.at : undefined;
 *   }
 * }
 * registerTrigger("once", Once);
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

/** A concrete trigger class, as {@linkcode registerTrigger} takes it. */
export type TriggerClass<A = unknown> = {
  new (config: A): Trigger<A>;
  schema: JsonSchema;
  description: string;
  /** Optional check of the args beyond the schema; returns what is wrong. */
  validate?: (args: unknown) => string | undefined;
};

/** The plugin entry of a trigger class under `name` (the task file's `event`, `periodic`). */
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

/** Registers a trigger class under `name` when its module is imported (see `loadPlugins`). */
export function registerTrigger<A>(name: string, cls: TriggerClass<A>): void {
  registerPlugin(triggerPlugin(name, cls));
}

/**
 * `@trigger.configure(name=…)` as a class decorator: registers the decorated
 * trigger class under `name`, like {@linkcode registerTrigger}.
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
