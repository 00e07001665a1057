/**
 * A minimal {@linkcode ScenarioContext} for unit tests: a simulated clock,
 * a seeded random source, atomic actions and outputs collected in plain
 * arrays, so a scenario can be run and inspected without the engine.
 *
 * @module
 */
import { sleep } from "../../src/clock/clock.ts";
import { SimulatedClock } from "../../src/clock/simulated_clock.ts";
import { createRandom } from "../../src/engine/seeded_random.ts";
import type { AtomicAction } from "../../src/model/iteration_record.ts";
import { addOutputTo, type Output, type OutputInput } from "../../src/model/output.ts";
import type { ScenarioContext, ScenarioFn } from "../../src/plugins/scenario.ts";

/** Options of {@linkcode fakeScenarioContext}. */
export interface FakeScenarioContextOptions {
  /**
   * The iteration number the scenario sees.
   * @default 1
   */
  iteration?: number;
  /**
   * Seed of the context's random source.
   * @default 1
   */
  seed?: number;
  /**
   * The clock; share one to run several iterations on one timeline.
   * @default a new SimulatedClock
   */
  clock?: SimulatedClock;
  /** Aborts sleeps when it aborts. */
  signal?: AbortSignal;
}

/** A {@linkcode ScenarioContext} whose effects are recorded for inspection. */
export interface FakeScenarioContext extends ScenarioContext {
  /** The simulated clock sleeps wait on. */
  readonly clock: SimulatedClock;
  /** Top-level atomic actions in start order, each with its nested children. */
  readonly atomicActions: AtomicAction[];
  /** Outputs added, validated like the engine validates them. */
  readonly output: Output;
  /** Seconds passed to each `sleep` call, in call order. */
  readonly sleeps: number[];
  /** Every number `random()` returned, in order. */
  readonly draws: number[];
}

/** Creates a {@linkcode FakeScenarioContext}. */
export function fakeScenarioContext(options: FakeScenarioContextOptions = {}): FakeScenarioContext {
  const clock = options.clock ?? new SimulatedClock();
  const signal = options.signal ?? new AbortController().signal;
  const random = createRandom(options.seed ?? 1);
  const atomicActions: AtomicAction[] = [];
  const output: Output = { additive: [], complete: [] };
  const sleeps: number[] = [];
  const draws: number[] = [];
  // Actions still running, innermost last: a new action nests in the innermost.
  const open: AtomicAction[] = [];
  const seconds = () => clock.now() / 1000;

  return {
    iteration: options.iteration ?? 1,
    signal,
    clock,
    atomicActions,
    output,
    sleeps,
    draws,
    workloadState: undefined,
    random() {
      const x = random();
      draws.push(x);
      return x;
    },
    sleep(s: number) {
      sleeps.push(s);
      return sleep(clock, s * 1000, signal);
    },
    async atomic<T>(name: string, fn: () => T | Promise<T>): Promise<T> {
      const action: AtomicAction = { name, started_at: seconds(), finished_at: 0, children: [] };
      (open.at(-1)?.children ?? atomicActions).push(action);
      open.push(action);
      try {
        return await fn();
      } catch (error) {
        action.failed = true;
        throw error;
      } finally {
        action.finished_at = seconds();
        open.splice(open.lastIndexOf(action), 1);
      }
    },
    addOutput(input: OutputInput) {
      addOutputTo(output, input);
    },
  };
}

/** How one scenario call ended on the simulated clock. */
export interface ScenarioOutcome {
  /** Whether the scenario returned synchronously (not a promise). */
  synchronous: boolean;
  /** What it threw or rejected with; undefined when it succeeded. */
  error: unknown;
  /** Simulated seconds from the call to its end. */
  elapsed: number;
}

/**
 * Calls `scenario(args, ctx)` and advances `ctx.clock` through its timers
 * until it settles. Fails when the scenario neither settles nor leaves a
 * timer pending (it would hang forever).
 */
export async function runScenario<A>(
  scenario: ScenarioFn<A>,
  args: A,
  ctx: FakeScenarioContext,
): Promise<ScenarioOutcome> {
  const start = ctx.clock.now();
  let result: void | Promise<void>;
  try {
    result = scenario(args, ctx);
  } catch (error) {
    return { synchronous: true, error, elapsed: 0 };
  }
  if (!(result instanceof Promise)) return { synchronous: true, error: undefined, elapsed: 0 };
  let settled = false;
  let error: unknown;
  result.then(() => settled = true, (e) => {
    error = e;
    settled = true;
  });
  await ctx.clock.runUntil(() => settled);
  if (!settled) {
    throw new Error("The scenario neither settled nor left a timer pending on the simulated clock");
  }
  return { synchronous: false, error, elapsed: (ctx.clock.now() - start) / 1000 };
}
