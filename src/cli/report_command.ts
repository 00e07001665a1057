/**
 * `brunt report ID|RESULTS.json… --html/--json/--junit FILE`: reports from
 * recorded tasks or results documents written earlier.
 *
 * @module
 */
import { EXIT } from "./exit_codes.ts";
import { DB_HELP, gatherResults, isFile } from "./history_access.ts";
import {
  checkOutputFiles,
  historyFiles,
  JSON_FORMAT_HELP,
  parseJsonFormat,
  writeOutputFiles,
} from "./output_files.ts";
import { historyPath } from "../store/sqlite_store.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `report`. */
export const REPORT_HELP =
  `Usage: brunt report ID|RESULTS.json… [--html FILE] [--json FILE] [--junit FILE] [--db PATH]
                    [--json-format brunt|rally]

Makes reports from recorded tasks (an ID is a unique prefix of a task id,
see brunt list, or "last" for the newest) or from results documents written
by \`brunt run --json\` or Rally's own JSON reports (\`rally task report
--json\`): an argument that is an existing file is read as one. Several
arguments make one report holding all their tasks. At least one output is
needed.

Options:
  --html FILE          the self-contained HTML report
  --json FILE          the results document (JSON), raw iterations included
${JSON_FORMAT_HELP}
  --junit FILE         a JUnit XML report (one testcase per workload)
${DB_HELP}
  -h, --help           this help`;

/** Runs `brunt report`; returns the exit code. */
export async function reportCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const parsed = parseCommandArgs("report", args, {
    html: { type: "string" },
    json: { type: "string" },
    "json-format": { type: "string" },
    junit: { type: "string" },
    db: { type: "string" },
  });
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(REPORT_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) {
    throw new UsageError(
      "report needs task ids or results files: brunt report ID|RESULTS.json… --html FILE",
    );
  }
  const files = { json: values.json, html: values.html, junit: values.junit };
  if (!files.json && !files.html && !files.junit) {
    throw new UsageError("report needs at least one of --html FILE, --json FILE, --junit FILE");
  }
  checkOutputFiles(files, [
    ...historyFiles(historyPath(values.db)),
    ...positionals.filter(isFile).map((path) => ({ what: "a results file it reads", path })),
  ]);
  const jsonFormat = parseJsonFormat(values["json-format"]);
  const gathered = await gatherResults(positionals, values.db, plugins);
  try {
    const { written, failed } = await writeOutputFiles(
      files,
      gathered.doc,
      gathered.iterationsOf,
      jsonFormat,
    );
    for (const line of written) io.out(line);
    for (const line of failed) io.err(`brunt: ${line}`);
    for (const line of gathered.partial) io.err(`brunt: ${line}`);
    return failed.length > 0 || gathered.partial.length > 0 ? EXIT.resultsIncomplete : EXIT.ok;
  } finally {
    gathered.close();
  }
}
