/**
 * The trigger pool: one TriggerActor per hook of a workload, for the hook
 * executor. It passes the executor's events to one trigger or to all, and
 * the triggers' reports (`NEXT_POINT`, `FIRE`, `TRIGGER_SETTLED`) back.
 *
 * The triggers are the pool's own actors in the executor's actor system,
 * not the executor's children: XState copies an actor's table of children
 * whenever one is spawned or stopped, so with a trigger per hook in that
 * table a workload with n hooks cost O(n²) (40,000 hooks did not finish).
 *
 * @module
 */
import { type Actor, createActor, fromCallback } from "xstate";
import type { Clock } from "../clock/clock.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { HookSpec } from "../model/task_spec.ts";
import { type TriggerEvent, triggerMachine, type TriggerReport } from "./trigger_actor.ts";

/** What the pool takes: an event for every trigger or for one, or a trigger's report. */
export type TriggerPoolEvent =
  | { type: "TO_ALL"; event: TriggerEvent }
  | { type: "TO_TRIGGER"; hookIndex: number; event: TriggerEvent }
  | TriggerReport;

const REPORTS = new Set<string>(["NEXT_POINT", "FIRE", "TRIGGER_SETTLED"]);

/** What the pool starts from. */
export interface TriggerPoolInput {
  /** The workload's hooks, in configuration order: one trigger each. */
  hooks: HookSpec[];
  /** The plugins the triggers come from. */
  plugins: PluginRegistry;
  /** The task's clock. */
  clock: Clock;
}

/** The pool, invoked by the hook executor; it sends the triggers' reports back to it. */
export const triggerPool = fromCallback<TriggerPoolEvent, TriggerPoolInput>(
  ({ input, self, sendBack, receive }) => {
    // Their parent is the pool: their reports (sendParent) come here.
    const triggers: Actor<typeof triggerMachine>[] = input.hooks.map((spec, hookIndex) =>
      createActor(triggerMachine, {
        parent: self,
        id: `trigger-${hookIndex}`,
        input: { hookIndex, spec, plugins: input.plugins, clock: input.clock },
      })
    );
    receive((event) => {
      if (event.type === "TO_ALL") { for (const t of triggers) t.send(event.event); }
      else if (event.type === "TO_TRIGGER") triggers[event.hookIndex]?.send(event.event);
      // Not XState's notices of a trigger's end: its report says what the executor needs.
      else if (REPORTS.has(event.type)) sendBack(event);
    });
    for (const t of triggers) t.start();
    return () => {
      for (const t of triggers) t.stop();
    };
  },
);
