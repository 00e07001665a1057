/**
 * Rally's Dummy scenarios: iterations that sleep, fail, time atomic actions
 * or produce charts without touching any real system, for testing runners,
 * hooks, SLA criteria and reports. Names, args, defaults and error messages
 * are Rally's, so Rally task files using them run unchanged. Importing this
 * module registers them all.
 *
 * @module
 */
import { sleep } from "../clock/clock.ts";
import { MAX_SCHEDULED_SECONDS } from "../clock/schedule_limit.ts";
import type { OutputInput } from "../model/output.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { type ScenarioContext, type ScenarioPlugin, scenarioPlugin } from "../plugins/scenario.ts";
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";

/**
 * The error the Dummy scenarios throw on purpose. Its message wraps the given
 * text as Rally does: `Dummy scenario expected exception: '<text>'`.
 */
export class DummyScenarioException extends Error {
  /** Creates the exception for `message`. */
  constructor(message: string) {
    super(`Dummy scenario expected exception: '${message}'`);
    this.name = "DummyScenarioException";
  }
}

/**
 * Rally's `Dummy.dummy_random_fail_in_atomic` raises Python's KeyError, whose
 * text Python shows quoted; this reproduces that etype and message.
 */
class KeyError extends Error {
  constructor(key: string) {
    super(`'${key}'`);
    this.name = "KeyError";
  }
}

// Sleeping 0 seconds must not reach the clock: Dummy.dummy with sleep 0 is the
// engine benchmark's workload, and a timer per iteration would dominate it.
function pause(ctx: ScenarioContext, seconds: number): Promise<void> | undefined {
  return seconds > 0 ? ctx.sleep(seconds) : undefined;
}

/**
 * The most atomic actions a Dummy scenario runs in one iteration: each is
 * kept in the iteration's record, so more can only be a mistake (ten
 * million took 1.2 GB before the first iteration ended).
 */
export const MAX_DUMMY_ACTIONS = 100_000;

/** The longest message Dummy.dummy_exception builds: it is kept in every failed iteration's record. */
export const MAX_DUMMY_MESSAGE = 1_048_576;

// Actions that do not sleep never let the event loop turn: a yield every
// this many lets Ctrl-C, timers and hooks in, and ends the iteration once
// it is cancelled.
const ACTIONS_PER_YIELD = 1_000;

// Yields after every ACTIONS_PER_YIELD-th action; rejects once the iteration is cancelled.
function yieldAfter(ctx: ScenarioContext, i: number): Promise<void> | undefined {
  return i % ACTIONS_PER_YIELD === ACTIONS_PER_YIELD - 1
    ? sleep(ctx.clock, 0, ctx.signal)
    : undefined;
}

// Python's random.randint(1, n): an integer in [1, n], both ends included.
function randint(ctx: ScenarioContext, n: number): number {
  return 1 + Math.floor(ctx.random() * n);
}

// Schema pieces, typed as precisely as written (`as const`) so that ArgsOf
// can derive each scenario's args from its schema.
// A sleep beyond MAX_SCHEDULED_SECONDS can only be a mistake.
function seconds(description: string, dflt: number) {
  return {
    type: "number",
    minimum: 0,
    maximum: MAX_SCHEDULED_SECONDS,
    default: dflt,
    description,
  } as const;
}

function count(description: string, dflt: number, minimum = 0) {
  return { type: "integer", minimum, default: dflt, description } as const;
}

function boundedCount(description: string, dflt: number, minimum: number, maximum: number) {
  return { type: "integer", minimum, maximum, default: dflt, description } as const;
}

function probability(description: string) {
  return { type: "number", minimum: 0, maximum: 1, default: 0.5, description } as const;
}

function objectSchema<const P extends Record<string, JsonSchema>>(properties: P) {
  return { type: "object", properties, additionalProperties: false } as const;
}

/** Args of `Dummy.dummy`. */
export interface DummyArgs {
  /**
   * Seconds to sleep inside the atomic actions `foo` > `bar`.
   * @default 0
   */
  sleep: number;
}

/** JSON Schema of {@linkcode DummyArgs}. */
const DUMMY_SCHEMA = objectSchema({ sleep: seconds("Seconds to sleep in each iteration.", 0) });
type _CheckedDummyArgs = Assert<Equal<DummyArgs, ArgsOf<typeof DUMMY_SCHEMA>>>;

