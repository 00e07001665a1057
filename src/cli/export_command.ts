/**
 * `brunt export ID --json FILE`: a recorded task as a results document.
 *
 * @module
 */
import { writeResultsJson } from "../report/json_writer.ts";
import { EXIT } from "./exit_codes.ts";
import { DB_HELP, openHistory } from "./history_access.ts";
import { parseCommandArgs } from "./command_args.ts";
import {
  checkOutputFiles,
  historyFiles,
  JSON_FORMAT_HELP,
  parseJsonFormat,
} from "./output_files.ts";
import { historyPath } from "../store/sqlite_store.ts";
import { partialMessage } from "../store/task_history.ts";
import { HistoryError } from "../store/history_error.ts";
import { UsageError } from "./usage_error.ts";
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `export`. */
export const EXPORT_HELP =
  `Usage: brunt export ID --json FILE [--json-format brunt|rally] [--db PATH]

Writes a recorded task, with every raw iteration, as a results document
(the same JSON as brunt run --json), to keep, share or import elsewhere:
with --json-format rally, into Rally (rally task import --file FILE).
ID is a unique prefix of the task's id or "last".

Options:
  --json FILE          the file to write
${JSON_FORMAT_HELP}
${DB_HELP}
  -h, --help           this help`;

/** Runs `brunt export`; returns the exit code. */
export async function exportCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("export", args, {
    json: { type: "string" },
    "json-format": { type: "string" },
    db: { type: "string" },
  });
  if (values.help) {
    io.out(EXPORT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length
        ? `export takes one task id; got ${positionals.join(", ")} (brunt report merges several)`
        : "export needs a task id: brunt export ID --json FILE",
    );
  }
  const json = values.json as string | undefined;
  if (json === undefined) throw new UsageError("export needs --json FILE: the file to write");
  checkOutputFiles({ json }, historyFiles(historyPath(values.db as string | undefined)));
  const format = parseJsonFormat(values["json-format"] as string | undefined);
  const open = openHistory(values.db as string | undefined, plugins, "read");
  try {
    const { history } = open;
    const partial: string[] = [];
    const doc = history.document(
      [history.resolve(positionals[0])],
      (task, workload) => partial.push(partialMessage(task, workload)),
    );
    let written: Awaited<ReturnType<typeof writeResultsJson>>;
    try {
      written = await writeResultsJson(json, doc, (w) => history.iterations(w.uuid), format);
    } catch (e) {
      if (e instanceof HistoryError) throw e;
      io.err(`brunt: could not write --json ${json}: ${(e as Error).message}`);
      return EXIT.resultsIncomplete;
    }
    io.out(`Results (JSON): ${json} (task ${doc.tasks[0].uuid}, ${written.iterations} iterations)`);
    for (const line of partial) io.err(`brunt: ${line}`);
    return partial.length > 0 ? EXIT.resultsIncomplete : EXIT.ok;
  } finally {
    open.close();
  }
}
