/**
 * RunnerActor: a workload's load, as an actor.
 *
 * The workload sees the load's lifecycle as events: it tells the runner
 * `STOP` (start no more iterations; those in flight finish) and `ABORT`
 * (and cancel those in flight); the runner tells it `RUNNER_STARTED` (the
 * first iteration started) and then `RUNNER_DONE` or `RUNNER_FAILED`. The
 * load inside is a {@linkcode Load}: a runner plugin whose per-iteration
 * loop stays plain calls on the `IterationDriver` in this thread
 * (`LocalLoad`), or the execution segments of the load, each such a loop on
 * a worker, whose results stream back (`SegmentedLoad`).
 *
 * @module
 */
import { fromCallback } from "xstate";
import type { Load } from "./load.ts";

/** What a RunnerActor starts from. */
export interface RunnerInput {
  /** The load it drives. */
  load: Load;
  /** Stopped before it started: it starts no iteration. */
  stopped: boolean;
}

/** Events a RunnerActor takes. */
export type RunnerCommand = { type: "STOP" } | { type: "ABORT"; reason: Error };

/** Events a RunnerActor sends its parent. */
export type RunnerReport =
  | { type: "RUNNER_STARTED"; at: number }
  | { type: "RUNNER_DONE" }
  | { type: "RUNNER_FAILED"; error: unknown };

/** The RunnerActor's logic. */
export const runnerActor = fromCallback<RunnerCommand, RunnerInput>(
  ({ input, sendBack: send, receive }) => {
    const sendBack = (report: RunnerReport) => send(report);
    const { load } = input;
    receive((command) => {
      if (command.type === "STOP") load.stopStarting();
      else load.abort(command.reason);
    });
    load.onLoadStart = (at) => sendBack({ type: "RUNNER_STARTED", at });
    if (input.stopped) load.stopStarting();
    load.run().then(
      () => sendBack({ type: "RUNNER_DONE" }),
      (error) => sendBack({ type: "RUNNER_FAILED", error }),
    );
    // Stopped from outside (its workload ended): no iteration may start after.
    return () => load.stopStarting();
  },
);
