/**
 * TriggerActor: decides when its hook fires.
 *
 * planning → awaitingPoint (iteration | time | beforeLoad) → deciding →
 * awaitingPoint … → settling → exhausted (no point left) | ended (load over).
 *
 * The trigger plugin's own code (its constructor, `nextPoint`, `onEvent`,
 * `isBounded`) runs only in the `plugin` child, a callback actor: the
 * statechart asks it by event and keeps what it answers. Each point it
 * will wait for next is told to the parent (`NEXT_POINT`), so the hook
 * executor knows which iteration counts to await without reading this
 * actor's state.
 *
 * @module
 */
import { and, assertEvent, assign, fromCallback, sendParent, sendTo, setup } from "xstate";
import type { Clock } from "../clock/clock.ts";
import type { HookRunResult, TriggerUnit } from "../model/hook_result.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { HookSpec } from "../model/task_spec.ts";
import type { Trigger } from "../plugins/trigger.ts";
import { GuardedTrigger } from "./guarded_trigger.ts";

/** Most unreached points listed one by one; the rest are only counted. */
export const NOT_REACHED_LISTED = 100;
// Counting unreached points stops here (a bounded trigger with a tiny step can have many).
const NOT_REACHED_COUNTED = 1_000_000;

/** What a TriggerActor starts from. */
export interface TriggerInput {
  /** Index of the hook in the workload's configuration. */
  hookIndex: number;
  /** The hook, whose trigger this is. */
  spec: HookSpec;
  /** The plugins the trigger comes from. */
  plugins: PluginRegistry;
  /** The task's clock. */
  clock: Clock;
}

/** Events a TriggerActor takes from its parent. */
export type TriggerEvent =
  | { type: "LOAD_STARTED"; at: number }
  | { type: "ITERATION"; value: number }
  | { type: "LOAD_ENDED" }
  | { type: "STOP" };

/** Events a TriggerActor sends its parent. */
export type TriggerReport =
  | { type: "NEXT_POINT"; hookIndex: number; unit: TriggerUnit; value: number | undefined }
  | {
    type: "FIRE";
    hookIndex: number;
    unit: TriggerUnit;
    value: number;
    triggerError?: unknown;
  }
  | { type: "TRIGGER_SETTLED"; output: TriggerOutput };

/** Points the load ended before reaching. */
export interface NotReached {
  /** The first of them (at most {@linkcode NOT_REACHED_LISTED}). */
  values: number[];
  /** How many in all. */
  count: number;
}

/** What a TriggerActor outputs once settled. */
export interface TriggerOutput {
  /** Index of the hook in the workload's configuration. */
  hookIndex: number;
  /** The bounded trigger's points the load ended before reaching. */
  notReached?: NotReached;
  /** The trigger's own code failed: that failure as a failed hook run. */
  failedRun?: HookRunResult;
}

// What the plugin child answers.
type PluginAnswer =
  | { type: "PLANNED"; unit: TriggerUnit; next: number | undefined }
  | { type: "DECIDED"; fire: boolean; triggerError?: unknown; next: number | undefined }
  | { type: "SETTLED"; notReached?: NotReached; failedRun?: HookRunResult };

// What the plugin child is asked.
type PluginQuestion =
  | { type: "DECIDE"; value: number }
  | { type: "SETTLE"; next: number | undefined };

/** The trigger plugin, built and asked only here. */
const triggerPlugin = fromCallback<
  PluginQuestion,
  { spec: HookSpec; plugins: PluginRegistry; clock: Clock }
>(({ input, sendBack, receive }) => {
  const answer = (a: PluginAnswer) => sendBack(a);
  const trigger = new GuardedTrigger(input.spec, input.clock, input.plugins);
  const unit = trigger.getListeningEvent();
  receive((question) => {
    if (question.type === "DECIDE") {
      let fire = false;
      let triggerError: unknown;
      try {
        fire = trigger.onEvent(unit, question.value);
      } catch (e) {
        // The run fails with the trigger's error at this point.
        fire = true;
        triggerError = e;
      }
      answer({ type: "DECIDED", fire, triggerError, next: nextPointOf(trigger, question.value) });
    } else {
      answer({
        type: "SETTLED",
        notReached: notReachedFrom(trigger, question.next),
        failedRun: trigger.failedRun(),
      });
    }
  });
  answer({ type: "PLANNED", unit, next: nextPointOf(trigger, undefined) });
});