/** The `Dummy.dummy` scenario plugin. */
export const DUMMY_DUMMY_SCENARIO: PluginEntry<ScenarioPlugin> = scenarioPlugin<DummyArgs>(
  "Dummy.dummy",
  (args, ctx) =>
    ctx.atomic<void>("foo", () => ctx.atomic<void>("bar", () => pause(ctx, args.sleep))),
  {
    description: "Does nothing but sleep for the given seconds (0 by default).\n" +
      "The sleep runs in the atomic action `bar`, nested in `foo`. With sleep 0 " +
      "it measures what the runner and result storage cost per iteration.",
    schema: DUMMY_SCHEMA,
  },
);

/** Args of `Dummy.dummy_exception`. */
export interface DummyExceptionArgs {
  /**
   * Length of the generated message ("MMM…") when `message` is empty.
   * @default 1
   */
  size_of_message: number;
  /**
   * Seconds to sleep before throwing.
   * @default 1
   */
  sleep: number;
  /**
   * The exception's message; empty means `size_of_message` times "M".
   * @default ""
   */
  message: string;
}

/** JSON Schema of {@linkcode DummyExceptionArgs}. */
const DUMMY_EXCEPTION_SCHEMA = objectSchema({
  size_of_message: boundedCount(
    'Length of the "MMM…" message used when message is empty.',
    1,
    1,
    MAX_DUMMY_MESSAGE,
  ),
  sleep: seconds("Seconds to sleep before failing.", 1),
  message: { type: "string", default: "", description: "The exception's message." },
});
type _CheckedDummyExceptionArgs = Assert<
  Equal<DummyExceptionArgs, ArgsOf<typeof DUMMY_EXCEPTION_SCHEMA>>
>;

/** The `Dummy.dummy_exception` scenario plugin. */
export const DUMMY_DUMMY_EXCEPTION_SCENARIO: PluginEntry<ScenarioPlugin> = scenarioPlugin<
  DummyExceptionArgs
>(
  "Dummy.dummy_exception",
  async (args, ctx) => {
    await pause(ctx, args.sleep);
    throw new DummyScenarioException(args.message || "M".repeat(args.size_of_message));
  },
  {
    description: "Sleeps, then always fails with DummyScenarioException.\n" +
      "For checking that failed iterations are recorded, counted and reported.",
    schema: DUMMY_EXCEPTION_SCHEMA,
  },
);

/** Args of `Dummy.dummy_exception_probability`. */
export interface DummyExceptionProbabilityArgs {
  /**
   * Chance that an iteration fails: 0 never, 1 always.
   * @default 0.5
   */
  exception_probability: number;
}

/** JSON Schema of {@linkcode DummyExceptionProbabilityArgs}. */
const DUMMY_EXCEPTION_PROBABILITY_SCHEMA = objectSchema({
  exception_probability: probability("Chance that an iteration fails: 0 never, 1 always."),
});
type _CheckedDummyExceptionProbabilityArgs = Assert<
  Equal<DummyExceptionProbabilityArgs, ArgsOf<typeof DUMMY_EXCEPTION_PROBABILITY_SCHEMA>>
>;

/** The `Dummy.dummy_exception_probability` scenario plugin. */
export const DUMMY_DUMMY_EXCEPTION_PROBABILITY_SCENARIO: PluginEntry<ScenarioPlugin> =
  scenarioPlugin<DummyExceptionProbabilityArgs>(
    "Dummy.dummy_exception_probability",
    (args, ctx) => {
      if (ctx.random() < args.exception_probability) {
        throw new DummyScenarioException(
          `Dummy Scenario Exception: Probability: ${args.exception_probability}`,
        );
      }
    },
    {
      description: "Fails with DummyScenarioException with the given probability.\n" +
        "For checking failure rates, failure_rate SLA and error reporting.",
      schema: DUMMY_EXCEPTION_PROBABILITY_SCHEMA,
    },
  );

/** Args of `Dummy.dummy_output`. */
export interface DummyOutputArgs {
  /**
   * Upper bound of the random integers (from 1) in the charts.
   * @default 25
   */
  random_range: number;
}

