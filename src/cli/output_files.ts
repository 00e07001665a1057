/**
 * Writing the requested result files (--json, --html, --junit) and checking,
 * before a run starts, that they can be written.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import type { ResultsDocument, WorkloadResult } from "../model/results_document.ts";
import { RESULTS_FORMATS, type ResultsFormat, writeResultsJson } from "../report/json_writer.ts";
import { writeJunit } from "../report/junit_writer.ts";
import { UsageError } from "./usage_error.ts";

/** The result files asked for on the command line. */
export interface OutputFiles {
  /** `--json FILE`. */
  json?: string;
  /** `--html FILE`. */
  html?: string;
  /** `--junit FILE`. */
  junit?: string;
}

/** Throws a UsageError when a requested file's folder does not exist or is a file. */
export function checkOutputFiles(files: OutputFiles): void {
  for (const [flag, path] of Object.entries(files)) {
    if (path === undefined) continue;
    if (path === "") throw new UsageError(`--${flag} needs a file name`);
    const dir = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) || "/" : ".";
    let info: Deno.FileInfo;
    try {
      info = Deno.statSync(dir);
    } catch {
      throw new UsageError(`--${flag} ${path}: folder "${dir}" does not exist; create it first`);
    }
    if (!info.isDirectory) throw new UsageError(`--${flag} ${path}: "${dir}" is not a folder`);
    try {
      if (Deno.statSync(path).isDirectory) {
        throw new UsageError(`--${flag} ${path}: is a folder; give a file name`);
      }
    } catch (e) {
      if (e instanceof UsageError) throw e;
    }
  }
}

/** Help line of `--json-format`, shared by the commands that write results documents. */
export const JSON_FORMAT_HELP =
  `  --json-format FORMAT the form of the --json document: brunt (default), or rally:
                       the document \`rally task import --file\` takes as it is`;

/** The `--json-format` value; throws a UsageError naming the forms when it is none of them. */
export function parseJsonFormat(value: string | undefined): ResultsFormat {
  if (value === undefined) return "brunt";
  if (RESULTS_FORMATS.includes(value as ResultsFormat)) return value as ResultsFormat;
  throw new UsageError(
    `--json-format must be one of ${RESULTS_FORMATS.join(", ")}; got ${JSON.stringify(value)}`,
  );
}

/** Writes every requested file, the JSON document in `jsonFormat`; returns the lines to print about them. */
export async function writeOutputFiles(
  files: OutputFiles,
  doc: ResultsDocument,
  iterationsOf: (w: WorkloadResult) => Iterable<IterationRecord>,
  jsonFormat: ResultsFormat = "brunt",
): Promise<string[]> {
  const lines: string[] = [];
  if (files.json) {
    await writeResultsJson(files.json, doc, iterationsOf, jsonFormat);
    lines.push(`Results (JSON${jsonFormat === "rally" ? ", Rally's form" : ""}): ${files.json}`);
  }
  if (files.html) {
    const { writeHtmlReport } = await import("../report/html/html_report.ts");
    await writeHtmlReport(files.html, doc, iterationsOf);
    lines.push(`Report (HTML): ${files.html}`);
  }
  if (files.junit) {
    await writeJunit(files.junit, doc);
    lines.push(`Report (JUnit XML): ${files.junit}`);
  }
  return lines;
}
