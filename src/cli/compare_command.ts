/**
 * `brunt compare A B`: two runs side by side in the terminal.
 *
 * @module
 */
import { compareRuns } from "../report/compare_runs.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import { type CliIo, tableLook } from "./cli_io.ts";
import { parseCommandArgs } from "./command_args.ts";
import { EXIT } from "./exit_codes.ts";
import { DB_HELP, gatherResults } from "./history_access.ts";
import { UsageError } from "./usage_error.ts";

/** Help text of `compare`. */
export const COMPARE_HELP = `Usage: brunt compare A B [--db PATH]

Shows two runs side by side, the older on the left: per workload the
iterations, failure rate, median, 95%ile and average duration and the SLA
verdict, and for a workload with hooks what its faults did (the longest
recovery, the longest downtime, the worst degradation, and each window's
impact, downtime, recovery and degradation), each figure marked when it got
worse (▲) or better (▼) in the newer run, by the rules of brunt trends.

A and B are each a unique prefix of a task id, "last", or a results file
(brunt run --json). Workloads are matched as brunt trends matches them.

Options:
${DB_HELP}
  -h, --help           this help`;

/** Runs `brunt compare`; returns the exit code. */
export async function compareCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("compare", args, { db: { type: "string" } });
  if (values.help) {
    io.out(COMPARE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2) {
    throw new UsageError(
      `compare needs two runs, got ${positionals.length}: brunt compare A B ` +
        `(task ids, "last", or results files)`,
    );
  }
  const gathered = await gatherResults(positionals, values.db as string | undefined, plugins);
  try {
    const [a, b] = gathered.doc.tasks;
    if (!a || !b || gathered.doc.tasks.length !== 2) {
      throw new UsageError(
        `compare needs exactly two runs; ${positionals.join(" and ")} hold ` +
          `${gathered.doc.tasks.length}`,
      );
    }
    io.out(compareRuns(a, b, { width: tableLook(io).width }));
  } finally {
    gathered.close();
  }
  return EXIT.ok;
}
