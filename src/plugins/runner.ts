/**
 * The runner plugin API: how many iterations, how concurrent, how fast.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { SegmentShare } from "../segment/segment_share.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { checkPluginName, registerPlugin } from "./registration.ts";

/** What a runner drives the load with. */
export interface RunnerContext {
  /** The task's clock: pace and time the load with it only. */
  readonly clock: Clock;
  /** Aborted once the workload must start no more iterations (SLA abort, interrupt). */
  readonly stop: AbortSignal;
  /**
   * The part of the load this runner runs: the whole load, or one execution
   * segment of it when the load is split over workers or machines. A runner
   * registered with `splits: true` runs only its share (its `scale` of
   * counts, the indices it `owns`) and passes each iteration's index in the
   * whole load to {@linkcode iterate}.
   */
  readonly share: SegmentShare;
  /**
   * Starts an iteration and resolves once its result is recorded. Never
   * rejects: a failing iteration is a recorded result.
   *
   * @param index The iteration's place in the whole load, from 0: it is
   *   numbered `index + 1` and draws its own random numbers from it, so a
   *   split load runs the same iterations as an unsplit one. By default, the
   *   next after the iterations this runner started.
   */
  iterate(index?: number): Promise<void>;
  /**
   * Usually resolves at once; once per time slice it waits a macrotask turn
   * so that timers (hooks, deadlines) and I/O run on time under a no-op load.
   * Await it between iterations in any loop that can run synchronously.
   */
  breathe(): Promise<void>;
  /** Iterations started and not yet recorded. */
  readonly inFlight: number;
  /** Resolves when the next iteration in flight is recorded (at once when none is). */
  nextDone(): Promise<void>;
  /** Resolves when no iteration is in flight. */
  allDone(): Promise<void>;
}

/** A runner: drives iterations until its plan is done or `ctx.stop` aborts. */
export type RunnerFn<A = Record<string, unknown>> = (args: A, ctx: RunnerContext) => Promise<void>;

/** What a runner plans, for progress lines and ETA. */
export interface RunnerPlan {
  /** Iterations it will start, when known. */
  iterations?: number;
  /** Seconds it will run, when known. */
  seconds?: number;
}

/** How a runner is registered. */
export interface RunnerOptions<A> {
  /** JSON Schema of the args; a `timeout` arg (seconds) is enforced per iteration. */
  schema: JsonSchema;
  /** What the runner does; the first line is its summary. */
  description: string;
  /** The plan for the given args (of the whole load). */
  plan(args: A): RunnerPlan;
  /**
   * Whether the runner runs only its `ctx.share` of the load, so that a load
   * split over workers can be shared out. A runner that does not runs whole
   * in one worker (the one that has the load's first index) and not at all
   * in the others.
   * @default {false}
   */
  splits?: boolean;
}

/** A registered runner. */
export interface RunnerPlugin<A = Record<string, unknown>> {
  /** Drives the load. */
  run: RunnerFn<A>;
  /** Plans it. */
  plan(args: A): RunnerPlan;
  /** Whether it runs only its `ctx.share` of the load (see {@linkcode RunnerOptions.splits}). */
  splits: boolean;
}

/** The plugin entry of a runner under `name` (the task file's `constant`). */
export function runnerPlugin<A>(
  name: string,
  run: RunnerFn<A>,
  options: RunnerOptions<A>,
): PluginEntry<RunnerPlugin> {
  checkPluginName("runner", name);
  const impl: RunnerPlugin<A> = { run, plan: options.plan, splits: options.splits ?? false };
  return {
    kind: "runner",
    name,
    impl: impl as unknown as RunnerPlugin,
    schema: options.schema,
    description: options.description,
  };
}

/** Registers a runner under `name` when its module is imported (see `loadPlugins`). */
export function registerRunner<A>(name: string, run: RunnerFn<A>, options: RunnerOptions<A>): void {
  registerPlugin(runnerPlugin(name, run, options));
}