/** JSON Schema of {@linkcode DummyOutputArgs}. */
const DUMMY_OUTPUT_SCHEMA = objectSchema({
  random_range: count("Largest random integer in the charts (from 1).", 25, 1),
});
type _CheckedDummyOutputArgs = Assert<Equal<DummyOutputArgs, ArgsOf<typeof DUMMY_OUTPUT_SCHEMA>>>;

/** The `Dummy.dummy_output` scenario plugin. */
export const DUMMY_DUMMY_OUTPUT_SCENARIO: PluginEntry<ScenarioPlugin> = scenarioPlugin<
  DummyOutputArgs
>(
  "Dummy.dummy_output",
  (args, ctx) => {
    for (const output of dummyOutputs(() => randint(ctx, args.random_range))) {
      ctx.addOutput(output);
    }
  },
  {
    description: "Adds example output charts of every kind, filled with random integers.\n" +
      "Additive StatsTable, StackedArea, Lines and Pie charts and complete Lines, " +
      "StackedArea, TextArea, Pie and Table charts, for checking how outputs are stored " +
      "and reported.",
    schema: DUMMY_OUTPUT_SCHEMA,
  },
);

const descriptionOf = (title: string) => `This is a description text for ${title}`;

// Lorem ipsum, the classic filler text, for the TextArea chart.
const FILLER = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod " +
  "tempor incididunt ut labore et dolore magna aliqua.";

/** The charts Dummy.dummy_output adds, in Rally's order, with `rand` drawing each value. */
function dummyOutputs(rand: () => number): OutputInput[] {
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  const pairs = (names: string[]) => names.map((name): [string, number] => [name, rand()]);
  const series = (names: string[], xs: number[]) =>
    names.map((name) => [name, xs.map((x) => [x, rand()])]);
  return [
    {
      additive: {
        title: "Additive StatsTable",
        description: descriptionOf("Additive StatsTable"),
        chart_plugin: "StatsTable",
        data: pairs(["foo stat", "bar stat", "spam stat"]),
      },
    },
    {
      additive: {
        title: "Additive StackedArea (no description)",
        chart_plugin: "StackedArea",
        data: pairs(range(1, 7).map((i) => `foo ${i}`)),
        label: "Measure this in Foo units",
      },
    },
    {
      additive: {
        title: "Additive Lines",
        description: descriptionOf("Additive Lines"),
        chart_plugin: "Lines",
        data: pairs(range(1, 4).map((i) => `bar ${i}`)),
        label: "Measure this in Bar units",
      },
    },
    {
      additive: {
        title: "Additive Pie",
        description: descriptionOf("Additive Pie"),
        chart_plugin: "Pie",
        data: pairs(range(1, 4).map((i) => `spam ${i}`)),
      },
    },
    {
      complete: {
        title: "Complete Lines",
        description: descriptionOf("Complete Lines"),
        chart_plugin: "Lines",
        data: series(["Foo", "Bar", "Spam"], range(1, 8)),
        label: "Measure this is some units",
        axis_label: "This is a custom X-axis label",
      },
    },
    {
      complete: {
        title: "Complete StackedArea",
        description: descriptionOf("Complete StackedArea"),
        chart_plugin: "StackedArea",
        data: series(["alpha", "beta", "gamma"], range(0, 50)),
        label: "Yet another measurement units",
        axis_label: "This is a custom X-axis label",
      },
    },
    {
      complete: {
        title: "Arbitrary Text",
        chart_plugin: "TextArea",
        data: new Array(4).fill(FILLER + FILLER),
      },
    },
    {
      complete: {
        title: "Complete Pie (no description)",
        chart_plugin: "Pie",
        data: pairs(["delta", "epsilon", "zeta", "theta", "lambda", "omega"]),
      },
    },
    {
      complete: {
        title: "Complete Table",
        description: descriptionOf("Complete Table"),
        chart_plugin: "Table",
        data: {
          cols: ["mu column", "xi column", "pi column", "tau column", "chi column"],
          rows: ["iota", "nu", "rho", "phi", "psi"].map((name) => [
            `${name} row`,
            ...range(0, 4).map(() => rand()),
          ]),
        },
      },
    },
  ];
}

