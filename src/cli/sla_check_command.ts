/**
 * `brunt sla-check [ID|FILE] [--json]`: a task's SLA verdicts, as Rally's
 * `rally task sla-check` prints them.
 *
 * @module
 */
import { slaCheckJson, slaCheckRows, slaCheckTable } from "../report/sla_check.ts";
import { EXIT, RALLY_EXIT } from "./exit_codes.ts";
import { DB_HELP, gatherResults } from "./history_access.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `sla-check`. */
export const SLA_CHECK_HELP = `Usage: brunt sla-check [ID|RESULTS.json] [--json] [--db PATH]

Prints every SLA verdict of a task, one row per criterion of each workload:
benchmark (the scenario), pos (the workload's place in its subtask),
criterion, status (PASS or FAIL) and detail, as rally task sla-check does.
ID is a unique prefix of a recorded task's id, or "last" (the default); a
file is read as a results document (brunt's or Rally's).

Options:
  --json               the rows as one line of JSON, as Rally prints them
  --rally-exit-codes   exit with Rally's codes (below)
${DB_HELP}
  -h, --help           this help

Exit codes: 0 every criterion passed (or there is none), 1 one failed, 2 bad
input; with --rally-exit-codes, Rally's: the number of failed criteria (at
most 255), 2 when there are no criteria at all.`;

/** Runs `brunt sla-check`; returns the exit code. */
export async function slaCheckCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("sla-check", args, {
    json: { type: "boolean" },
    db: { type: "string" },
    "rally-exit-codes": { type: "boolean" },
  });
  if (values.help) {
    io.out(SLA_CHECK_HELP);
    return EXIT.ok;
  }
  if (positionals.length > 1) {
    throw new UsageError(
      `sla-check takes one task id or results file; got ${positionals.join(", ")}`,
    );
  }
  const gathered = await gatherResults([positionals[0] ?? "last"], values.db, plugins);
  let rows;
  try {
    rows = slaCheckRows(gathered.doc);
  } finally {
    gathered.close();
  }
  io.out(values.json ? slaCheckJson(rows) : slaCheckTable(rows));
  const failed = rows.filter((r) => r.status === "FAIL").length;
  if (values["rally-exit-codes"]) {
    return rows.length === 0 ? RALLY_EXIT.noCriteria : Math.min(failed, 255);
  }
  return failed > 0 ? EXIT.slaFailed : EXIT.ok;
}
