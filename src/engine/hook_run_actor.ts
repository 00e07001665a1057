/**
 * HookRunActor: one run of a hook, running → success | failed. Its output
 * is the run's result (the hook run pool passes it on).
 *
 * @module
 */
import { assign, fromPromise, setup } from "xstate";
import type { Clock } from "../clock/clock.ts";
import type { HookClass } from "../plugins/hook.ts";
import type { Output, OutputInput } from "../model/output.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { HookSpec } from "../model/task_spec.ts";
import { errorInfo } from "../model/error_info.ts";
import type { HookError, HookRunResult, HookStatus, TriggerUnit } from "../model/hook_result.ts";
import type { HookRunStart } from "../model/progress.ts";

/** Seconds a hook run may take when its args set no `timeout`. */
export const DEFAULT_HOOK_TIMEOUT_S = 600;
// Beyond a hook's own `timeout` arg: time for it to clean up and report.
const GRACE_S = 5;

/** What a HookRunActor starts from. */
export interface HookRunInput {
  /** Index of the hook in the workload's configuration. */
  hookIndex: number;
  /** Firing order within the workload. */
  seq: number;
  /** The hook's configuration. */
  spec: HookSpec;
  /** The point that fired it. */
  triggeredBy: { event_type: TriggerUnit; value: number };
  /** When it started, epoch ms (its `started_at`): the executor's reading of the clock as it spawned it. */
  startedAt: number;
  /** The task's clock. */
  clock: Clock;
  /** The plugins the hook's action comes from. */
  plugins: PluginRegistry;
  /** An error raised by the trigger itself; the run then fails with it at once. */
  triggerError?: unknown;
}

/** What the HookRunActor outputs when done. */
export interface HookRunOutput {
  /** Index of the hook in the workload's configuration. */
  hookIndex: number;
  /** Firing order. */
  seq: number;
  /** The run's result. */
  result: HookRunResult;
}

/** What the HookRunActor tells its parent as it starts. */
export interface HookRunStarted {
  /** Index of the hook in the workload's configuration. */
  hookIndex: number;
  /** Firing order. */
  seq: number;
  /** What is known of the run so far. */
  run: HookRunStart;
}

/** Events a HookRunActor takes. */
export type HookRunEvent = { type: "ABORT" };

interface Outcome {
  status: HookStatus;
  error?: HookError;
  output: Output;
}

interface HookRunContext extends HookRunInput {
  outcome?: Outcome;
}

/** The time limit of one run of `spec`, in milliseconds. */
export function hookTimeoutMs(spec: HookSpec): number {
  const args = spec.action.args as { timeout?: unknown } | undefined;
  const own = typeof args === "object" && args !== null && typeof args.timeout === "number"
    ? args.timeout + GRACE_S
    : DEFAULT_HOOK_TIMEOUT_S;
  return own * 1000;
}

// Runs the hook plugin. Never rejects: whatever run() throws becomes the outcome,
// keeping any output it added before throwing.
const runHook = fromPromise<
  Outcome,
  { spec: HookSpec; clock: Clock; plugins: PluginRegistry; triggerError?: unknown }
>(
  async ({ input, signal }) => {
    const fail = (e: unknown, output: Output = { additive: [], complete: [] }): Outcome => {
      const [etype, msg, details] = errorInfo(e);
      return { status: "failed", error: { etype, msg, details }, output };
    };
    if (input.triggerError !== undefined) return fail(input.triggerError);
    let hook;
    try {
      const cls = input.plugins.get<HookClass>("hook", input.spec.action.name).impl;
      hook = new cls({ config: input.spec.action.args, signal, clock: input.clock });
    } catch (e) {
      return fail(e);
    }
    // run() starts on the load's thread: time until it first waits is time
    // the load stood still. Said in the run's output when it is long.
    const started = performance.now();
    let running: Promise<void> | undefined;
    try {
      running = hook.run();
    } catch (e) {
      return fail(e, hook.output);
    } finally {
      noteBlocking(hook, performance.now() - started);
    }
    try {
      await running;
    } catch (e) {
      return fail(e, hook.output);
    }
    return { status: hook.status, error: hook.error, output: hook.output };
  },
);

/**
 * A hook's `run()` that keeps the thread this long before it first waits
 * gets a note in its output: the load's iterations, timers and other hooks
 * stood still meanwhile (a busy loop halved the load's rate).
 */
export const BLOCKING_NOTE_MS = 250;

function noteBlocking(hook: { addOutput(output: OutputInput): void }, ms: number): void {
  if (ms < BLOCKING_NOTE_MS) return;
  hook.addOutput({
    complete: {
      title: "Blocked the load",
      chart_plugin: "TextArea",
      data: [
        `run() kept the load's thread for ${(ms / 1000).toFixed(2)} s before it first waited: ` +
        `iterations, timers and other hooks stood still meanwhile. Do slow synchronous work ` +
        `in a subprocess or a worker, or await between its parts.`,
      ],
    },
  });
}

/** The HookRunActor's machine. */
export const hookRunMachine = setup({
  types: {} as {
    input: HookRunInput;
    context: HookRunContext;
    events: HookRunEvent;
    output: HookRunOutput;
  },
  actors: { runHook },
  delays: {
    hookTimeout: ({ context }) => hookTimeoutMs(context.spec),
  },
  guards: {
    succeeded: ({ context }) => context.outcome?.status === "success",
  },
  actions: {
    keepOutcome: assign({ outcome: (_, outcome: Outcome) => outcome }),
    failTimedOut: assign({
      outcome: ({ context }) =>
        failure(
          "TimeoutError",
          `Hook run timed out after ${hookTimeoutMs(context.spec) / 1000} s and was cancelled`,
        ),
    }),
    failAborted: assign({
      outcome: () => failure("Aborted", "Hook run was cancelled by a hard abort of the task"),
    }),
  },
}).createMachine({
  id: "hookRun",
  context: ({ input }) => ({ ...input }),
  initial: "running",
  states: {
    running: {
      invoke: {
        src: "runHook",
        input: ({ context }) => ({
          spec: context.spec,
          clock: context.clock,
          plugins: context.plugins,
          triggerError: context.triggerError,
        }),
        onDone: {
          target: "settled",
          actions: { type: "keepOutcome", params: ({ event }) => event.output },
        },
      },
      after: { hookTimeout: { target: "failed", actions: "failTimedOut" } },
      on: { ABORT: { target: "failed", actions: "failAborted" } },
    },
    settled: {
      always: [{ guard: "succeeded", target: "success" }, { target: "failed" }],
    },
    success: { type: "final" },
    failed: { type: "final" },
  },
  output: ({ context }) => toOutput(context),
});

function failure(etype: string, msg: string): Outcome {
  return {
    status: "failed",
    error: { etype, msg, details: "" },
    output: { additive: [], complete: [] },
  };
}

function toOutput(context: HookRunContext): HookRunOutput {
  const outcome = context.outcome!;
  const result: HookRunResult = {
    triggered_by: context.triggeredBy,
    started_at: context.startedAt / 1000,
    finished_at: context.clock.now() / 1000,
    status: outcome.status,
  };
  if (outcome.output.additive.length || outcome.output.complete.length) {
    result.output = outcome.output;
  }
  if (outcome.status === "failed") {
    result.error = outcome.error ??
      { etype: "HookFailed", msg: "The hook set its status to failed", details: "" };
  }
  return { hookIndex: context.hookIndex, seq: context.seq, result };
}
