/**
 * WorkloadActor: runs one workload.
 * preparing → loading → awaitingHooks → done | aborted
 *
 * `preparing` builds the load path and runs the plugins' own setup;
 * `loading` runs the runner (a RunnerActor) with the hook executor beside
 * it; `awaitingHooks` waits for the hook runs still going when the load
 * ended.
 *
 * @module
 */
import { type ActorRefFrom, assign, enqueueActions, fromPromise, sendTo, setup } from "xstate";
import { realWork } from "../clock/clock.ts";
import { errorInfo } from "../model/error_info.ts";
import type { HookResult } from "../model/hook_result.ts";
import type { WorkloadResult } from "../model/results_document.ts";
import type { WorkloadSpec } from "../model/task_spec.ts";
import type { HookClass } from "../plugins/hook.ts";
import type { RunnerPlugin } from "../plugins/runner.ts";
import { SlaChecker } from "../sla/sla_checker.ts";
import { WorkloadStats } from "../stats/workload_stats.ts";
import { ResilienceAnalyzer } from "../stats/resilience_analyzer.ts";
import { resolveResilienceSettings } from "../stats/resilience_settings.ts";
import type { IterationSink } from "../store/result_store.ts";
import type { EngineEnv } from "./engine_env.ts";
import { hookExecutorMachine, type HookRunTally } from "./hook_executor.ts";
import { AbortedError } from "./iteration_executor.ts";
import type { Load } from "./load.ts";
import { type HookSeam, LoadSeam } from "./load_seam.ts";
import { LocalLoad } from "./local_load.ts";
import { runnerActor, type RunnerReport } from "./runner_actor.ts";
import { workloadResult } from "./workload_result.ts";

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
  | RunnerReport
  | { type: "SLA_FAILED" }
  | { type: "STOP" }
  | { type: "ABORT" }
  | { type: "xstate.done.actor.hooks"; output: HookResult[] };

interface Parts {
  stats: WorkloadStats;
  sla: SlaChecker;
  sink: IterationSink;
  seam: HookSeam;
  load: Load;
  runner: RunnerPlugin;
  /** The resilience analysis, for a workload with hooks. */
  windows?: ResilienceAnalyzer;
}

interface WorkloadContext extends WorkloadInput {
  startedAt: number;
  parts?: Parts;
  hooks?: ActorRefFrom<typeof hookExecutorMachine>;
  tally: HookRunTally;
  loadStart?: number;
  hookResults: HookResult[];
  stopped: boolean;
  failure?: unknown;
}

interface PrepareInput {
  spec: WorkloadSpec;
  uuid: string;
  env: EngineEnv;
  /** Tells the workload that an SLA criterion failed. */
  slaFailed: () => void;
}

// Plugin constructors and hooks' own setup run here, so one that throws
// ends this workload with its error recorded instead of taking the task down.
const prepare = fromPromise<Parts, PrepareInput>(async ({ input }) => {
  const { spec, env, uuid, slaFailed } = input;
  const hookClasses = new Set(
    spec.hooks.map((h) => env.plugins.get<HookClass>("hook", h.action.name).impl),
  );
  // Setup is real work (sys_call starts a worker thread): a simulated clock waits for it.
  for (const cls of hookClasses) {
    if (cls.prepare) await realWork(env.clock, Promise.resolve().then(() => cls.prepare!()));
  }
  const stats = new WorkloadStats();
  const sla = new SlaChecker(spec.sla, env.plugins);
  const runner = env.plugins.get<RunnerPlugin>("runner", spec.runner.name).impl;
  const sink = env.store.openWorkload(uuid);
  // Hook runs cut the load into windows: only a workload with hooks pays for them.
  let windows: ResilienceAnalyzer | undefined;
  if (spec.hooks.length) {
    const planned = runner.plan(spec.runner.args as Record<string, unknown>).seconds;
    windows = new ResilienceAnalyzer({
      settings: resolveResilienceSettings(spec.resilience, planned),
      faults: spec.hooks.map((h) => h.fault),
    });
  }
  const split = await env.split?.(spec, {
    stats,
    sla,
    freshSla: () => new SlaChecker(spec.sla, env.plugins),
    sink,
    windows,
    onSlaFailure: slaFailed,
  });
  if (split) {
    if (windows) split.seam.observeRuns(windows);
    return { stats, sla, sink, seam: split.seam, load: split, runner, windows };
  }
  const seam = new LoadSeam();
  if (windows) seam.observeRuns(windows);
  const load = new LocalLoad({
    workload: spec,
    plugins: env.plugins,
    clock: env.clock,
    seed: env.seed,
    breathe: env.breathe,
    share: env.share,
    stats,
    sla,
    sink,
    signals: seam,
    windows,
    onSlaFailure: slaFailed,
  });
  return { stats, sla, sink, seam, load, runner, windows };
});

