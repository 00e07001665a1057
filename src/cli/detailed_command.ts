/**
 * `brunt detailed [ID|FILE] [--iterations-data]`: a task as Rally's
 * `rally task detailed` prints it.
 *
 * @module
 */
import { rallyDetailed } from "../report/rally_detailed.ts";
import { EXIT } from "./exit_codes.ts";
import { DB_HELP, gatherResults } from "./history_access.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `detailed`. */
export const DETAILED_HELP =
  `Usage: brunt detailed [ID|RESULTS.json] [--iterations-data] [--db PATH]

Prints a task as rally task detailed does: per workload its args, runner,
contexts, SLA and hooks, its failed iterations with their details, Rally's
Response Times table, the tables of its additive output charts, and its load
and full durations. ID is a unique prefix of a recorded task's id, or "last"
(the default); a file is read as a results document (brunt's or Rally's).

Options:
  --iterations-data    add the "Atomics per iteration" table: each
                       iteration's duration and the time of each top-level
                       action row (in the iterations that ran the action as
                       often as the row's name says; else 0)
${DB_HELP}
  -h, --help           this help`;

/** Runs `brunt detailed`; returns the exit code. */
export async function detailedCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("detailed", args, {
    "iterations-data": { type: "boolean" },
    db: { type: "string" },
  });
  if (values.help) {
    io.out(DETAILED_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `detailed takes one task id or results file; got ${positionals.join(", ")}`,
    );
  }
  const gathered = await gatherResults([positionals[0] ?? "last"], values.db, plugins);
  try {
    for (const task of gathered.doc.tasks) {
      const lines = rallyDetailed(task, {
        iterationsOf: gathered.iterationsOf,
        iterationsData: values["iterations-data"] ?? false,
      });
      io.out(lines.join("\n"));
    }
  } finally {
    gathered.close();
  }
  return EXIT.ok;
}