/** Args of `Dummy.dummy_random_fail_in_atomic`. */
export interface DummyRandomFailInAtomicArgs {
  /**
   * Chance that the iteration fails in one of its atomic actions: 0 never, 1 always.
   * @default 0.5
   */
  exception_probability: number;
}

/** JSON Schema of {@linkcode DummyRandomFailInAtomicArgs}. */
const DUMMY_RANDOM_FAIL_IN_ATOMIC_SCHEMA = objectSchema({
  exception_probability: probability(
    "Chance that the iteration fails in an atomic action: 0 never, 1 always.",
  ),
});
type _CheckedDummyRandomFailInAtomicArgs = Assert<
  Equal<DummyRandomFailInAtomicArgs, ArgsOf<typeof DUMMY_RANDOM_FAIL_IN_ATOMIC_SCHEMA>>
>;

/** The `Dummy.dummy_random_fail_in_atomic` scenario plugin. */
export const DUMMY_DUMMY_RANDOM_FAIL_IN_ATOMIC_SCENARIO: PluginEntry<ScenarioPlugin> =
  scenarioPlugin<DummyRandomFailInAtomicArgs>(
    "Dummy.dummy_random_fail_in_atomic",
    async (args, ctx) => {
      // Rally spreads the chance over the four places that can fail, except for
      // 1, which must keep failing at the first one.
      const p = args.exception_probability === 1 ? 1 : args.exception_probability / 4;
      const roulette = () => {
        if (ctx.random() < p) throw new KeyError("Dummy test exception");
      };
      for (let round = 0; round < 2; round++) {
        await ctx.atomic("dummy_fail_test", async () => {
          roulette();
          await ctx.atomic("dummy_fail_inner_test", roulette);
        });
      }
    },
    {
      description: "Runs nested atomic actions that each may fail with KeyError.\n" +
        "Two rounds of `dummy_fail_test` > `dummy_fail_inner_test`; each of the four " +
        "actions fails with a quarter of exception_probability (1 fails the first). " +
        "For checking how failed atomic actions are recorded.",
      schema: DUMMY_RANDOM_FAIL_IN_ATOMIC_SCHEMA,
    },
  );

/** Args of `Dummy.dummy_random_action`. */
export interface DummyRandomActionArgs {
  /**
   * Number of atomic actions `action_0` … to run.
   * @default 5
   */
  actions_num: number;
  /**
   * Shortest sleep of an action, in seconds.
   * @default 0
   */
  sleep_min: number;
  /**
   * Longest sleep of an action, in seconds.
   * @default 0
   */
  sleep_max: number;
}

/** JSON Schema of {@linkcode DummyRandomActionArgs}. */
const DUMMY_RANDOM_ACTION_SCHEMA = objectSchema({
  actions_num: boundedCount("Number of atomic actions to run.", 5, 0, MAX_DUMMY_ACTIONS),
  sleep_min: seconds("Shortest sleep of an action, in seconds.", 0),
  sleep_max: seconds("Longest sleep of an action, in seconds.", 0),
});
type _CheckedDummyRandomActionArgs = Assert<
  Equal<DummyRandomActionArgs, ArgsOf<typeof DUMMY_RANDOM_ACTION_SCHEMA>>
>;

/** The `Dummy.dummy_random_action` scenario plugin. */
export const DUMMY_DUMMY_RANDOM_ACTION_SCENARIO: PluginEntry<ScenarioPlugin> = scenarioPlugin<
  DummyRandomActionArgs
>(
  "Dummy.dummy_random_action",
  async (args, ctx) => {
    for (let i = 0; i < args.actions_num; i++) {
      // Drawn as Python's random.uniform(sleep_min, sleep_max), before the action starts.
      const duration = args.sleep_min + (args.sleep_max - args.sleep_min) * ctx.random();
      await ctx.atomic(`action_${i}`, () => pause(ctx, duration));
      await yieldAfter(ctx, i);
    }
  },
  {
    description: "Runs atomic actions that each sleep a random time.\n" +
      "Actions `action_0` … `action_<actions_num - 1>` each sleep a uniformly drawn " +
      "time between sleep_min and sleep_max seconds.",
    schema: DUMMY_RANDOM_ACTION_SCHEMA,
  },
);

