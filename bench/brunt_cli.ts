/**
 * Running brunt's real CLI in a subprocess, as users run it, so the figures
 * include the task history store, and reading back what it wrote.
 *
 * @module
 */
import { type MeasuredRun, runMeasured } from "./measured_process.ts";
import { readResults, type WorkloadSummary } from "./results_file.ts";

/** The repository root (this file is in bench/). */
export const REPO: string = new URL("..", import.meta.url).pathname.replace(/\/$/, "");

/** Options of {@linkcode runBruntCli}. */
export interface BruntCliOptions {
  /** Values of the task template's variables (`--task-args`). */
  taskArgs?: Record<string, unknown>;
  /** Keep every iteration's start time (read from the `--json` file). */
  keepStarts?: boolean;
  /** A scratch folder: the history database and the results file go there, and it is the cwd. */
  dir: string;
  /** Extra CLI flags (`--plugin FILE` …). */
  flags?: string[];
  /** Start the process through this (`taskset -c 0`). */
  prefix?: string[];
}

/** What one CLI run gave. */
export interface BruntCliRun {
  /** The (only) workload's summary. */
  workload: WorkloadSummary;
  /** Iteration start times, epoch seconds, sorted; empty unless asked for. */
  starts: number[];
  /** The process: wall time, peak RSS. */
  process: MeasuredRun;
  /** The command line, for the README. */
  command: string;
}

/**
 * Runs `deno run -A mod.ts run TASK --json out.json --quiet --db DB` with the
 * task file `task` and returns its workload. Each run gets a fresh database
 * (removed afterwards) so runs do not grow one file.
 */
export async function runBruntCli(task: string, options: BruntCliOptions): Promise<BruntCliRun> {
  const out = `${options.dir}/brunt_results.json`;
  const db = `${options.dir}/brunt_history.db`;
  const args = ["run", "-A", `${REPO}/mod.ts`, "run", task, "--json", out, "--quiet", "--db", db];
  if (options.taskArgs) args.push("--task-args", JSON.stringify(options.taskArgs));
  args.push(...(options.flags ?? []));
  const proc = await runMeasured(Deno.execPath(), args, {
    cwd: options.dir,
    prefix: options.prefix,
  });
  try {
    if (proc.code > 1) {
      throw new Error(`brunt exited with ${proc.code} on ${task}:\n${proc.stderr || proc.stdout}`);
    }
    const { workloads, starts } = await readResults(out, options.keepStarts);
    if (workloads.length !== 1) {
      throw new Error(`expected one workload in ${task}, got ${workloads.length}`);
    }
    return {
      workload: workloads[0],
      starts: starts.sort((a, b) => a - b),
      process: proc,
      command: [...(options.prefix ?? []), "deno", ...args].map(quote).join(" "),
    };
  } finally {
    for (const f of [out, db, `${db}-wal`, `${db}-shm`]) await Deno.remove(f).catch(() => {});
  }
}

/**
 * Runs the CLI like {@linkcode runBruntCli} but without `--json`: the
 * process's figures alone (its exit code says the task finished and passed
 * its SLA), for measuring the load without the results file being written.
 */
export async function runBruntCliBare(
  task: string,
  options: BruntCliOptions,
): Promise<MeasuredRun> {
  const db = `${options.dir}/brunt_history.db`;
  const args = ["run", "-A", `${REPO}/mod.ts`, "run", task, "--quiet", "--db", db];
  if (options.taskArgs) args.push("--task-args", JSON.stringify(options.taskArgs));
  try {
    const proc = await runMeasured(Deno.execPath(), args, { cwd: options.dir });
    if (proc.code !== 0) {
      throw new Error(`brunt exited with ${proc.code} on ${task}:\n${proc.stderr}`);
    }
    return proc;
  } finally {
    for (const f of [db, `${db}-wal`, `${db}-shm`]) await Deno.remove(f).catch(() => {});
  }
}

/** Iterations per second of a workload: iterations over load duration. */
export function rateOf(w: { total_iteration_count: number; load_duration: number }): number {
  return w.total_iteration_count / w.load_duration;
}

function quote(a: string): string {
  return /^[\w./:=@-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`;
}
