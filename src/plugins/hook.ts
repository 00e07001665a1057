/**
 * The hook plugin API: an action fired by a trigger while the load runs.
 *
 * @module
 */
import { type Clock, realWork } from "../clock/clock.ts";
import { addOutputTo, type Output, type OutputInput } from "../model/output.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { checkPluginName, registerPlugin } from "./registration.ts";
import type { HookError, HookStatus } from "../model/hook_result.ts";

/**
 * What a hook is constructed with: the engine builds one hook per run, and a
 * test can build one itself.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hook, type HookInit, RealClock } from "@brunt/brunt";
 * class Greet extends Hook<{ name: string }> {
 *   run(): Promise<void> {
 *     const data = [`hello ${this.config.name}`];
 *     this.addOutput({ complete: { title: "Greeting", chart_plugin: "TextArea", data } });
 *     return Promise.resolve();
 *   }
 * }
 * const init: HookInit<{ name: string }> = {
 *   config: { name: "ops" },
 *   signal: new AbortController().signal,
 *   clock: new RealClock(),
 * };
 * const greet = new Greet(init);
 * await greet.run();
 * assert.equal(greet.status, "success");
 * assert.deepEqual(greet.output.complete[0].data, ["hello ops"]);
 * ```
 */
export interface HookInit<A> {
  /** The hook's validated args (the task file's `args` / `action` value). */
  config: A;
  /** Aborted on the run's timeout or a hard abort of the task. */
  signal: AbortSignal;
  /** The task's clock (see {@linkcode Hook.clock}). */
  clock: Clock;
}

/**
 * Base class of hook plugins, as the spec describes it: a schema for the
 * args, an abstract async `run()`, and the means to report status, error and
 * output. The engine records `started_at`/`finished_at` around `run`; an
 * exception thrown from `run` makes the run `failed` with its error filled
 * in, and never stops the load.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hook, parseTask, registerHook } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * class Note extends Hook<{ text: string }> {
 *   static override schema = {
 *     type: "object", properties: { text: { type: "string" } },
 *     required: ["text"], additionalProperties: false,
 *   };
 *   static override description = "Records a note as a TextArea output.";
 *   run(): Promise<void> {
 *     const data = [this.config.text];
 *     this.addOutput({ complete: { title: "Note", chart_plugin: "TextArea", data } });
 *     return Promise.resolve();
 *   }
 * }
 * registerHook("note", Note);
 * const task = parseTask(`Dummy.dummy:
 *   - runner: {type: serial, times: 3}
 *     hooks:
 *       - name: note
 *         args: {text: deploy}
 *         trigger: {name: event, args: {unit: iteration, at: [2]}}`,
 *   "task.yaml");
 * const [hook] = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0].hooks;
 * assert.deepEqual(hook.results[0].triggered_by, { event_type: "iteration", value: 2 });
 * assert.deepEqual(hook.results[0].output?.complete[0].data, ["deploy"]);
 * ```
 */
export abstract class Hook<A = unknown> {
  /** JSON Schema of the args. */
  static schema: JsonSchema = {};
  /** What the hook does; the first line is its summary. */
  static description = "";

  /** The validated args. */
  readonly config: A;
  /** Aborted on the run's timeout or a hard abort; long work should honour it. */
  readonly signal: AbortSignal;
  /**
   * The task's clock: wait and take timestamps on it. It may be simulated
   * (tests, `brunt run --simulated-clock`): then give real I/O to
   * {@linkcode Hook.realWork}, and time its limits on the real clock
   * (`AbortSignal.timeout`), not on this one.
   */
  readonly clock: Clock;
  #status: HookStatus = "success";
  #error: HookError | undefined;
  #output: Output = { additive: [], complete: [] };

  /** Builds a hook for one run. */
  constructor(init: HookInit<A>) {
    this.config = init.config;
    this.signal = init.signal;
    this.clock = init.clock;
  }

  /** Does the hook's action. Throwing fails the run with the exception's details. */
  abstract run(): Promise<void>;

  /**
   * Runs `work` (real I/O already started: a subprocess, a request, a file)
   * as real work: on a simulated clock, time stands still until it settles,
   * so it takes no simulated time and every replay is the same; on the real
   * clock `work` is returned as it is. Never wait for {@linkcode Hook.clock}
   * inside `work`: on a simulated clock its timers cannot fire before it settles.
   */
  realWork<T>(work: Promise<T>): Promise<T> {
    return realWork(this.clock, work);
  }

  /** Sets the run's status. */
  setStatus(status: HookStatus): void {
    if (status !== "success" && status !== "failed") {
      throw new TypeError(
        `Hook status must be "success" or "failed"; got ${JSON.stringify(status)}`,
      );
    }
    this.#status = status;
  }

  /** Fails the run with an error. */
  setError(etype: string, msg: string, details = ""): void {
    this.#status = "failed";
    this.#error = { etype: String(etype), msg: String(msg), details: String(details) };
  }

