/**
 * `brunt import RESULTS.json`: adds the tasks of a results document to the
 * history.
 *
 * @module
 */
import { readResultsJson } from "../report/json_writer.ts";
import { EXIT } from "./exit_codes.ts";
import { DB_HELP, openHistory } from "./history_access.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `import`. */
export const IMPORT_HELP = `Usage: brunt import RESULTS.json [--db PATH]

Adds the tasks of a results document (from brunt run --json or brunt
export) to the task history, with their raw iterations, so list, show,
report and trends can use them. The file is validated first; a task whose
id is already in the history is refused, and then nothing is imported.

Options:
${DB_HELP}
  -h, --help           this help`;

/** Runs `brunt import`; returns the exit code. */
export async function importCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("import", args, {
    db: { type: "string" },
  });
  if (values.help) {
    io.out(IMPORT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError("import needs one results file: brunt import RESULTS.json");
  }
  const doc = await readResultsJson(positionals[0]);
  const open = openHistory(values.db as string | undefined, plugins, "create");
  try {
    open.history.importDocument(doc);
    for (const task of doc.tasks) {
      io.out(
        `Imported task ${task.uuid}${task.title ? ` (${task.title})` : ""} into ${open.store.path}`,
      );
    }
  } finally {
    open.close();
  }
  return EXIT.ok;
}