/** Args of `Dummy.dummy_timed_atomic_actions`. */
export interface DummyTimedAtomicActionsArgs {
  /**
   * Number of atomic actions `action_0` … to run.
   * @default 5
   */
  number_of_actions: number;
  /**
   * Action `action_i` sleeps i × sleep_factor seconds.
   * @default 1
   */
  sleep_factor: number;
}

/** JSON Schema of {@linkcode DummyTimedAtomicActionsArgs}. */
const DUMMY_TIMED_ATOMIC_ACTIONS_SCHEMA = objectSchema({
  number_of_actions: boundedCount("Number of atomic actions to run.", 5, 0, MAX_DUMMY_ACTIONS),
  sleep_factor: seconds("Seconds per step: action_i sleeps i × sleep_factor.", 1),
});
type _CheckedDummyTimedAtomicActionsArgs = Assert<
  Equal<DummyTimedAtomicActionsArgs, ArgsOf<typeof DUMMY_TIMED_ATOMIC_ACTIONS_SCHEMA>>
>;

/** The `Dummy.dummy_timed_atomic_actions` scenario plugin. */
export const DUMMY_DUMMY_TIMED_ATOMIC_ACTIONS_SCENARIO: PluginEntry<ScenarioPlugin> =
  scenarioPlugin<DummyTimedAtomicActionsArgs>(
    "Dummy.dummy_timed_atomic_actions",
    async (args, ctx) => {
      for (let i = 0; i < args.number_of_actions; i++) {
        await ctx.atomic(`action_${i}`, () => pause(ctx, i * args.sleep_factor));
        await yieldAfter(ctx, i);
      }
    },
    {
      description: "Runs atomic actions of growing, known durations.\n" +
        "Action `action_i` sleeps i × sleep_factor seconds, for testing atomic-action " +
        "SLA criteria such as max_avg_duration_per_atomic.",
      schema: DUMMY_TIMED_ATOMIC_ACTIONS_SCHEMA,
    },
  );

/** Args of `Dummy.failure`. */
export interface DummyFailureArgs {
  /**
   * Seconds to sleep in every iteration, before it may fail.
   * @default 0.1
   */
  sleep: number;
  /**
   * First iteration number of the failing range.
   * @default 0
   */
  from_iteration: number;
  /**
   * Last iteration number of the failing range (included).
   * @default 0
   */
  to_iteration: number;
  /**
   * In the range, iterations whose number is a multiple of `each` fail; 0 fails none.
   * @default 1
   */
  each: number;
}

/** JSON Schema of {@linkcode DummyFailureArgs}. */
const DUMMY_FAILURE_SCHEMA = objectSchema({
  sleep: seconds("Seconds to sleep in every iteration.", 0.1),
  from_iteration: count("First iteration number of the failing range.", 0),
  to_iteration: count("Last iteration number of the failing range (included).", 0),
  each: count("Fail iterations whose number is a multiple of this; 0 fails none.", 1),
});
type _CheckedDummyFailureArgs = Assert<
  Equal<DummyFailureArgs, ArgsOf<typeof DUMMY_FAILURE_SCHEMA>>
>;

/** The `Dummy.failure` scenario plugin. */
export const DUMMY_FAILURE_SCENARIO: PluginEntry<ScenarioPlugin> = scenarioPlugin<DummyFailureArgs>(
  "Dummy.failure",
  async (args, ctx) => {
    await pause(ctx, args.sleep);
    const n = ctx.iteration;
    // As in Rally: multiples of `each` (not steps from from_iteration) fail, and each 0 disables.
    if (args.from_iteration <= n && n <= args.to_iteration && args.each && n % args.each === 0) {
      throw new DummyScenarioException("Expected failure");
    }
  },
  {
    description: "Fails chosen iterations with DummyScenarioException.\n" +
      "Iteration n fails when from_iteration ≤ n ≤ to_iteration and n is a multiple " +
      "of each (each 0 fails none); every iteration first sleeps `sleep` seconds. " +
      "Iterations are numbered from 1, so the defaults fail none.",
    schema: DUMMY_FAILURE_SCHEMA,
  },
);
