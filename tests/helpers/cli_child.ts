/**
 * The brunt CLI as a real child process, for tests that signal or kill it:
 * started with `deno run -A mod.ts …` in a fresh temporary folder, its
 * stderr watched as it arrives (so a test can wait for a line instead of
 * sleeping), its stdout drained, and everything bounded in time.
 *
 * @module
 */
import { DatabaseSync } from "node:sqlite";

const MOD = new URL("../../mod.ts", import.meta.url).pathname;

/** How long a test waits for anything from the child unless told otherwise, in ms. */
export const DEFAULT_DEADLINE_MS = 20_000;

/** What a finished child left. */
export interface CliExit {
  /** Exit code (or 128 + signal number when a signal ended it). */
  code: number;
  /** The signal that ended it, if one did. */
  signal: Deno.Signal | null;
  /** Everything written to stdout. */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
}

/** A running brunt CLI. */
export interface CliChild {
  /** The child's working folder (a fresh temporary folder, removed by `close`). */
  cwd: string;
  /** Its process id. */
  pid: number;
  /** stderr so far. */
  stderr(): string;
  /** Resolves with the match once stderr matches `pattern`; rejects after `deadlineMs` or when the child ends first. */
  waitForStderr(pattern: RegExp, deadlineMs?: number): Promise<RegExpMatchArray>;
  /** Sends `signal` to the child. */
  kill(signal: Deno.Signal): void;
  /** Resolves when the child has ended and its output is read; rejects after `deadlineMs`. */
  exited(deadlineMs?: number): Promise<CliExit>;
  /** Kills the child if it still runs, waits for it, and removes `cwd`. */
  close(): Promise<void>;
}

/**
 * Starts `deno run -A mod.ts ...args` with a fresh temporary folder as its
 * working folder (the CLI writes `.brunt/` there). `args` may use `{cwd}`,
 * which is replaced by that folder.
 */
export async function startCli(args: string[]): Promise<CliChild> {
  const cwd = await Deno.makeTempDir({ prefix: "brunt_cli_" });
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", MOD, ...args.map((a) => a.replaceAll("{cwd}", cwd))],
    cwd,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  let err = "";
  let ended = false;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const l of [...listeners]) l();
  };
  const readErr = (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of child.stderr) {
      err += decoder.decode(chunk, { stream: true });
      notify();
    }
  })();
  const readOut = new Response(child.stdout).text();
  const status = child.status.then((s) => {
    ended = true;
    notify();
    return s;
  });
  const finished: Promise<CliExit> = Promise.all([status, readErr, readOut]).then((
    [s, , out],
  ) => ({ code: s.code, signal: s.signal, stdout: out, stderr: err }));
  // Observed here so an early rejection elsewhere never leaves it unhandled.
  finished.catch(() => {});

  const waitForStderr = (pattern: RegExp, deadlineMs = DEFAULT_DEADLINE_MS) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const m = err.match(pattern);
        if (m) done(() => resolve(m));
        else if (ended) {
          done(() => reject(new Error(`the CLI ended before stderr matched ${pattern}:\n${err}`)));
        }
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(new Error(`stderr did not match ${pattern} within ${deadlineMs} ms:\n${err}`))
          ),
        deadlineMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      listeners.add(check);
      check();
    });

  const exited = (deadlineMs = DEFAULT_DEADLINE_MS) =>
    withDeadline(
      finished,
      deadlineMs,
      () => `the CLI did not exit within ${deadlineMs} ms:\n${err}`,
    );

  return {
    cwd,
    pid: child.pid,
    stderr: () => err,
    waitForStderr,
    kill: (signal) => child.kill(signal),
    exited,
    async close() {
      if (!ended) {
        try {
          child.kill("SIGKILL");
        } catch {
          // It ended meanwhile.
        }
      }
      await finished.catch(() => {});
      await Deno.remove(cwd, { recursive: true });
    },
  };
}

/**
 * Calls `probe` every `intervalMs` until it returns something other than
 * undefined, and resolves with that; rejects after `deadlineMs`. For
 * watching files a child writes, where there is no event to wait on.
 */
export async function poll<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  deadlineMs = DEFAULT_DEADLINE_MS,
  intervalMs = 50,
): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`${what}: not seen within ${deadlineMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * How many iterations the task history at `dbPath` holds (over all tasks),
 * read without writing to it; 0 while the file or its tables do not exist
 * yet or are locked, as when a child process is just creating them.
 */
export function committedIterations(dbPath: string): number {
  try {
    Deno.statSync(dbPath);
  } catch {
    return 0;
  }
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(dbPath, { readOnly: true });
    const row = db.prepare("SELECT coalesce(sum(count), 0) AS n FROM iteration_chunks").get() as {
      n: number;
    };
    return Number(row.n);
  } catch (e) {
    if (/no such table|locked|busy/i.test((e as Error).message)) return 0;
    throw e;
  } finally {
    db?.close();
  }
}

function withDeadline<T>(p: Promise<T>, ms: number, message: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message())), ms);
  });
  return Promise.race([p, deadline]).finally(() => clearTimeout(timer));
}
