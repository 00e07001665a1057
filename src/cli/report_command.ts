/**
 * `brunt report RESULTS.json --html/--json/--junit FILE`: reports from a
 * results document written earlier.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { readResultsJson } from "../report/json_writer.ts";
import { EXIT } from "./exit_codes.ts";
import { checkOutputFiles, writeOutputFiles } from "./output_files.ts";
import type { CliIo } from "./run_command.ts";
import { UsageError } from "./usage_error.ts";

/** Help text of `report`. */
export const REPORT_HELP =
  `Usage: brunt report RESULTS.json [--html FILE] [--json FILE] [--junit FILE]

Makes reports from a results document written by \`brunt run --json\`.
At least one output is needed.`;

/** Runs `brunt report`; returns the exit code. */
export async function reportCommand(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        html: { type: "string" },
        json: { type: "string" },
        junit: { type: "string" },
        help: { type: "boolean", short: "h" },
        debug: { type: "boolean" },
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; see brunt report --help`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(REPORT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError("report needs one results file (from run --json)");
  }
  const files = { json: values.json, html: values.html, junit: values.junit };
  if (!files.json && !files.html && !files.junit) {
    throw new UsageError("report needs at least one of --html FILE, --json FILE, --junit FILE");
  }
  checkOutputFiles(files);
  const doc = await readResultsJson(positionals[0]);
  const lines = await writeOutputFiles(files, doc, (w) => w.data ?? []);
  for (const line of lines) io.out(line);
  return EXIT.ok;
}
