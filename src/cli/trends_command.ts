/**
 * `brunt trends ID… --html FILE`: the same workloads across runs.
 *
 * @module
 */
import { buildTrends } from "../report/trends.ts";
import { writeTrendsHtml } from "../report/html/trends_page.ts";
import { EXIT } from "./exit_codes.ts";
import { DB_HELP, gatherResults, isFile } from "./history_access.ts";
import { parseCommandArgs } from "./command_args.ts";
import { checkOutputFiles, historyFiles } from "./output_files.ts";
import { historyPath } from "../store/sqlite_store.ts";
import { UsageError } from "./usage_error.ts";
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `trends`. */
export const TRENDS_HELP = `Usage: brunt trends ID… --html FILE [--db PATH]

Compares the same workloads across runs, oldest first: per run the
durations' median, 90%ile, 95%ile, max and average, the failure rate, the
SLA verdict and the hook runs, charted and tabled, with each figure marked
when it got worse (red) or better (green) than in the run before (durations
by more than 10 %). A workload is the same across runs when its scenario
and its place among that scenario's workloads in the task are.

Each ID is a unique prefix of a task id, or "last"; a path to a results
file (brunt run --json) may stand in for an id. Runs whose times are
simulated (run --simulated-clock) measure nothing: they are left out, and
named.

Options:
  --html FILE          the page to write (self-contained, works offline)
${DB_HELP}
  -h, --help           this help`;

/** Runs `brunt trends`; returns the exit code. */
export async function trendsCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("trends", args, {
    html: { type: "string" },
    db: { type: "string" },
  });
  if (values.help) {
    io.out(TRENDS_HELP);
    return EXIT.ok;
  }
  if (!positionals.length) {
    throw new UsageError("trends needs task ids: brunt trends ID ID… --html FILE");
  }
  const html = values.html as string | undefined;
  if (html === undefined) throw new UsageError("trends needs --html FILE: the page to write");
  checkOutputFiles({ html }, [
    ...historyFiles(historyPath(values.db as string | undefined)),
    ...positionals.filter(isFile).map((path) => ({ what: "a results file it reads", path })),
  ]);
  const gathered = await gatherResults(positionals, values.db as string | undefined, plugins);
  try {
    const all = gathered.doc.tasks;
    const measured = all.filter((task) => !task.simulated);
    const simulated = all.filter((task) => task.simulated).map((task) => task.uuid);
    if (!measured.length) {
      throw new UsageError(
        `trends compares measured runs, and every run given has simulated times ` +
          `(run --simulated-clock): ${simulated.join(", ")}`,
      );
    }
    if (simulated.length) {
      io.err(
        `brunt: left out ${count(simulated.length, "run")} with simulated times ` +
          `(run --simulated-clock): ${simulated.join(", ")}`,
      );
    }
    const trends = buildTrends(measured);
    try {
      await writeTrendsHtml(html, trends);
    } catch (e) {
      io.err(`brunt: could not write --html ${html}: ${(e as Error).message}`);
      return EXIT.resultsIncomplete;
    }
    io.out(
      `Trends (HTML): ${html} (${count(trends.runs.length, "run")}, ${
        count(trends.workloads.length, "workload")
      })`,
    );
  } finally {
    gathered.close();
  }
  return EXIT.ok;
}

function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? "" : "s"}`;
}
