/**
 * TriggerActor: decides when its hook fires.
 * waiting → firing → waiting … → exhausted (no point left) | ended (load over).
 * A time trigger waits for LOAD_STARTED before it schedules its first point.
 *
 * @module
 */
import { and, assign, fromCallback, sendParent, setup } from "xstate";
import type { Clock } from "../clock/clock.ts";
import type { Trigger } from "../plugins/trigger.ts";
import type { TriggerUnit } from "../model/hook_result.ts";

/** Most unreached points listed one by one; the rest are only counted. */
export const NOT_REACHED_LISTED = 100;
// Counting unreached points stops here (a bounded trigger with a tiny step can have many).
const NOT_REACHED_COUNTED = 1_000_000;

/** What a TriggerActor starts from. */
export interface TriggerInput {
  /** Index of the hook in the workload's configuration. */
  hookIndex: number;
  /** The trigger plugin instance. */
  trigger: Trigger;
  /** The unit it listens to. */
  unit: TriggerUnit;
  /**
   * When the load started (the first iteration's start), epoch ms; undefined
   * until LOAD_STARTED tells it (only time triggers need it).
   */
  loadStart?: number;
  /** The task's clock. */
  clock: Clock;
}

/** Events a TriggerActor takes. */
export type TriggerEvent =
  | { type: "LOAD_STARTED"; at: number }
  | { type: "ITERATION"; value: number }
  | { type: "LOAD_ENDED" }
  | { type: "STOP" };

/** Points the load ended before reaching. */
export interface NotReached {
  /** The first of them (at most {@linkcode NOT_REACHED_LISTED}). */
  values: number[];
  /** How many in all. */
  count: number;
}

interface TriggerContext extends TriggerInput {
  /** The next point to fire at, or undefined when none is left. */
  next: number | undefined;
  /** The point being fired. */
  firing?: number;
  /** The load has ended: fire what is due at this instant, then end. */
  ending?: boolean;
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
    events: TriggerEvent | { type: "DUE" };
    output: { hookIndex: number };
  },
  actors: { waitUntil },
  guards: {
    noPointLeft: ({ context }) => context.next === undefined,
    listensToTime: ({ context }) => context.unit === "time",
    loadNotStarted: ({ context }) => context.loadStart === undefined,
    isNextPoint: ({ context, event }) => event.type === "ITERATION" && event.value === context.next,
    isEnding: ({ context }) => context.ending === true,
    dueAtStart: ({ context, event }) =>
      event.type === "LOAD_STARTED" && event.at + context.next! * 1000 <= context.clock.now(),
    // A time point at the very instant the load ended belongs to the load,
    // whichever of the two clock timers happened to run first.
    nextIsDue: ({ context }) =>
      context.unit === "time" && context.loadStart !== undefined &&
      context.loadStart + context.next! * 1000 <= context.clock.now(),
  },
  actions: {
    keepLoadStart: assign({ loadStart: (_, at: number) => at }),
    markEnding: assign({ ending: true }),
    advance: assign(({ context }) => ({
      firing: context.next,
      next: nextPointOf(context.trigger, context.next),
    })),
    fire: sendParent(({ context }) => {
      const value = context.firing!;
      try {
        if (!context.trigger.onEvent(context.unit, value)) return { type: "SKIP" as const };
        return { type: "FIRE" as const, hookIndex: context.hookIndex, unit: context.unit, value };
      } catch (e) {
        return {
          type: "FIRE" as const,
          hookIndex: context.hookIndex,
          unit: context.unit,
          value,
          triggerError: e,
        };
      }
    }),
  },
}).createMachine({
  id: "trigger",
  context: ({ input }) => ({ ...input, next: nextPointOf(input.trigger, undefined) }),
  initial: "waiting",
  states: {
    waiting: {
      initial: "route",
      states: {
        route: {
          always: [
            { guard: "noPointLeft", target: "#trigger.exhausted" },
            { guard: and(["isEnding", "nextIsDue"]), target: "#trigger.firing" },
            { guard: "isEnding", target: "#trigger.ended" },
            { guard: and(["listensToTime", "loadNotStarted"]), target: "unstarted" },
            { guard: "listensToTime", target: "time" },
            { target: "iteration" },
          ],
        },
        unstarted: {
          on: {
            // A point already due (0, or one the load's start passed) fires
            // now, not a timer's turn later, which at a load's cold start is
            // a few ms.
            LOAD_STARTED: [
              {
                guard: "dueAtStart",
                target: "#trigger.firing",
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
          on: { DUE: { target: "#trigger.firing" } },
        },
        iteration: { on: { ITERATION: { guard: "isNextPoint", target: "#trigger.firing" } } },
      },
      on: {
        LOAD_ENDED: { target: ".route", reenter: true, actions: "markEnding" },
        STOP: { target: "ended" },
      },
    },
    firing: {
      entry: ["advance", "fire"],
      always: { target: "waiting" },
    },
    exhausted: { type: "final" },
    ended: { type: "final" },
  },
  output: ({ context }) => ({ hookIndex: context.hookIndex }),
});

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