interface TriggerContext extends TriggerInput {
  /** The unit it listens to (known once planned). */
  unit: TriggerUnit;
  /** The next point to fire at, or undefined when none is left. */
  next: number | undefined;
  /** When the load started, epoch ms; undefined until LOAD_STARTED. */
  loadStart?: number;
  /** The load has ended: fire what is due at this instant, then settle. */
  ending: boolean;
  /** What the plugin said when settling. */
  settled?: Extract<PluginAnswer, { type: "SETTLED" }>;
}

/**
 * Sends DUE at clock time `at` (epoch ms). The timer is set when the actor
 * starts, from the clock's time then: XState sets an `after` delay's timer
 * only once the transition's other effects have run (a fired hook's run
 * with its process spawn among them), so a delay worked out on entering the
 * state came that much late.
 */
const waitUntil = fromCallback<{ type: "DUE" }, { clock: Clock; at: number }>(
  ({ input, sendBack }) => {
    const id = input.clock.setTimeout(
      () => sendBack({ type: "DUE" }),
      Math.max(0, input.at - input.clock.now()),
    );
    return () => input.clock.clearTimeout(id);
  },
);

/** The TriggerActor's machine. */
export const triggerMachine = setup({
  types: {} as {
    input: TriggerInput;
    context: TriggerContext;
    events: TriggerEvent | PluginAnswer | { type: "DUE" };
    output: TriggerOutput;
  },
  actors: { waitUntil, triggerPlugin },
  guards: {
    noPointLeft: ({ context }) => context.next === undefined,
    listensToTime: ({ context }) => context.unit === "time",
    loadNotStarted: ({ context }) => context.loadStart === undefined,
    isNextPoint: ({ context }, value: number) => value === context.next,
    isEnding: ({ context }) => context.ending,
    dueAtStart: ({ context }, at: number) => at + context.next! * 1000 <= context.clock.now(),
    // A time point at the very instant the load ended belongs to the load,
    // whichever of the two clock timers happened to run first.
    nextIsDue: ({ context }) =>
      context.unit === "time" && context.loadStart !== undefined &&
      context.loadStart + context.next! * 1000 <= context.clock.now(),
    fires: (_, fire: boolean) => fire,
  },
  actions: {
    keepPlan: assign(({ event }) => {
      assertEvent(event, "PLANNED");
      return { unit: event.unit, next: event.next };
    }),
    keepLoadStart: assign({ loadStart: (_, at: number) => at }),
    markEnding: assign({ ending: true }),
    keepNext: assign({ next: (_, next: number | undefined) => next }),
    keepSettled: assign(({ event }) => {
      assertEvent(event, "SETTLED");
      return { settled: event };
    }),
    tellNextPoint: sendParent(({ context }): TriggerReport => ({
      type: "NEXT_POINT",
      hookIndex: context.hookIndex,
      unit: context.unit,
      value: context.next,
    })),
    askDecision: sendTo("plugin", ({ context }): PluginQuestion => ({
      type: "DECIDE",
      value: context.next!,
    })),
    fire: sendParent(({ context, event }): TriggerReport => {
      assertEvent(event, "DECIDED");
      return {
        type: "FIRE",
        hookIndex: context.hookIndex,
        unit: context.unit,
        value: context.next!,
        triggerError: event.triggerError,
      };
    }),
    askSettlement: sendTo("plugin", ({ context }): PluginQuestion => ({
      type: "SETTLE",
      next: context.next,
    })),
    reportSettled: sendParent(({ context }): TriggerReport => ({
      type: "TRIGGER_SETTLED",
      output: outputOf(context),
    })),
  },
}).createMachine({
  id: "trigger",
  context: ({ input }) => ({ ...input, unit: "time", next: undefined, ending: false }),
  invoke: {
    id: "plugin",
    src: "triggerPlugin",
    input: ({ context }) => ({
      spec: context.spec,
      plugins: context.plugins,
      clock: context.clock,
    }),
  },
  initial: "planning",
  states: {
    planning: {
      on: {
        PLANNED: { target: "awaitingPoint", actions: "keepPlan" },
        // Heard before the plan arrives (it arrives at once): kept for later.
        LOAD_STARTED: { actions: { type: "keepLoadStart", params: ({ event }) => event.at } },
        LOAD_ENDED: { actions: "markEnding" },
        STOP: { target: "settling" },
      },
    },
    awaitingPoint: {
      entry: "tellNextPoint",
      initial: "route",
      states: {
        route: {
          always: [
            { guard: "noPointLeft", target: "#trigger.settling" },
            { guard: and(["isEnding", "nextIsDue"]), target: "#trigger.deciding" },
            { guard: "isEnding", target: "#trigger.settling" },
            { guard: and(["listensToTime", "loadNotStarted"]), target: "beforeLoad" },
            { guard: "listensToTime", target: "time" },
            { target: "iteration" },
          ],
        },
        beforeLoad: {
          on: {
            // A point already due (0, or one the load's start passed) fires
            // now, not a timer's turn later, which at a load's cold start is
            // a few ms.
            LOAD_STARTED: [
              {
                guard: { type: "dueAtStart", params: ({ event }) => event.at },
                target: "#trigger.deciding",
                actions: { type: "keepLoadStart", params: ({ event }) => event.at },
              },
              {
                target: "time",
                actions: { type: "keepLoadStart", params: ({ event }) => event.at },
              },
            ],
          },
        },
        // Exactly at loadStart + point seconds on the clock: no ticking, no polling.
        time: {
          invoke: {
            src: "waitUntil",
            input: ({ context }) => ({
              clock: context.clock,
              at: context.loadStart! + context.next! * 1000,
            }),
          },
          on: { DUE: { target: "#trigger.deciding" } },
        },
        iteration: {
          on: {
            ITERATION: {
              guard: { type: "isNextPoint", params: ({ event }) => event.value },
              target: "#trigger.deciding",
            },
          },
        },
      },
      on: {
        LOAD_STARTED: { actions: { type: "keepLoadStart", params: ({ event }) => event.at } },
        LOAD_ENDED: { target: ".route", reenter: true, actions: "markEnding" },
        STOP: { target: "settling" },
      },
    },
    // The plugin decides whether the point fires and which point comes next.
    deciding: {
      entry: "askDecision",
      on: {
        DECIDED: [
          {
            guard: { type: "fires", params: ({ event }) => event.fire },
            target: "awaitingPoint",
            actions: ["fire", { type: "keepNext", params: ({ event }) => event.next }],
          },
          {
            target: "awaitingPoint",
            actions: { type: "keepNext", params: ({ event }) => event.next },
          },
        ],
        LOAD_ENDED: { actions: "markEnding" },
        // No point fires any more; the plugin's answer is not waited for.
        STOP: { target: "settling" },
      },
    },
    // The plugin says what is left (unreached points, its own failure).
    settling: {
      entry: "askSettlement",
      on: {
        SETTLED: [
          { guard: "noPointLeft", target: "exhausted", actions: "keepSettled" },
          { target: "ended", actions: "keepSettled" },
        ],
      },
    },
    exhausted: { type: "final", entry: "reportSettled" },
    ended: { type: "final", entry: "reportSettled" },
  },
  output: ({ context }) => outputOf(context),
});

function outputOf(context: TriggerContext): TriggerOutput {
  return {
    hookIndex: context.hookIndex,
    notReached: context.settled?.notReached,
    failedRun: context.settled?.failedRun,
  };
}

/**
 * The points of a bounded `trigger` from `next` on, which the load ended
 * before reaching; undefined for an unbounded trigger or when none is left.
 */
export function notReachedFrom(trigger: Trigger, next: number | undefined): NotReached | undefined {
  if (next === undefined || !trigger.isBounded()) return undefined;
  const values: number[] = [];
  let count = 0;
  for (let v: number | undefined = next; v !== undefined; v = nextPointOf(trigger, v)) {
    if (values.length < NOT_REACHED_LISTED) values.push(v);
    if (++count >= NOT_REACHED_COUNTED) break;
  }
  return { values, count };
}

/** `trigger.nextPoint(after)`, treating a point that does not move forward (a plugin bug) as none. */
export function nextPointOf(trigger: Trigger, after: number | undefined): number | undefined {
  const v = trigger.nextPoint(after);
  if (v === undefined || !Number.isFinite(v)) return undefined;
  return after !== undefined && v <= after ? undefined : v;
}
