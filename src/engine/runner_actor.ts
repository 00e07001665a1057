/**
 * RunnerActor: a runner plugin driving one workload's load, as an actor.
 *
 * The workload sees the runner's lifecycle as events: it tells the runner
 * `STOP` (start no more iterations; those in flight finish) and `ABORT`
 * (and cancel those in flight); the runner tells it `RUNNER_STARTED` (the
 * first iteration started) and then `RUNNER_DONE` or `RUNNER_FAILED`. The
 * per-iteration loop inside stays plain calls on the {@linkcode IterationDriver}:
 * this is the shape a worker thread's share of the load takes too.
 *
 * @module
 */
import { fromCallback } from "xstate";
import type { RunnerPlugin } from "../plugins/runner.ts";
import type { IterationDriver } from "./iteration_driver.ts";

/** What a RunnerActor starts from. */
export interface RunnerInput {
  /** The runner plugin. */
  runner: RunnerPlugin;
  /** Its validated args. */
  args: Record<string, unknown>;
  /** The load path it drives. */
  driver: IterationDriver;
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
    const { driver } = input;
    receive((command) => {
      if (command.type === "STOP") driver.stopStarting();
      else driver.abort(command.reason);
    });
    driver.onLoadStart = (at) => sendBack({ type: "RUNNER_STARTED", at });
    if (input.stopped) driver.stopStarting();
    let running: Promise<void>;
    try {
      running = input.runner.run(input.args, driver);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      () => sendBack({ type: "RUNNER_DONE" }),
      (error) => sendBack({ type: "RUNNER_FAILED", error }),
    );
    // Stopped from outside (its workload ended): no iteration may start after.
    return () => driver.stopStarting();
  },
);
