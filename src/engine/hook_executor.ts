/**
 * HookExecutorActor: owns one TriggerActor per configured hook and one
 * HookRunActor per run, and gathers the hook results of a workload.
 *
 * listening → (LOAD_ENDED) awaitingRuns → done
 * A STOP (the workload stopped starting iterations) ends the triggers at
 * once: listening → stopped → (LOAD_ENDED) awaitingRuns → done.
 *
 * The triggers exist from the start, so iteration counts are heard however
 * the first iterations and LOAD_STARTED interleave; LOAD_STARTED only
 * starts the time triggers' clocks. Each trigger tells the executor the
 * iteration count it waits for next; the executor tells the load the
 * smallest of them through the {@linkcode LoadSeam}, and hears from it when
 * that count is reached.
 *
 * @module
 */
import { assertEvent, enqueueActions, sendTo, setup } from "xstate";
import type { Clock } from "../clock/clock.ts";
import type { HookResult, HookRunResult, TriggerUnit } from "../model/hook_result.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { HookSpec } from "../model/task_spec.ts";
import type { HookRunOutput, HookRunStarted } from "./hook_run_actor.ts";
import { hookRunPool, type HookRunPoolReport } from "./hook_run_pool.ts";
import { AwaitedPoints } from "./awaited_points.ts";
import { HookOutputBudget } from "./hook_output_budget.ts";
import type { HookSeam } from "./load_seam.ts";
import type { TriggerEvent, TriggerOutput, TriggerReport } from "./trigger_actor.ts";
import { triggerPool } from "./trigger_pool.ts";

/** Hook runs fired and failed so far: a live tally the progress line reads. */
export interface HookRunTally {
  /** Runs started. */
  fired: number;
  /** Runs ended as failed. */
  failed: number;
}

/** What a HookExecutorActor starts from. */
export interface HookExecutorInput {
  /** The workload's hooks, in configuration order. */
  hooks: HookSpec[];
  /** The task's clock. */
  clock: Clock;
  /** The plugins the hooks' actions and triggers come from. */
  plugins: PluginRegistry;
  /** Where it meets the load: it says which count it awaits, and hears the load's start and counts. */
  seam: HookSeam;
  /**
   * Hears each run as it ends, before the workload's results exist (the
   * workload passes it to its sink, so a killed run keeps its hook runs).
   */
  onRunDone?: (run: HookRunOutput) => void;
  /** Hears each run as it starts (for live outputs: a hook run opens a window). */
  onRunStarted?: (run: HookRunStarted) => void;
  /** Kept up to date with the runs fired and failed. */
  tally?: HookRunTally;
  /**
   * The hook output the task run keeps (shared by its workloads).
   * @default a budget of its own, HOOK_OUTPUT_BUDGET
   */
  outputBudget?: HookOutputBudget;
}

/** Events a HookExecutorActor takes. */
export type HookExecutorEvent =
  | { type: "LOAD_STARTED"; at: number }
  | { type: "ITERATION"; value: number }
  | { type: "LOAD_ENDED" }
  | { type: "STOP" }
  | { type: "ABORT" }
  | TriggerReport
  | HookRunPoolReport;

type HookRunTrigger = { event_type: TriggerUnit; value: number };

// The collections here grow and change in place: copied on each event, as
// an assign would, a workload with n hooks cost O(n) per event and O(n²) in
// all (4,000 hooks: 25 s). Only the actions below touch them.
interface HookExecutorContext extends HookExecutorInput {
  /** The iteration count each iteration trigger waits for next. */
  awaiting: AwaitedPoints;
  /** What each trigger said when it settled, by hook. */
  settled: Map<number, TriggerOutput>;
  /** Runs started and not yet done. */
  running: number;
  seq: number;
  /** The run spawned last: its start, as the seam is told it. */
  spawned?: { hookIndex: number; seq: number; triggeredBy: HookRunTrigger; startedAt: number };
  done: HookRunOutput[];
  tally: HookRunTally;
}

