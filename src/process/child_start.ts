/**
 * Starting one program in a process group of its own and reading its
 * output: the part of running a subprocess that touches the operating
 * system. {@linkcode ./process_host.ts} runs it in a worker thread, so that
 * the spawn and the reads never take time from the load's thread.
 *
 * @module
 */

/** What to start: everything a worker needs, as plain data. */
export interface ChildRequest {
  /** The program (looked up on PATH when it has no `/`). */
  program: string;
  /** Its arguments. */
  args: string[];
  /** Working directory; the current one when absent. */
  cwd?: string;
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
  /** Bytes of stdout, and of stderr, kept; the rest is read and dropped. */
  maxOutputBytes: number;
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

/** How a started program ended, once its output is read. */
export interface ChildEnd {
  /** Exit code; 128 + the signal's number when a signal killed the program. */
  code: number;
  /** The signal that killed the program, or null when it exited. */
  signal: Deno.Signal | null;
  /** Captured stdout. */
  stdout: CapturedOutput;
  /** Captured stderr. */
  stderr: CapturedOutput;
}

/** A started program. */
export interface StartedChild {
  /** Its pid, which is also its process group's id. */
  pid: number;
  /** Resolves once it has exited and both outputs are read (or cancelled). */
  ended: Promise<ChildEnd>;
  /** Stops reading its output: `ended` resolves with what was read so far. */
  cancelOutput(): void;
}

/**
 * Starts `request.program` in a new session and process group whose id is
 * its pid, stdin closed, stdout and stderr captured up to the cap.
 *
 * Through the `setsid` program where there is one: Deno's own `detached`
 * forks the whole runtime first (1–2 ms and copy-on-write faults for a
 * process of a few hundred MB), while `setsid` only calls setsid(2) and
 * execs the command, keeping the pid. The command is looked up first, so a
 * missing or non-executable one fails the same way as when spawned directly.
 *
 * @throws `Deno.errors.NotFound` for a missing program or working directory,
 *   `Deno.errors.PermissionDenied` for one that is not executable.
 */
export function startChild(request: ChildRequest): StartedChild {
  const child = spawnInOwnGroup(request);
  const stdout = capture(child.stdout, request.maxOutputBytes);
  const stderr = capture(child.stderr, request.maxOutputBytes);
  const ended = Promise.all([child.status, stdout.done, stderr.done]).then(
    ([status, out, err]): ChildEnd => ({
      code: status.code,
      signal: status.signal,
      stdout: out,
      stderr: err,
    }),
  );
  return {
    pid: child.pid,
    ended,
    cancelOutput: () => {
      stdout.cancel();
      stderr.cancel();
    },
  };
}

// The `setsid` program, or undefined where there is none (looked up once).
let setsidPath: string | undefined | null = null;

function spawnInOwnGroup(request: ChildRequest): Deno.ChildProcess {
  const { program, args, cwd, env } = request;
  const io = { cwd, env, stdin: "null", stdout: "piped", stderr: "piped" } as const;
  if (setsidPath === null) setsidPath = findExecutable("setsid", Deno.env.get("PATH") ?? "");
  if (setsidPath === undefined) {
    return new Deno.Command(program, { ...io, args, detached: true }).spawn();
  }
  if (cwd !== undefined) Deno.statSync(cwd); // NotFound, as a spawn would throw
  const path = env?.PATH ?? Deno.env.get("PATH") ?? "";
  const resolved = program.includes("/")
    ? checkExecutable(program.startsWith("/") ? program : `${cwd ?? "."}/${program}`)
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