/** The WorkloadActor's machine; its output is the workload's result. */
export const workloadMachine = setup({
  types: {} as {
    input: WorkloadInput;
    context: WorkloadContext;
    events: WorkloadEvent;
    output: WorkloadResult;
  },
  actors: { prepare, runner: runnerActor, hookExecutor: hookExecutorMachine },
  guards: {
    wasStopped: ({ context }) => context.stopped,
    abortsOnSla: ({ context }) => context.env.abortOnSlaFailure,
  },
  actions: {
    keepParts: assign({ parts: (_, parts: Parts) => parts }),
    keepFailure: assign({ failure: (_, error: unknown) => error }),
    spawnHooks: assign({
      hooks: ({ context, spawn }) => {
        const { sink, seam } = context.parts!;
        return spawn("hookExecutor", {
          id: "hooks",
          input: {
            hooks: context.spec.hooks,
            clock: context.env.clock,
            plugins: context.env.plugins,
            seam,
            tally: context.tally,
            outputBudget: context.env.hookOutputBudget,
            // Each run reaches the store (and the progress) as it ends, not only in the final result.
            onRunDone: ({ hookIndex, seq, result }) => {
              sink.hookRun?.(hookIndex, seq, result);
              context.env.progress?.hookRunFinished?.({
                workloadUuid: context.uuid,
                hookIndex,
                seq,
                run: result,
              });
            },
            onRunStarted: ({ hookIndex, seq, run }) =>
              context.env.progress?.hookRunStarted?.({
                workloadUuid: context.uuid,
                hookIndex,
                seq,
                run,
              }),
          },
        });
      },
    }),
    keepLoadStart: assign({ loadStart: (_, at: number) => at }),
    markAbortedOnSla: ({ context }) => context.parts!.sla.setAbortedOnSla(),
    markStopped: assign({ stopped: true }),
    // No hook point fires after this (a stopped load injects no new fault).
    stopHookPoints: enqueueActions(({ context, enqueue }) => {
      if (context.hooks) enqueue.sendTo(context.hooks, { type: "STOP" });
    }),
    stopRunner: sendTo("runner", { type: "STOP" }),
    abortRunner: sendTo("runner", () => ({
      type: "ABORT" as const,
      reason: new AbortedError("Iteration cancelled by a hard abort"),
    })),
    // After the runner is done, iterations a failed runner left in flight end too.
    abortLeftovers: ({ context }) =>
      context.parts?.load.abort(new AbortedError("Iteration cancelled by a hard abort")),
    abortHookRuns: enqueueActions(({ context, enqueue }) => {
      if (context.hooks) enqueue.sendTo(context.hooks, { type: "ABORT" });
    }),
    endLoad: ({ context }) => {
      const { load, sink, windows } = context.parts!;
      load.end();
      // The last window closes with the load; recoveries not decided by now never are.
      windows?.finish();
      sink.close();
    },
    tellHooksLoadEnded: sendTo("hooks", { type: "LOAD_ENDED" }),
    keepHookResults: assign({ hookResults: (_, output: HookResult[]) => output }),
    announce: ({ context, self }) => {
      const { load, runner, stats } = context.parts!;
      context.env.progress?.workloadStarted({
        spec: context.spec,
        uuid: context.uuid,
        plan: runner.plan(context.spec.runner.args as Record<string, unknown>),
        started: () => load.started,
        completed: () => load.completed,
        failed: () => load.failed,
        hookRuns: () => ({ ...context.tally }),
        // This context is the one at announcing; the load starts later.
        loadStart: () => self.getSnapshot().context.loadStart,
        durationQuantiles: (ps) => stats.durationQuantiles(ps),
        figures: () => stats.figures(),
      });
    },
  },
}).createMachine({
  id: "workload",
  context: ({ input }) => ({
    ...input,
    startedAt: input.env.clock.now(),
    tally: { fired: 0, failed: 0 },
    hookResults: [],
    stopped: false,
  }),
  initial: "preparing",
  states: {
    preparing: {
      invoke: {
        src: "prepare",
        input: ({ context, self }) => ({
          spec: context.spec,
          uuid: context.uuid,
          env: context.env,
          slaFailed: () => self.send({ type: "SLA_FAILED" }),
        }),
        onDone: {
          target: "loading",
          actions: [
            { type: "keepParts", params: ({ event }) => event.output },
            "spawnHooks",
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
      on: {
        // Nothing to stop yet: the load, once prepared, starts no iteration.
        STOP: { actions: "markStopped" },
        ABORT: { actions: "markStopped" },
      },
    },
    loading: {
      invoke: {
        id: "runner",
        src: "runner",
        input: ({ context }) => ({ load: context.parts!.load, stopped: context.stopped }),
      },
      on: {
        RUNNER_STARTED: { actions: { type: "keepLoadStart", params: ({ event }) => event.at } },
        RUNNER_DONE: { target: "awaitingHooks" },
        RUNNER_FAILED: {
          target: "awaitingHooks",
          actions: {
            type: "keepFailure",
            params: ({ event }: { event: { error: unknown } }) => event.error,
          },
        },
        SLA_FAILED: {
          guard: "abortsOnSla",
          actions: ["markAbortedOnSla", "markStopped", "stopRunner", "stopHookPoints"],
        },
        STOP: { actions: ["markStopped", "stopRunner", "stopHookPoints"] },
        ABORT: { actions: ["markStopped", "abortRunner", "stopHookPoints", "abortHookRuns"] },
      },
    },
    awaitingHooks: {
      entry: ["endLoad", "tellHooksLoadEnded"],
      on: {
        "xstate.done.actor.hooks": [
          {
            guard: "wasStopped",
            target: "aborted",
            actions: {
              type: "keepHookResults",
              params: ({ event }) => event.output,
            },
          },
          {
            target: "done",
            actions: {
              type: "keepHookResults",
              params: ({ event }) => event.output,
            },
          },
        ],
        STOP: { actions: "markStopped" },
        ABORT: { actions: ["markStopped", "abortLeftovers", "abortHookRuns"] },
      },
    },
    done: { type: "final" },
    aborted: { type: "final" },
  },
  output: ({ context }) => resultOf(context),
});

function resultOf(context: WorkloadContext): WorkloadResult {
  const { parts, env } = context;
  const sla = parts?.sla ?? new SlaChecker([], env.plugins);
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
    windows: parts?.windows,
    fullDuration: (env.clock.now() - context.startedAt) / 1000,
    plugins: env.plugins,
  });
  env.progress?.workloadFinished(result);
  return result;
}
