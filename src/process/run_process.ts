/**
 * Running a program as a subprocess with bounded output capture, a timeout
 * on a {@linkcode Clock}, and an abort that kills the program and every
 * process it started.
 *
 * @module
 */
import type { Clock, TimerId } from "../clock/clock.ts";

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

/** What a program wrote to stdout or stderr. */
export interface CapturedOutput {
  /** The kept bytes as UTF-8 text (invalid sequences become U+FFFD). */
  text: string;
  /** Bytes the program wrote in all. */
  bytes: number;
  /** Whether `bytes` exceeded the cap, so `text` holds only the first part. */
  truncated: boolean;
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
 * after `killGraceMs`. A program that exits but leaves children holding its
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
 * import { RealClock } from "../clock/real_clock.ts";
 * import { runProcess } from "./run_process.ts";
 * const result = await runProcess({ cmd: ["/bin/echo", "hi"], clock: new RealClock(), timeoutMs: 5_000 });
 * console.assert(result.code === 0 && result.stdout.text === "hi\n");
 * ```
 */
export async function runProcess(options: RunProcessOptions): Promise<ProcessResult> {
  const { clock, signal } = options;
  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const max = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  signal?.throwIfAborted();

  const [program, ...args] = options.cmd;
  const child = spawnInOwnGroup(program, args, options);
  const stdout = capture(child.stdout, max);
  const stderr = capture(child.stderr, max);

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
    signalGroup(child.pid, "SIGTERM");
    later(grace, () => {
      signalGroup(child.pid, "SIGKILL");
      // Something outside the group may still hold the pipes: stop waiting.
      later(grace, () => {
        stdout.cancel();
        stderr.cancel();
      });
    });
  };
  const onAbort = () => kill("abort");
  signal?.addEventListener("abort", onAbort, { once: true });
  const timeoutMs = options.timeoutMs ?? Number.POSITIVE_INFINITY;
  if (Number.isFinite(timeoutMs)) later(timeoutMs, () => kill("timeout"));

  try {
    const [status, out, err] = await Promise.all([child.status, stdout.done, stderr.done]);
    const result: ProcessResult = {
      code: status.code,
      signal: status.signal,
      stdout: out,
      stderr: err,
    };
    if (killedFor) result.killedFor = killedFor;
    if (killedFor === "abort") result.abortReason = signal?.reason;
    return result;
  } finally {
    signal?.removeEventListener("abort", onAbort);
    for (const id of timers) clock.clearTimeout(id);
  }
}

// The `setsid` program, or undefined where there is none (looked up once).
let setsidPath: string | undefined | null = null;

/**
 * Starts `program` in a new session and process group whose id is its pid,
 * so that killing the group reaches grandchildren a shell left behind.
 *
 * Through the `setsid` program where there is one: Deno's own `detached`
 * forks the whole runtime first (1–2 ms and copy-on-write faults for a
 * process of a few hundred MB, taken from the load), while `setsid` only
 * calls setsid(2) and execs the command, keeping the pid. The command is
 * looked up first, so a missing or non-executable one fails the same way
 * (`Deno.errors.NotFound` / `PermissionDenied`) as when spawned directly.
 */
function spawnInOwnGroup(
  program: string,
  args: string[],
  options: RunProcessOptions,
): Deno.ChildProcess {
  const io = {
    cwd: options.cwd,
    env: options.env,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  } as const;
  if (setsidPath === null) setsidPath = findExecutable("setsid", Deno.env.get("PATH") ?? "");
  if (setsidPath === undefined) {
    return new Deno.Command(program, { ...io, args, detached: true }).spawn();
  }
  if (options.cwd !== undefined) Deno.statSync(options.cwd); // NotFound, as a spawn would throw
  const path = options.env?.PATH ?? Deno.env.get("PATH") ?? "";
  const resolved = program.includes("/")
    ? checkExecutable(program.startsWith("/") ? program : `${options.cwd ?? "."}/${program}`)
    : findExecutable(program, path);
  if (resolved === undefined) {
    throw new Deno.errors.NotFound(`No such file or directory (os error 2): ${program}`);
  }
  return new Deno.Command(setsidPath, { ...io, args: ["--", resolved, ...args] }).spawn();
}

// The first executable `name` on `path` (a PATH value), or undefined; throws
// PermissionDenied when only non-executable ones exist.
function findExecutable(name: string, path: string): string | undefined {
  let denied: Deno.errors.PermissionDenied | undefined;
  for (const dir of path.split(":")) {
    try {
      const found = checkExecutable(`${dir || "."}/${name}`);
      if (found) return found;
    } catch (e) {
      if (!(e instanceof Deno.errors.PermissionDenied)) throw e;
      denied ??= e;
    }
  }
  if (denied) throw denied;
  return undefined;
}

// `file` when it is an executable file, undefined when it does not exist;
// PermissionDenied for a folder or a file without execute permission.
function checkExecutable(file: string): string | undefined {
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(file);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory) {
      return undefined;
    }
    throw e;
  }
  if (info.isFile && ((info.mode ?? 0o111) & 0o111) !== 0) return file;
  throw new Deno.errors.PermissionDenied(`Permission denied (os error 13): ${file}`);
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

interface Capture {
  /** Resolves with the output once the stream ends or is cancelled. */
  done: Promise<CapturedOutput>;
  /** Stops reading; `done` resolves with what was read so far. */
  cancel(): void;
}

// Reads a stream to its end, keeping at most `max` bytes so a chatty
// program cannot grow memory without bound, yet never blocks it on a full
// pipe.
function capture(stream: ReadableStream<Uint8Array>, max: number): Capture {
  const reader = stream.getReader();
  const done = (async (): Promise<CapturedOutput> => {
    const kept: Uint8Array[] = [];
    let keptBytes = 0;
    let bytes = 0;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        bytes += value.length;
        if (keptBytes < max) {
          const part = value.length <= max - keptBytes ? value : value.slice(0, max - keptBytes);
          kept.push(part);
          keptBytes += part.length;
        }
      }
    } catch {
      // A read error ends the capture with what was read; the exit status
      // still tells how the program ended.
    }
    const all = new Uint8Array(keptBytes);
    let at = 0;
    for (const part of kept) {
      all.set(part, at);
      at += part.length;
    }
    return { text: new TextDecoder().decode(all), bytes, truncated: bytes > keptBytes };
  })();
  return { done, cancel: () => void reader.cancel().catch(() => {}) };
}
