/**
 * Probes for tests that run real subprocesses: a named pipe through which a
 * subprocess reports its pids (so a test knows the processes exist before it
 * kills them, without sleeping), a check that a pid has ended, and a bound
 * on how long a test waits for a process.
 *
 * @module
 */

/** A FIFO in a fresh temporary directory, and the means to read the pids written to it. */
export interface PidFifo {
  /** Path of the FIFO: a script writes `echo $$ $! > PATH`. */
  path: string;
  /**
   * The pids the program wrote, once it has closed the FIFO; rejects when
   * `running` settles first (the program ended without writing).
   */
  pids(running: Promise<unknown>): Promise<number[]>;
  /** Removes the directory. */
  remove(): void;
}

/** Creates a {@linkcode PidFifo} (with the `mkfifo` program). */
export async function createPidFifo(): Promise<PidFifo> {
  const dir = await Deno.makeTempDir({ prefix: "brunt_pids_" });
  const path = `${dir}/pids`;
  const made = await new Deno.Command("mkfifo", { args: [path] }).output();
  if (!made.success) {
    throw new Error(`mkfifo ${path} failed: ${new TextDecoder().decode(made.stderr)}`);
  }
  return {
    path,
    async pids(running) {
      const read = Deno.readTextFile(path);
      const ended = Symbol("ended");
      const first = await Promise.race([read, running.then(() => ended, () => ended)]);
      if (first === ended) {
        // Open the write end ourselves so the blocked read finishes.
        await Deno.writeTextFile(path, "");
        await read;
        throw new Error("The program ended before it wrote its pids to the FIFO");
      }
      return (first as string).trim().split(/\s+/).map(Number);
    },
    remove: () => Deno.removeSync(dir, { recursive: true }),
  };
}

/**
 * Whether process `pid` has ended or is ending: gone from /proc, a zombie,
 * or inside the kernel's exit path (PF_EXITING). The last case matters
 * because a process closes its pipes before it turns zombie, so a reader can
 * see EOF while the process is still on its way out.
 */
export function processEnded(pid: number): boolean {
  let stat: string;
  try {
    stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  } catch {
    return true;
  }
  // Fields after "(comm) ": state, ppid, pgrp, session, tty_nr, tpgid, flags.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[0] === "Z" || fields[0] === "X" || (Number(fields[6]) & PF_EXITING) !== 0;
}

// include/linux/sched.h: the process is getting shut down.
const PF_EXITING = 0x4;

/**
 * Resolves like `promise`, or rejects once `ms` real milliseconds have
 * passed: a bug that leaves a process running fails the test instead of
 * hanging it.
 */
export async function settlesWithin<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let id: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    id = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(id);
  }
}
