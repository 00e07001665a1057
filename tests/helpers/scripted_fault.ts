/**
 * A service whose fault a hook switches, for resilience tests on the
 * simulated clock: the scenario `Test.service` behaves as the switch says
 * when each iteration starts, and the hook `test_fault` turns the switch.
 * Each call of {@linkcode scriptedFault} makes a fresh service, so tests do
 * not share its state; {@linkcode runService} runs a task of it.
 *
 * @module
 */
import {
  defaultPlugins,
  Hook,
  hookPlugin,
  parseTask,
  type PluginRegistry,
  scenarioPlugin,
} from "../../mod.ts";
import { sleep } from "../../src/clock/clock.ts";
import { validateResults } from "../../src/report/results_schema.ts";
import { runSimulated, type SimulatedRun } from "./run_simulated.ts";

/** Args of `Test.service`. */
export interface ServiceArgs {
  /** Seconds an iteration takes while the service is healthy. */
  sleep: number;
  /** Seconds an iteration takes while the fault is on (default: `sleep`). */
  fault_sleep?: number;
  /**
   * Which iterations started while the fault is on fail: `true` all of
   * them, `false` none, N every N-th of them (counted from the fault's
   * start).
   */
  fail?: boolean | number;
  /**
   * Seconds after the fault is off during which iterations still take
   * `lag_sleep` (default: the service's, see {@linkcode scriptedFault}).
   */
  lag?: number;
  /** Seconds an iteration takes during the lag (default: `fault_sleep`). */
  lag_sleep?: number;
}

/** Args of the `test_fault` hook. */
export interface TestFaultArgs {
  /**
   * `on`: the fault goes on as the run starts; `off`: it goes off as the run
   * ends; `pulse`: on as the run starts, off as it ends; `none`: the switch
   * is left alone.
   */
  set: "on" | "off" | "pulse" | "none";
  /** Seconds the run takes. */
  takes?: number;
}

/** The service's switch, as the scenario and the hook share it. */
export interface ServiceState {
  /** Whether the fault is on. */
  faulty: boolean;
  /** Iterations started since the fault went on. */
  startedInFault: number;
  /** When the fault last went off, clock ms. */
  healedAt: number | undefined;
}

/**
 * A fresh service and the registry with its scenario and hook (and the
 * built-ins). `lag` is its lag when the args give none: two services that
 * recover differently under the same task.
 */
export function scriptedFault(lag = 0): { plugins: PluginRegistry; state: ServiceState } {
  const state: ServiceState = { faulty: false, startedInFault: 0, healedAt: undefined };
  const service = scenarioPlugin<ServiceArgs>("Test.service", async (args, ctx) => {
    const now = ctx.clock.now();
    let seconds = args.sleep;
    let fails = false;
    if (state.faulty) {
      const n = ++state.startedInFault;
      seconds = args.fault_sleep ?? args.sleep;
      const fail = args.fail ?? false;
      fails = fail === true || (typeof fail === "number" && n % fail === 0);
    } else if (state.healedAt !== undefined && now < state.healedAt + (args.lag ?? lag) * 1000) {
      seconds = args.lag_sleep ?? args.fault_sleep ?? args.sleep;
    }
    if (seconds > 0) await ctx.sleep(seconds);
    if (fails) throw new Error("service unavailable");
  }, {
    description: "Test scenario: a service that is slow and fails while the test_fault hook says.",
    schema: {
      type: "object",
      properties: {
        sleep: { type: "number", minimum: 0 },
        fault_sleep: { type: "number", minimum: 0 },
        fail: { type: ["boolean", "integer"] },
        lag: { type: "number", minimum: 0 },
        lag_sleep: { type: "number", minimum: 0 },
      },
      required: ["sleep"],
      additionalProperties: false,
    },
  });

  class TestFault extends Hook<TestFaultArgs> {
    static override schema = {
      type: "object",
      properties: {
        set: { enum: ["on", "off", "pulse", "none"] },
        takes: { type: "number", minimum: 0 },
      },
      required: ["set"],
      additionalProperties: false,
    };
    static override description = "Test hook: switches the Test.service fault.";

    async run(): Promise<void> {
      const { set, takes = 0 } = this.config;
      if ((set === "on" || set === "pulse") && !state.faulty) {
        state.faulty = true;
        state.startedInFault = 0;
      }
      if (takes > 0) await sleep(this.clock, takes * 1000);
      // The fault goes off as the run ends: the lag counts from there.
      if (set === "off" || set === "pulse") {
        state.faulty = false;
        state.healedAt = this.clock.now();
      }
    }
  }

  return {
    plugins: defaultPlugins().with([service, hookPlugin("test_fault", TestFault)]),
    state,
  };
}

/** A `test_fault` hook of a {@linkcode runService} task. */
export interface HookPlan {
  /** What the hook does to the service. */
  set: TestFaultArgs["set"];
  /** What the task says the hook does (`"fault"`), if anything. */
  fault?: "on" | "off" | "pulse";
  /** Seconds its run takes. */
  takes?: number;
  /** Time points, or a periodic time trigger. */
  at: number[] | { step: number; start: number; end: number };
}

/** What {@linkcode runService} runs. */
export interface ServiceRun {
  /** The scenario's args. */
  args: ServiceArgs;
  /** Seconds of load (`constant_for_duration`, one iteration at a time). */
  duration: number;
  /** The hooks. */
  hooks: HookPlan[];
  /** More keys of the workload (`sla`, `resilience`). */
  extra?: Record<string, unknown>;
  /** Stop at the first SLA failure. */
  abortOnSlaFailure?: boolean;
  /** The service's lag when `args` give none (see {@linkcode scriptedFault}). */
  lag?: number;
}

/**
 * The fault of most resilience tests: healthy 0.1 s; from 5 s a fault (0.5 s,
 * every 2nd iteration fails) until an off hook at 10 s ends it at 10.2 s;
 * 0.3 s for `lag` s after (the service's lag: the task is the same for any).
 * 20 s, warm-up 1 s.
 */
export function cleanRecovery(extra: Record<string, unknown> = {}, lag = 1): ServiceRun {
  return {
    lag,
    args: { sleep: 0.1, fault_sleep: 0.5, fail: 2, lag_sleep: 0.3 },
    duration: 20,
    hooks: [
      { set: "on", fault: "on", at: [5] },
      { set: "off", fault: "off", takes: 0.2, at: [10] },
    ],
    extra: { resilience: { warmup: 1 }, ...extra },
  };
}

/**
 * Runs `Test.service` on the simulated clock as `plan` says, with a fresh
 * service, and checks the results document against its schema.
 */
export async function runService(plan: ServiceRun): Promise<SimulatedRun> {
  const { plugins } = scriptedFault(plan.lag);
  const task = {
    "Test.service": [{
      args: plan.args,
      runner: { type: "constant_for_duration", duration: plan.duration, concurrency: 1 },
      hooks: plan.hooks.map((h) => ({
        name: "test_fault",
        args: { set: h.set, ...(h.takes ? { takes: h.takes } : {}) },
        ...(h.fault ? { fault: h.fault } : {}),
        trigger: Array.isArray(h.at)
          ? { name: "event", args: { unit: "time", at: h.at } }
          : { name: "periodic", args: { unit: "time", ...h.at } },
      })),
      ...plan.extra,
    }],
  };
  const result = await runSimulated(parseTask(JSON.stringify(task), "task.json", { plugins }), {
    abortOnSlaFailure: plan.abortOnSlaFailure,
  });
  const problems = validateResults(result.document);
  if (problems.length) throw new Error(`invalid results document: ${problems.join("; ")}`);
  return result;
}
