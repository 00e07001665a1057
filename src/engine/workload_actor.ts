/**
 * WorkloadActor: runs one workload.
 * validating → running → finishing → done | aborted
 *
 * @module
 */
import { type ActorRefFrom, assign, enqueueActions, fromPromise, sendTo, setup } from "xstate";
import type { HookClass } from "../plugins/hook.ts";
import type { RunnerPlugin } from "../plugins/runner.ts";
import type { ScenarioPlugin } from "../plugins/scenario.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { WorkloadResult } from "../model/results_document.ts";
import { SlaChecker } from "../sla/sla_checker.ts";
import { WorkloadStats } from "../stats/workload_stats.ts";
import type { IterationSink } from "../store/result_store.ts";
import type { PluginRef, WorkloadSpec } from "../model/task_spec.ts";
import type { EngineEnv } from "./engine_env.ts";
import { errorInfo } from "../model/error_info.ts";
import { hookExecutorMachine, hookRunCounts, nextIterationPoint } from "./hook_executor.ts";
import { AbortedError, IterationExecutor } from "./iteration_executor.ts";
import { IterationDriver } from "./iteration_driver.ts";
import { ResultConsumer } from "./result_consumer.ts";
import { workloadResult } from "./workload_result.ts";
import type { HookResult } from "../model/hook_result.ts";

/** What a WorkloadActor starts from. */
export interface WorkloadInput {
  /** The workload. */
  spec: WorkloadSpec;
  /** Its id. */
  uuid: string;
  /** Its place in its subtask. */
  position: number;
  /** The task's shared environment. */
  env: EngineEnv;
}

/** Events a WorkloadActor takes. */
export type WorkloadEvent =
  | { type: "LOAD_STARTED"; at: number }
  | { type: "SLA_FAILED" }
  | { type: "STOP" }
  | { type: "ABORT" }
  | { type: "xstate.done.actor.hooks"; output: HookResult[] };

interface Parts {
  stats: WorkloadStats;
  sla: SlaChecker;
  sink: IterationSink;
  executor: IterationExecutor;
  consumer: ResultConsumer;
  driver: IterationDriver;
  /** Releases the scenario's workload state. */
  releaseState: () => void;
}

interface WorkloadContext extends WorkloadInput {
  startedAt: number;
  stop: AbortController;
  parts?: Parts;
  hooks?: ActorRefFrom<typeof hookExecutorMachine>;
  loadStart?: number;
  hookResults: HookResult[];
  stopped: boolean;
  failure?: unknown;
}

interface PrepareInput extends WorkloadContext {
  /** Tells the workload that an SLA criterion failed. */
  slaFailed: () => void;
}

// Plugin constructors and hooks' own setup run here, so one that throws
// ends this workload with its error recorded instead of taking the task down.
const prepare = fromPromise<Parts, PrepareInput>(async ({ input }) => {
  const { spec, env, uuid, stop, slaFailed } = input;
  const hookClasses = new Set(
    spec.hooks.map((h) => env.plugins.get<HookClass>("hook", h.action.name).impl),
  );
  for (const cls of hookClasses) await cls.prepare?.();
  const stats = new WorkloadStats();
  const sla = new SlaChecker(spec.sla, env.plugins);
  const scenario = env.plugins.get<ScenarioPlugin>("scenario", spec.scenario.name).impl;
  const workloadState = scenario.workloadState?.create();
  const timeout = (spec.runner.args as { timeout?: number }).timeout;
  const executor = new IterationExecutor({
    scenario: scenario.run,
    workloadState,
    args: spec.scenario.args,
    clock: env.clock,
    random: env.random,
    timeoutMs: timeout === undefined ? undefined : timeout * 1000,
  });
  const sink = env.store.openWorkload(uuid);
  const consumer = new ResultConsumer({ stats, sla, sink, onSlaFailure: slaFailed });
  const driver = new IterationDriver({
    clock: env.clock,
    executor,
    consumer,
    stop: stop.signal,
    breathe: env.breathe,
  });
  const releaseState = () => {
    const dispose = scenario.workloadState?.dispose;
    if (!dispose) return;
    // The load's results are complete by now: a failing release cannot change them.
    Promise.resolve().then(() => dispose(workloadState)).catch(() => {});
  };
  return { stats, sla, sink, executor, consumer, driver, releaseState };
});

const runLoad = fromPromise<
  void,
  { runner: PluginRef; plugins: PluginRegistry; driver: IterationDriver }
>(({ input }) => {
  const runner = input.plugins.get<RunnerPlugin>("runner", input.runner.name).impl;
  return runner.run(input.runner.args as Record<string, unknown>, input.driver);
});

