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
import { type ActorRefFrom, assertEvent, assign, enqueueActions, setup } from "xstate";
import type { Clock } from "../clock/clock.ts";
import type { HookResult, HookRunResult, TriggerUnit } from "../model/hook_result.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { HookSpec } from "../model/task_spec.ts";
import { hookRunMachine, type HookRunOutput, type HookRunStarted } from "./hook_run_actor.ts";
import type { HookSeam } from "./load_seam.ts";
import { triggerMachine, type TriggerOutput, type TriggerReport } from "./trigger_actor.ts";

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
}

/** Events a HookExecutorActor takes. */
export type HookExecutorEvent =
  | { type: "LOAD_STARTED"; at: number }
  | { type: "ITERATION"; value: number }
  | { type: "LOAD_ENDED" }
  | { type: "STOP" }
  | { type: "ABORT" }
  | TriggerReport
  | { type: "HOOK_RUN_STARTED"; start: HookRunStarted }
  | { type: "HOOK_RUN_DONE"; output: HookRunOutput };

type TriggerRef = ActorRefFrom<typeof triggerMachine>;
type HookRunTrigger = { event_type: TriggerUnit; value: number };
type RunRef = ActorRefFrom<typeof hookRunMachine>;

interface HookExecutorContext extends HookExecutorInput {
  triggers: TriggerRef[];
  /** The iteration count each iteration trigger waits for next, by hook. */
  awaiting: Map<number, number>;
  /** What each trigger said when it settled, by hook. */
  settled: Map<number, TriggerOutput>;
  runs: Map<number, RunRef>;
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
  actors: { trigger: triggerMachine, hookRun: hookRunMachine },
  guards: {
    // Every run recorded and every trigger settled (a trigger fires the points
    // due at the load's last instant before it ends).
    allSettled: ({ context }) =>
      context.runs.size === 0 && context.settled.size === context.triggers.length,
  },
  actions: {
    startLoadClock: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, "LOAD_STARTED");
      for (const t of context.triggers) enqueue.sendTo(t, { type: "LOAD_STARTED", at: event.at });
    }),
    // Only the triggers whose next point is this value hear it.
    forwardIteration: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, "ITERATION");
      context.awaiting.forEach((value, hookIndex) => {
        if (value === event.value) {
          enqueue.sendTo(context.triggers[hookIndex], { type: "ITERATION", value });
        }
      });
    }),
    keepNextPoint: assign(({ context, event }) => {
      assertEvent(event, "NEXT_POINT");
      const awaiting = new Map(context.awaiting);
      if (event.unit === "iteration" && event.value !== undefined) {
        awaiting.set(event.hookIndex, event.value);
      } else awaiting.delete(event.hookIndex);
      return { awaiting };
    }),
    // The load is told the smallest count any trigger waits for.
    tellSeam: ({ context }) => {
      let min: number | undefined;
      for (const v of context.awaiting.values()) if (min === undefined || v < min) min = v;
      context.seam.await(min);
    },
    spawnRun: assign(({ context, event, spawn }) => {
      assertEvent(event, "FIRE");
      const seq = context.seq + 1;
      const triggeredBy = { event_type: event.unit, value: event.value };
      // One reading of the clock: the run's started_at, and what the seam is told.
      const startedAt = context.clock.now();
      const ref = spawn("hookRun", {
        id: `run-${seq}`,
        input: {
          hookIndex: event.hookIndex,
          seq,
          spec: context.hooks[event.hookIndex],
          triggeredBy,
          startedAt,
          clock: context.clock,
          plugins: context.plugins,
          triggerError: event.triggerError,
        },
      });
      return {
        seq,
        runs: new Map(context.runs).set(seq, ref),
        spawned: { hookIndex: event.hookIndex, seq, triggeredBy, startedAt },
      };
    }),
    // The load's side hears each run start (its resilience analysis cuts a window there).
    tellSeamRunStarted: ({ context }) => {
      const s = context.spawned!;
      context.seam.runStarted(s.hookIndex, s.seq, s.triggeredBy, s.startedAt);
    },
    countFired: ({ context }) => void context.tally.fired++,
    // The finished run's actor is stopped, which takes it out of this
    // actor's children: kept there, every later spawn copied them all, and
    // a run cost time in proportion to the runs before it (0.30 ms each
    // after 200 runs, 0.76 ms after 5,000). `done` grows in place for the
    // same reason; only the output reads it.
    collectRun: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, "HOOK_RUN_DONE");
      const ref = context.runs.get(event.output.seq);
      const runs = new Map(context.runs);
      runs.delete(event.output.seq);
      context.done.push(event.output);
      enqueue.assign({ runs });
      if (ref) enqueue.stopChild(ref);
    }),
    reportRunStart: ({ context, event }) => {
      assertEvent(event, "HOOK_RUN_STARTED");
      context.onRunStarted?.(event.start);
    },
    reportRun: ({ context, event }) => {
      assertEvent(event, "HOOK_RUN_DONE");
      if (event.output.result.status === "failed") context.tally.failed++;
      context.seam.runEnded(event.output.seq, event.output.result.finished_at);
      context.onRunDone?.(event.output);
    },
    keepSettled: assign(({ context }, output: TriggerOutput) => {
      const awaiting = new Map(context.awaiting);
      awaiting.delete(output.hookIndex);
      return { settled: new Map(context.settled).set(output.hookIndex, output), awaiting };
    }),
    endTriggers: enqueueActions(({ context, enqueue }) => {
      for (const t of context.triggers) enqueue.sendTo(t, { type: "LOAD_ENDED" });
    }),
    stopTriggers: enqueueActions(({ context, enqueue }) => {
      for (const t of context.triggers) enqueue.sendTo(t, { type: "STOP" });
    }),
    abortRuns: enqueueActions(({ context, enqueue }) => {
      for (const r of context.runs.values()) enqueue.sendTo(r, { type: "ABORT" });
    }),
  },
}).createMachine({
  id: "hookExecutor",
  context: ({ input, spawn, self }) => {
    // The load's side of the seam reaches this actor by events.
    input.seam.connect({
      loadStarted: (at) => self.send({ type: "LOAD_STARTED", at }),
      pointReached: (value) => self.send({ type: "ITERATION", value }),
    });
    return {
      ...input,
      triggers: input.hooks.map((spec, hookIndex) =>
        spawn("trigger", {
          id: `trigger-${hookIndex}`,
          input: { hookIndex, spec, plugins: input.plugins, clock: input.clock },
        })
      ),
      awaiting: new Map(),
      settled: new Map(),
      runs: new Map(),
      seq: 0,
      done: [],
      tally: input.tally ?? { fired: 0, failed: 0 },
    };
  },
  initial: "listening",
  on: {
    NEXT_POINT: { actions: ["keepNextPoint", "tellSeam"] },
    HOOK_RUN_STARTED: { actions: "reportRunStart" },
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
        FIRE: { actions: ["spawnRun", "tellSeamRunStarted", "countFired"] },
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
        FIRE: { actions: ["spawnRun", "tellSeamRunStarted", "countFired"] },
      },
    },
    done: { type: "final" },
  },
  output: ({ context }) => hookResults(context),
});

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
