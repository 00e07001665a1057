/**
 * The hook run pool: starts a HookRunActor for each run the hook executor
 * asks for, passes each run's result back as it ends, and cancels them all
 * on a hard abort.
 *
 * The runs are the pool's own actors, not children of the executor: XState
 * copies an actor's table of children on every spawn and stop, so with the
 * runs (and a trigger per hook) in one table, each run cost time in
 * proportion to the hooks of the workload, and 4,000 hooks firing at once
 * took 25 s.
 *
 * @module
 */
import { type Actor, createActor, fromCallback } from "xstate";
import type { Clock } from "../clock/clock.ts";
import { errorInfo } from "../model/error_info.ts";
import type { HookOutputBudget } from "./hook_output_budget.ts";
import { type HookRunInput, hookRunMachine, type HookRunOutput } from "./hook_run_actor.ts";

/** What the pool is asked: start a run, or cancel every running one. */
export type HookRunPoolEvent =
  | { type: "START_RUN"; input: Omit<HookRunInput, "clock"> }
  | { type: "ABORT" };

/** What the pool tells the executor: a run has ended. */
export type HookRunPoolReport = { type: "HOOK_RUN_DONE"; output: HookRunOutput };

/** The pool, invoked by the hook executor with the task's clock. */
export const hookRunPool = fromCallback<
  HookRunPoolEvent,
  { clock: Clock; budget: HookOutputBudget }
>(
  ({ input, sendBack, receive }) => {
    const running = new Set<Actor<typeof hookRunMachine>>();
    receive((event) => {
      if (event.type === "ABORT") {
        for (const run of running) run.send({ type: "ABORT" });
        return;
      }
      if (event.type !== "START_RUN") return;
      // An actor system of its own, on the task's clock (its timeout is simulated
      // with the rest): in a shared one, each run's end scanned every run's
      // pending timeout, O(n²) for n runs at once.
      const run = createActor(hookRunMachine, {
        clock: input.clock,
        input: { ...event.input, clock: input.clock },
      });
      running.add(run);
      const { hookIndex, seq, triggeredBy } = event.input;
      run.subscribe({
        complete: () => {
          running.delete(run);
          const output = run.getSnapshot().output!;
          // Kept within the task run's budget before anyone holds on to it.
          sendBack({
            type: "HOOK_RUN_DONE",
            output: { ...output, result: input.budget.keep(output.result) },
          });
        },
        // The run's own machine failed (a bug in brunt): still one failed run, never a lost one.
        error: (e) => {
          running.delete(run);
          const at = input.clock.now() / 1000;
          const [etype, msg, details] = errorInfo(e);
          sendBack({
            type: "HOOK_RUN_DONE",
            output: {
              hookIndex,
              seq,
              result: {
                triggered_by: triggeredBy,
                started_at: at,
                finished_at: at,
                status: "failed",
                error: { etype, msg, details },
              },
            },
          });
        },
      });
      run.start();
    });
    return () => {
      for (const run of running) run.stop();
    };
  },
);
