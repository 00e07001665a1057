/**
 * Running one hook outside the engine, the way the engine records it.
 *
 * @module
 */
import { type Clock, type HookClass, type HookError, type Output, RealClock } from "../../mod.ts";

/** What one hook run ended with. */
export interface HookOutcome {
  /** Its status. */
  status: "success" | "failed";
  /** Its error, when failed. */
  error?: HookError;
  /** What it added. */
  output: Output;
}

/**
 * Builds `cls` with `config` and runs it; an exception from run() fails the
 * run with the exception's name, message and stack, as in the engine.
 */
export async function runHookOnce<A>(
  cls: HookClass<A>,
  config: A,
  init: { clock?: Clock; signal?: AbortSignal } = {},
): Promise<HookOutcome> {
  const hook = new cls({
    config,
    clock: init.clock ?? new RealClock(),
    signal: init.signal ?? new AbortController().signal,
  });
  try {
    await hook.run();
  } catch (e) {
    const err = e as Error;
    hook.setError(err.name, err.message, err.stack ?? "");
  }
  return { status: hook.status, error: hook.error, output: hook.output };
}