/** The WorkloadActor's machine; its output is the workload's result. */
export const workloadMachine = setup({
  types: {} as {
    input: WorkloadInput;
    context: WorkloadContext;
    events: WorkloadEvent;
    output: WorkloadResult;
  },
  actors: { prepare, runLoad, hookExecutor: hookExecutorMachine },
  guards: {
    wasStopped: ({ context }) => context.stopped,
    abortsOnSla: ({ context }) => context.env.abortOnSlaFailure,
  },
  actions: {
    keepParts: assign({ parts: (_, parts: Parts) => parts }),
    keepFailure: assign({ failure: (_, error: unknown) => error }),
    spawnHooks: assign({
      hooks: ({ context, spawn }) => {
        const sink = context.parts!.sink;
        return spawn("hookExecutor", {
          id: "hooks",
          input: {
            hooks: context.spec.hooks,
            clock: context.env.clock,
            plugins: context.env.plugins,
            // Each run reaches the store as it ends, not only in the final result.
            onRunDone: ({ hookIndex, seq, result }) => sink.hookRun?.(hookIndex, seq, result),
          },
        });
      },
    }),
    // The per-iteration paths report to the statechart only what it must see:
    // the load's start once, and the iteration counts a trigger awaits.
    wireLoad: ({ context, self }) => {
      const { driver, consumer } = context.parts!;
      const hooks = context.hooks!;
      // The hook executor first and directly: this actor is still busy
      // starting the runner, so an event sent to it waits for the runner's
      // first burst of iterations, and a time point at 0 with it.
      driver.onLoadStart = (at) => {
        hooks.send({ type: "LOAD_STARTED", at });
        self.send({ type: "LOAD_STARTED", at });
      };
      consumer.listen({
        firstPoint: () => nextIterationPoint(hooks),
        iterationCompleted: (value) => {
          hooks.send({ type: "ITERATION", value });
          return nextIterationPoint(hooks);
        },
      });
    },
    keepLoadStart: assign({ loadStart: (_, at: number) => at }),
    markAbortedOnSla: ({ context }) => context.parts!.sla.setAbortedOnSla(),
    // No iteration starts after this, and no hook point fires; what runs goes on.
    stopStarting: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ stopped: true });
      enqueue(() => context.stop.abort());
      if (context.hooks) enqueue.sendTo(context.hooks, { type: "STOP" });
    }),
    abortInFlight: ({ context }) =>
      context.parts?.executor.abort(new AbortedError("Iteration cancelled by a hard abort")),
    // Before the hook executor exists (still validating) there is nothing to cancel.
    abortHookRuns: enqueueActions(({ context, enqueue }) => {
      if (context.hooks) enqueue.sendTo(context.hooks, { type: "ABORT" });
    }),
    endLoad: ({ context }) => {
      // A runner that failed may leave workers behind: they must start nothing more.
      context.stop.abort();
      context.parts!.executor.dispose();
      context.parts!.sink.close();
      context.parts!.releaseState();
    },
    tellHooksLoadEnded: sendTo("hooks", { type: "LOAD_ENDED" }),
    keepHookResults: assign({ hookResults: (_, output: HookResult[]) => output }),
    announce: ({ context }) => {
      const { driver, consumer } = context.parts!;
      const runner = context.spec.runner;
      context.env.progress?.workloadStarted({
        spec: context.spec,
        uuid: context.uuid,
        plan: context.env.plugins.get<RunnerPlugin>("runner", runner.name).impl
          .plan(runner.args as Record<string, unknown>),
        started: () => driver.started,
        completed: () => consumer.completed,
        failed: () => consumer.failed,
        hookRuns: () => hookRunCounts(context.hooks!),
        loadStart: () => context.loadStart,
      });
    },
  },
}).createMachine({
  id: "workload",
  context: ({ input }) => ({
    ...input,
    startedAt: input.env.clock.now(),
    stop: new AbortController(),
    hookResults: [],
    stopped: false,
  }),
  initial: "validating",
  states: {
    validating: {
      invoke: {
        src: "prepare",
        input: ({ context, self }) => ({
          ...context,
          slaFailed: () => self.send({ type: "SLA_FAILED" }),
        }),
        onDone: {
          target: "running",
          actions: [
            { type: "keepParts", params: ({ event }) => event.output },
            "spawnHooks",
            "wireLoad",
            "announce",
          ],
        },
        onError: {
          target: "aborted",
          actions: {
            type: "keepFailure",
            params: ({ event }: { event: { error: unknown } }) => event.error,
          },
        },
      },
    },
    running: {
      invoke: {
        src: "runLoad",
        input: ({ context }) => ({
          runner: context.spec.runner,
          plugins: context.env.plugins,
          driver: context.parts!.driver,
        }),
        onDone: { target: "finishing" },
        onError: {
          target: "finishing",
          actions: {
            type: "keepFailure",
            params: ({ event }: { event: { error: unknown } }) => event.error,
          },
        },
      },
      on: {
        LOAD_STARTED: { actions: { type: "keepLoadStart", params: ({ event }) => event.at } },
        SLA_FAILED: { guard: "abortsOnSla", actions: ["markAbortedOnSla", "stopStarting"] },
      },
    },
    finishing: {
      entry: ["endLoad", "tellHooksLoadEnded"],
      on: {
        "xstate.done.actor.hooks": [
          {
            guard: "wasStopped",
            target: "aborted",
            actions: { type: "keepHookResults", params: ({ event }) => event.output },
          },
          {
            target: "done",
            actions: { type: "keepHookResults", params: ({ event }) => event.output },
          },
        ],
      },
    },
    done: { type: "final" },
    aborted: { type: "final" },
  },
  on: {
    STOP: { actions: "stopStarting" },
    ABORT: { actions: ["stopStarting", "abortInFlight", "abortHookRuns"] },
  },
  output: ({ context }) => resultOf(context),
});

function resultOf(context: WorkloadContext): WorkloadResult {
  const { parts } = context;
  const sla = parts?.sla ?? new SlaChecker([], context.env.plugins);
  // errorInfo describes any thrown value without throwing itself.
  if (context.failure !== undefined) sla.setUnexpectedFailure(errorInfo(context.failure)[1]);
  if (context.stopped && !sla.abortedOnSla) sla.setAbortedManually();
  const result = workloadResult({
    spec: context.spec,
    uuid: context.uuid,
    position: context.position,
    status: context.stopped ? "aborted" : "finished",
    stats: parts?.stats,
    sla,
    hooks: context.hookResults.length ? context.hookResults : undefined,
    fullDuration: (context.env.clock.now() - context.startedAt) / 1000,
    plugins: context.env.plugins,
  });
  context.env.progress?.workloadFinished(result);
  return result;
}