/** The HookExecutorActor's machine; its output is the workload's hook results. */
export const hookExecutorMachine = setup({
  types: {} as {
    input: HookExecutorInput;
    context: HookExecutorContext;
    events: HookExecutorEvent;
    output: HookResult[];
  },
  actors: { triggers: triggerPool, runs: hookRunPool },
  guards: {
    // Every run recorded and every trigger settled (a trigger fires the points
    // due at the load's last instant before it ends).
    allSettled: ({ context }) =>
      context.running === 0 && context.settled.size === context.hooks.length,
  },
  actions: {
    startLoadClock: sendTo("triggers", ({ event }) => {
      assertEvent(event, "LOAD_STARTED");
      return toAll({ type: "LOAD_STARTED", at: event.at });
    }),
    // Only the triggers whose next point is this value hear it.
    forwardIteration: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, "ITERATION");
      for (const hookIndex of context.awaiting.hooksAt(event.value)) {
        enqueue.sendTo("triggers", {
          type: "TO_TRIGGER",
          hookIndex,
          event: { type: "ITERATION", value: event.value },
        });
      }
    }),
    keepNextPoint: ({ context, event }) => {
      assertEvent(event, "NEXT_POINT");
      context.awaiting.set(
        event.hookIndex,
        event.unit === "iteration" ? event.value : undefined,
      );
    },
    // The load is told the smallest count any trigger waits for.
    tellSeam: ({ context }) => context.seam.await(context.awaiting.min()),
    startRun: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, "FIRE");
      const seq = context.seq + 1;
      const triggeredBy = { event_type: event.unit, value: event.value };
      // One reading of the clock: the run's started_at, and what the seam is told.
      const startedAt = context.clock.now();
      enqueue.assign({
        seq,
        running: context.running + 1,
        spawned: { hookIndex: event.hookIndex, seq, triggeredBy, startedAt },
      });
      enqueue.sendTo("runs", {
        type: "START_RUN",
        input: {
          hookIndex: event.hookIndex,
          seq,
          spec: context.hooks[event.hookIndex],
          triggeredBy,
          startedAt,
          plugins: context.plugins,
          triggerError: event.triggerError,
        },
      });
    }),
    // The load's side hears each run start (its resilience analysis cuts a
    // window there), and so do the live outputs.
    announceRunStarted: ({ context }) => {
      const s = context.spawned!;
      context.seam.runStarted(s.hookIndex, s.seq, s.triggeredBy, s.startedAt);
      context.onRunStarted?.({
        hookIndex: s.hookIndex,
        seq: s.seq,
        run: { triggered_by: s.triggeredBy, started_at: s.startedAt / 1000 },
      });
    },
    countFired: ({ context }) => void context.tally.fired++,
    collectRun: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, "HOOK_RUN_DONE");
      context.done.push(event.output);
      enqueue.assign({ running: context.running - 1 });
    }),
    reportRun: ({ context, event }) => {
      assertEvent(event, "HOOK_RUN_DONE");
      if (event.output.result.status === "failed") context.tally.failed++;
      context.seam.runEnded(event.output.seq, event.output.result.finished_at);
      context.onRunDone?.(event.output);
    },
    keepSettled: ({ context }, output: TriggerOutput) => {
      context.awaiting.set(output.hookIndex, undefined);
      context.settled.set(output.hookIndex, output);
    },
    endTriggers: sendTo("triggers", toAll({ type: "LOAD_ENDED" })),
    stopTriggers: sendTo("triggers", toAll({ type: "STOP" })),
    abortRuns: sendTo("runs", { type: "ABORT" }),
  },
}).createMachine({
  id: "hookExecutor",
  context: ({ input, self }) => {
    // The load's side of the seam reaches this actor by events.
    input.seam.connect({
      loadStarted: (at) => self.send({ type: "LOAD_STARTED", at }),
      pointReached: (value) => self.send({ type: "ITERATION", value }),
    });
    return {
      ...input,
      awaiting: new AwaitedPoints(),
      settled: new Map(),
      running: 0,
      seq: 0,
      done: [],
      tally: input.tally ?? { fired: 0, failed: 0 },
    };
  },
  invoke: [
    {
      id: "triggers",
      src: "triggers",
      input: ({ context }) => ({
        hooks: context.hooks,
        plugins: context.plugins,
        clock: context.clock,
      }),
    },
    {
      id: "runs",
      src: "runs",
      input: ({ context }) => ({
        clock: context.clock,
        budget: context.outputBudget ?? new HookOutputBudget(),
      }),
    },
  ],
  initial: "listening",
  on: {
    NEXT_POINT: { actions: ["keepNextPoint", "tellSeam"] },
    HOOK_RUN_DONE: { actions: ["collectRun", "reportRun"] },
    TRIGGER_SETTLED: {
      actions: [{ type: "keepSettled", params: ({ event }) => event.output }, "tellSeam"],
    },
    ABORT: { actions: "abortRuns" },
  },
  states: {
    listening: {
      on: {
        LOAD_STARTED: { actions: "startLoadClock" },
        ITERATION: { actions: "forwardIteration" },
        FIRE: { actions: ["startRun", "announceRunStarted", "countFired"] },
        LOAD_ENDED: { target: "awaitingRuns", actions: "endTriggers" },
        STOP: { target: "stopped", actions: "stopTriggers" },
      },
    },
    // No point fires any more (a stopped load must not inject new faults);
    // runs already started go on until the in-flight iterations are done.
    stopped: {
      on: { LOAD_ENDED: { target: "awaitingRuns" } },
    },
    awaitingRuns: {
      always: { guard: "allSettled", target: "done" },
      on: {
        // A time point due at the load's last instant still fires.
        FIRE: { actions: ["startRun", "announceRunStarted", "countFired"] },
      },
    },
    done: { type: "final" },
  },
  output: ({ context }) => hookResults(context),
});

// The trigger pool's wrapping of an event for every trigger.
function toAll(event: TriggerEvent): { type: "TO_ALL"; event: TriggerEvent } {
  return { type: "TO_ALL", event };
}

function hookResults(context: HookExecutorContext): HookResult[] {
  const byHook: HookRunResult[][] = context.hooks.map(() => []);
  for (const run of [...context.done].sort((a, b) => a.seq - b.seq)) {
    byHook[run.hookIndex].push(run.result);
  }
  for (const [i, settled] of context.settled) {
    if (!settled.failedRun) continue;
    // In time order among the runs (the sort is stable: a run at the same time stays first).
    byHook[i].push(settled.failedRun);
    byHook[i].sort((a, b) => a.started_at - b.started_at);
  }
  return context.hooks.map((spec, i) => {
    const summary: HookResult["summary"] = {};
    for (const r of byHook[i]) summary[r.status] = (summary[r.status] ?? 0) + 1;
    const entry: HookResult = { config: spec.config, results: byHook[i], summary };
    // Points still ahead when the load ended were not reached (and never will be).
    const notReached = context.settled.get(i)?.notReached;
    if (notReached) entry.not_reached = notReached;
    return entry;
  });
}
