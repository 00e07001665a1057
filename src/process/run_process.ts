/**
 * Running a program as a subprocess with bounded output capture, a timeout
 * on a {@linkcode Clock}, and an abort that kills the program and every
 * process it started.
 *
 * @module
 */
import { descendantsOf } from "./process_tree.ts";
import type { Clock, TimerId } from "../clock/clock.ts";
import type { CapturedOutput } from "./child_start.ts";
import { launchChild } from "./process_host.ts";

export type { CapturedOutput } from "./child_start.ts";

/** Options of {@linkcode runProcess}. */
export interface RunProcessOptions {
  /** The program (looked up on PATH when it has no `/`) and its arguments. */
  cmd: readonly string[];
  /** The clock that times the timeout and the kill grace. */
  clock: Clock;
  /**
   * Working directory of the program.
   * @default the current directory
   */
  cwd?: string;
  /**
   * Variables added to the inherited environment.
   * @default {}
   */
  env?: Record<string, string>;
  /**
   * Milliseconds after which the program is killed.
   * @default Infinity (no timeout)
   */
  timeoutMs?: number;
  /** Aborting it kills the program. */
  signal?: AbortSignal;
  /**
   * Bytes of stdout, and of stderr, kept; the rest is read and dropped.
   * @default 1_048_576 (1 MiB)
   */
  maxOutputBytes?: number;
  /**
   * Milliseconds between SIGTERM and SIGKILL when killing, and again between
   * SIGKILL and giving up on output that processes outside the program's
   * process group still hold open.
   * @default 2_000
   */
  killGraceMs?: number;
}

/** How a program run by {@linkcode runProcess} ended. */
export interface ProcessResult {
  /** Exit code; 128 + the signal's number when a signal killed the program. */
  code: number;
  /** The signal that killed the program, or null when it exited. */
  signal: Deno.Signal | null;
  /** Captured stdout. */
  stdout: CapturedOutput;
  /** Captured stderr. */
  stderr: CapturedOutput;
  /**
   * Why runProcess killed the program, when it did: its timeout passed, or
   * the signal aborted (then `abortReason` holds the signal's reason).
   */
  killedFor?: "timeout" | "abort";
  /** The signal's reason when `killedFor` is `"abort"`. */
  abortReason?: unknown;
}

/** Default of {@linkcode RunProcessOptions.maxOutputBytes}: 1 MiB. */
export const DEFAULT_MAX_OUTPUT_BYTES = 1_048_576;
/** Default of {@linkcode RunProcessOptions.killGraceMs}. */
export const DEFAULT_KILL_GRACE_MS = 2_000;

/**
 * Runs `cmd[0]` with `cmd[1..]` as its arguments, directly (no shell),
 * stdin closed, and resolves once it has ended and its output is read.
 *
 * The program starts in a process group of its own, so a kill (timeout or
 * abort) reaches everything it started too: SIGTERM to the group, SIGKILL
 * after `killGraceMs`. Where `/proc` lists them (Linux), its descendants in
 * other groups (a command that called `setsid`) get the same signals, as
 * long as their parent was alive at the first signal. A program that exits but leaves children holding its
 * stdout or stderr open is waited for until they close them, or until the
 * timeout kills the group.
 *
 * @param options What to run and how.
 * @returns The exit status and the captured output; `killedFor` says when
 *   the program was killed for its timeout or an abort.
 * @throws The spawn error (`Deno.errors.NotFound` for a missing program or
 *   working directory, `Deno.errors.PermissionDenied` for a file that is not
 *   executable); the signal's reason when it aborted before the start.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RealClock } from "@brunt/brunt";
 * import { runProcess } from "./run_process.ts";
 * const clock = new RealClock();
 * const result = await runProcess({ cmd: ["/bin/echo", "hi"], clock, timeoutMs: 5_000 });
 * assert.equal(result.code, 0);
 * assert.equal(result.stdout.text, "hi\n");
 * ```
 */
export async function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  const { clock, signal } = options;
  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  signal?.throwIfAborted();

  const [program, ...args] = options.cmd;
  const child = launchChild({
    program,
    args,
    cwd: options.cwd,
    env: options.env,
    maxOutputBytes: max,
  });
  // The timers count from now; a kill asked for before the program has
  // started reaches it as soon as it has.
  let pid: number | undefined;
  let pending: Deno.Signal | undefined;
  // Descendants seen at the first signal: by the second, those whose parent
  // has died belong to init and can no longer be found from the program.
  const escaped = new Set<number>();
  const signalChild = (sig: Deno.Signal) => {
    if (pid === undefined) {
      pending = sig;
      return;
    }
    for (const d of descendantsOf(pid)) escaped.add(d);
    signalGroup(pid, sig);
    for (const d of escaped) signalOne(d, sig);
  };
  child.started.then((started) => {
    pid = started;
    if (pending) signalGroup(started, pending);
  }, () => {});

  const timers = new Set<TimerId>();
  const later = (ms: number, fn: () => void) => {
    const id = clock.setTimeout(() => {
      timers.delete(id);
      fn();
    }, ms);
    timers.add(id);
  };
  let killedFor: ProcessResult["killedFor"];
  const kill = (why: "timeout" | "abort") => {
    if (killedFor) return;
    killedFor = why;
    signalChild("SIGTERM");
    later(grace, () => {
      signalChild("SIGKILL");
      // Something outside the group may still hold the pipes: stop waiting.
      later(grace, () => child.cancelOutput());
    });
  };
  const onAbort = () => kill("abort");
  signal?.addEventListener("abort", onAbort, { once: true });
  const timeoutMs = options.timeoutMs ?? Number.POSITIVE_INFINITY;
  if (Number.isFinite(timeoutMs)) later(timeoutMs, () => kill("timeout"));

  try {
    const result: ProcessResult = { ...(await child.ended) };
    if (killedFor) result.killedFor = killedFor;
    if (killedFor === "abort") result.abortReason = signal?.reason;
    return result;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    for (const id of timers) clock.clearTimeout(id);
  }
}

// Sends `sig` to one process; one that has gone is fine.
function signalOne(pid: number, sig: Deno.Signal): void {
  try {
    Deno.kill(pid, sig);
  } catch {
    // Gone, or no longer ours to signal.
  }
}

// Sends `sig` to the process group led by `pgid`; a group that has already
// gone is fine. Right after the spawn the child may not have made its group
// yet (setsid has not run): then it is signalled alone, and has no children.
function signalGroup(pgid: number, sig: Deno.Signal): void {
  try {
    Deno.kill(-pgid, sig);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound)) throw e;
    try {
      Deno.kill(pgid, sig);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
}
