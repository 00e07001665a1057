/**
 * Running OpenStack Rally on the benchmark's task files, when it is
 * installed: setting up its SQLite database and environment
 * (bench/rally/setup.sh), running a task, and reading its JSON report.
 *
 * @module
 */
import { REPO } from "./brunt_cli.ts";
import { commandExists, type MeasuredRun, runMeasured } from "./measured_process.ts";
import { readResults, type WorkloadSummary } from "./results_file.ts";

/** A ready Rally: its config file and version. */
export interface RallyEnv {
  /** The config file made by bench/rally/setup.sh. */
  config: string;
  /** `rally --version`. */
  version: string;
}

/** What one Rally run gave. */
export interface RallyRun {
  /** The workload's summary from `rally task report --json`. */
  workload: WorkloadSummary;
  /** The `rally task start` process: wall time, peak RSS. */
  process: MeasuredRun;
  /** The command line, for the README. */
  command: string;
}

/**
 * Sets Rally up in `dir` (see bench/rally/setup.sh); undefined when the
 * `rally` command is missing or the setup fails (the reason is logged).
 */
export async function setUpRally(
  dir: string,
  log: (line: string) => void,
): Promise<RallyEnv | undefined> {
  if (!(await commandExists("rally"))) {
    log("rally not found (apt-get install rally): Rally's columns stay empty");
    return undefined;
  }
  const setup = await runMeasured("sh", [`${REPO}/bench/rally/setup.sh`, dir]);
  if (setup.code !== 0) {
    log(
      `bench/rally/setup.sh failed (${setup.code}): ${setup.stderr.trim()}; see ${dir}/setup.log`,
    );
    return undefined;
  }
  const config = setup.stdout.trim();
  const v = await runMeasured("rally", ["--config-file", config, "--version"]);
  const version = (v.stdout + v.stderr).match(/\d+\.\d+\.\d+/)?.[0] ?? "unknown";
  return { config, version };
}

/**
 * Runs `rally task start --deployment local TASK --task-args ARGS` and reads
 * the workload back with `rally task report --json`.
 */
export async function runRally(
  rally: RallyEnv,
  task: string,
  taskArgs: Record<string, unknown>,
  dir: string,
  prefix?: string[],
): Promise<RallyRun> {
  const base = ["--config-file", rally.config];
  const args = [
    ...base,
    "task",
    "start",
    "--deployment",
    "local",
    task,
    "--task-args",
    JSON.stringify(taskArgs),
  ];
  const proc = await runMeasured("rally", args, { cwd: dir, prefix });
  const uuid = (proc.stdout + proc.stderr).match(/Task ([0-9a-f-]{36})/)?.[1];
  if (proc.code !== 0 || !uuid) {
    throw new Error(
      `rally task start failed (${proc.code}) on ${task}:\n${tail(proc.stdout + proc.stderr)}`,
    );
  }
  const out = `${dir}/rally_report.json`;
  const report = await runMeasured("rally", [
    ...base,
    "task",
    "report",
    "--uuid",
    uuid,
    "--json",
    "--out",
    out,
  ]);
  if (report.code !== 0) {
    throw new Error(`rally task report failed:\n${tail(report.stdout + report.stderr)}`);
  }
  try {
    const { workloads } = await readResults(out);
    return {
      workload: workloads[0],
      process: proc,
      command: [...(prefix ?? []), "rally", ...args].map((
        a,
      ) => (/^[\w./:=-]+$/.test(a) ? a : `'${a}'`)).join(" "),
    };
  } finally {
    await Deno.remove(out).catch(() => {});
  }
}

function tail(text: string): string {
  return text.trim().split("\n").slice(-15).join("\n");
}
