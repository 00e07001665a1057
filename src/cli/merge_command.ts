/**
 * `brunt merge RESULTS… --json FILE`: one task's separate runs as one run.
 *
 * @module
 */
import { FORMAT_VERSION } from "../model/results_document.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import { VERSION } from "../model/version.ts";
import { MergeError, mergeRuns, type MergeSource } from "../report/merge_results.ts";
import type { CliIo } from "./cli_io.ts";
import { parseCommandArgs } from "./command_args.ts";
import { EXIT } from "./exit_codes.ts";
import { DB_HELP, gatherResults, isFile } from "./history_access.ts";
import { checkOutputFiles, historyFiles, writeOutputFiles } from "./output_files.ts";
import { historyPath } from "../store/sqlite_store.ts";
import { UsageError } from "./usage_error.ts";

/** Help text of `merge`. */
export const MERGE_HELP =
  `Usage: brunt merge RESULTS.json|ID… [--json FILE] [--html FILE] [--junit FILE] [--db PATH]

Merges separate runs of one task into one: the segments of a load split
over processes that ran alone (brunt run --segment FROM:TO without
--coordinator), or whole runs of the task on several machines. Per
workload, the raw iterations of all runs together; statistics and SLA
computed over them exactly as one run computes them; every hook run. Runs
holding segments must hold disjoint segments of one sequence; the merged
results say which segments they hold, and a warning names any missing.
Arguments are results files (brunt run --json) or recorded tasks.

Options:
  --json FILE          the merged results document, raw iterations included
  --html FILE          its HTML report
  --junit FILE         its JUnit XML report
${DB_HELP}
  -h, --help           this help`;

/** Runs `brunt merge`; returns the exit code. */
export async function mergeCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("merge", args, {
    html: { type: "string" },
    json: { type: "string" },
    junit: { type: "string" },
    db: { type: "string" },
  });
  if (values.help) {
    io.out(MERGE_HELP);
    return EXIT.ok;
  }
  if (positionals.length < 2) {
    throw new UsageError("merge needs two or more runs: brunt merge a.json b.json --json all.json");
  }
  const files = { json: values.json, html: values.html, junit: values.junit };
  if (!files.json && !files.html && !files.junit) {
    throw new UsageError("merge needs at least one of --json FILE, --html FILE, --junit FILE");
  }
  checkOutputFiles(files, [
    ...historyFiles(historyPath(values.db)),
    ...positionals.filter(isFile).map((path) => ({ what: "a results file it reads", path })),
  ]);
  const gathered = await Promise.all(
    positionals.map((ref) => gatherResults([ref], values.db, plugins)),
  );
  try {
    const sources: MergeSource[] = gathered.flatMap((g, i) =>
      g.doc.tasks.map((task) => ({ task, name: positionals[i], iterations: g.iterationsOf }))
    );
    let merged;
    try {
      merged = mergeRuns(sources, plugins);
    } catch (e) {
      if (e instanceof MergeError) throw new UsageError(e.message);
      throw e;
    }
    const doc = {
      info: {
        brunt_version: VERSION,
        generated_at: new Date().toISOString(),
        format_version: FORMAT_VERSION,
      },
      tasks: [merged.task],
    };
    const missing = merged.task.segments?.lost ?? [];
    if (missing.length) {
      io.err(
        `brunt: warning: the merged run lacks (all or part of) segments ${missing.join(", ")}`,
      );
    }
    const { written, failed } = await writeOutputFiles(files, doc, merged.iterations);
    for (const line of written) io.out(line);
    for (const line of failed) io.err(`brunt: ${line}`);
    const partial = gathered.flatMap((g) => g.partial);
    for (const line of partial) io.err(`brunt: ${line}`);
    return failed.length > 0 || partial.length > 0 ? EXIT.resultsIncomplete : EXIT.ok;
  } finally {
    for (const g of gathered) g.close();
  }
}