  /** Adds an output chart (`{additive: chart}` or `{complete: chart}`); throws on a bad chart. */
  addOutput(output: OutputInput): void {
    addOutputTo(this.#output, output);
  }

  /** The run's status so far. */
  get status(): HookStatus {
    return this.#status;
  }
  /** The run's error, if any. */
  get error(): HookError | undefined {
    return this.#error;
  }
  /** The run's output so far. */
  get output(): Output {
    return this.#output;
  }
}

/**
 * A concrete hook class, as {@linkcode registerHook} takes it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Hook, type HookClass, hookPlugin, parseTask } from "@brunt/brunt";
 * class Ping extends Hook<{ url: string }> {
 *   static override schema = { type: "object", properties: { url: { type: "string" } } };
 *   static validate = (args: unknown) =>
 *     URL.canParse((args as { url: string }).url) ? undefined : "url must be an absolute URL";
 *   run(): Promise<void> { return Promise.resolve(); }
 * }
 * const cls: HookClass<{ url: string }> = Ping;
 * const plugins = defaultPlugins().with([hookPlugin("ping", cls)]);
 * const text = `Dummy.dummy:
 *   - runner: {type: serial, times: 1}
 *     hooks:
 *       - name: ping
 *         args: {url: health}
 *         trigger: {name: event, args: {unit: iteration, at: [1]}}`;
 * assert.throws(() => parseTask(text, "task.yaml", { plugins }), /url must be an absolute URL/);
 * ```
 */
export type HookClass<A = unknown> = {
  new (init: HookInit<A>): Hook<A>;
  schema: JsonSchema;
  description: string;
  /** Optional check of the args beyond the schema; returns what is wrong. */
  validate?: (args: unknown) => string | undefined;
  /**
   * Optional setup, awaited once before each load that has this hook: for
   * work that must not take time from the load once it runs (sys_call
   * starts its subprocess worker here). A throw ends the workload with that
   * error before its load starts. It counts as real work: on a simulated
   * clock no time passes while it runs, so it must not wait on that clock.
   */
  prepare?: () => void | Promise<void>;
};

/**
 * The plugin entry of a hook class under `name` (the task file's `sys_call`),
 * to put in a registry of one's own (see `PluginRegistry.with`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Hook, hookPlugin, parseTask } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * class Mark extends Hook {
 *   run(): Promise<void> { return Promise.resolve(); }
 * }
 * const task = parseTask(`Dummy.dummy:
 *   - args: {sleep: 1}
 *     runner: {type: serial, times: 10}
 *     hooks: [{name: mark, args: {}, trigger: {name: event, args: {unit: time, at: [2.5, 7]}}}]`,
 *   "task.yaml", { plugins: defaultPlugins().with([hookPlugin("mark", Mark)]) });
 * const { document } = await runSimulated(task);
 * const { hooks, start_time } = document.tasks[0].subtasks[0].workloads[0];
 * assert.deepEqual(hooks[0].results.map((r) => r.started_at - start_time!), [2.5, 7]);
 * ```
 */
export function hookPlugin<A>(name: string, cls: HookClass<A>): PluginEntry<HookClass> {
  checkPluginName("hook", name);
  return {
    kind: "hook",
    name,
    impl: cls as unknown as HookClass,
    schema: cls.schema,
    description: cls.description,
    validate: cls.validate,
  };
}

/**
 * Registers a hook class under `name` when its module is imported (see `loadPlugins`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Hook, parseTask, registerHook } from "@brunt/brunt";
 * import { runSimulated } from "@brunt/brunt/testing";
 * registerHook("restart_db", class extends Hook {
 *   run(): Promise<void> { return Promise.reject(new Error("database host unreachable")); }
 * });
 * const task = parseTask(`Dummy.dummy:
 *   - runner: {type: serial, times: 4}
 *     hooks:
 *       - {name: restart_db, args: {}, trigger: {name: event, args: {unit: iteration, at: [2]}}}`,
 *   "task.yaml");
 * const workload = (await runSimulated(task)).document.tasks[0].subtasks[0].workloads[0];
 * assert.deepEqual(workload.hooks[0].summary, { failed: 1 });
 * assert.equal(workload.hooks[0].results[0].error?.msg, "database host unreachable");
 * assert.equal(workload.failed_iteration_count, 0); // the load went on
 * ```
 */
export function registerHook<A>(name: string, cls: HookClass<A>): void {
  registerPlugin(hookPlugin(name, cls));
}

/**
 * The spec's `@hook.configure(name=…)` as a class decorator: registers the
 * decorated hook class under `name`, like {@linkcode registerHook}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins, Hook, hook } from "@brunt/brunt";
 * @hook.configure({ name: "say_hello" })
 * class SayHello extends Hook<Record<string, never>> {
 *   static override description = "Adds a greeting as output.";
 *   run(): Promise<void> {
 *     this.addOutput({ complete: { title: "Hello", chart_plugin: "TextArea", data: ["hello"] } });
 *     return Promise.resolve();
 *   }
 * }
 * const entry = defaultPlugins().get("hook", "say_hello");
 * assert.equal(entry.impl, SayHello);
 * assert.equal(entry.description, "Adds a greeting as output.");
 * ```
 */
export const hook: {
  /** Returns a class decorator registering the hook under `options.name`. */
  configure(
    options: { name: string },
  ): <C extends { new (init: HookInit<never>): Hook<unknown> }>(
    cls: C,
    context: ClassDecoratorContext<C>,
  ) => void;
} = {
  // Registered once the class is complete: static fields (schema,
  // description) are set only after class decorators have run.
  configure: (options) => (cls, context) =>
    context.addInitializer(() => registerHook(options.name, cls as unknown as HookClass)),
};
