/**
 * `brunt delete ID…`: removes tasks from the history.
 *
 * @module
 */
import { EXIT } from "./exit_codes.ts";
import { DB_HELP, openHistory } from "./history_access.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `delete`. */
export const DELETE_HELP = `Usage: brunt delete ID… [--db PATH]

Removes tasks, with their workloads and raw iterations, from the history.
Each ID is a unique prefix of a task's id or "last". All ids are checked
before anything is removed; a running task cannot be removed.

Options:
${DB_HELP}
  -h, --help           this help`;

/** Runs `brunt delete`; returns the exit code. */
export function deleteCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("delete", args, {
    db: { type: "string" },
  });
  if (values.help) {
    io.out(DELETE_HELP);
    return Promise.resolve(EXIT.ok);
  }
  if (!positionals.length) throw new UsageError("delete needs a task id: brunt delete ID…");
  const open = openHistory(values.db as string | undefined, plugins, "write");
  try {
    const { history } = open;
    const uuids = [...new Set(positionals.map((ref) => history.resolve(ref)))];
    history.delete(...uuids);
    for (const uuid of uuids) io.out(`Deleted task ${uuid}`);
  } finally {
    open.close();
  }
  return Promise.resolve(EXIT.ok);
}
