/**
 * Writing the requested result files (--json, --html, --junit) and checking,
 * before a run starts, that they can be written.
 *
 * @module
 */
import { basename, dirname, join, resolve } from "node:path";
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

/** A file a command reads or keeps, which no result file may replace. */
export interface ProtectedFile {
  /** What it is, for the message: "the task file", "the task history". */
  what: string;
  /** Its path as given. */
  path: string;
}

/**
 * The task history file and the files SQLite keeps beside it: no result
 * file may replace any of them.
 */
export function historyFiles(path: string): ProtectedFile[] {
  return [
    { what: "the task history", path },
    ...["-wal", "-shm", "-journal"].map((suffix) => ({
      what: `the task history's ${suffix.slice(1)} file`,
      path: path + suffix,
    })),
  ];
}

/**
 * Throws a UsageError, before anything runs, when a requested file cannot
 * be written or would replace something it must not: its folder does not
 * exist or is a file, it is a folder, it is one of `protect` (the task
 * history, an input), or two outputs are the same file. Paths are compared
 * as files, not as text: `./t.json`, `t.json` and a link to it are one.
 */
export function checkOutputFiles(files: OutputFiles, protect: readonly ProtectedFile[] = []): void {
  const taken = new Map<string, string>();
  for (const p of protect) taken.set(fileIdentity(p.path), `${p.what} (${p.path})`);
  for (const [flag, path] of Object.entries(files)) {
    if (path === undefined) continue;
    if (path === "") throw new UsageError(`--${flag} needs a file name`);
    const dir = dirname(path);
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
    const id = fileIdentity(path);
    const other = taken.get(id);
    if (other !== undefined) {
      throw new UsageError(
        `--${flag} ${path} is ${other}: writing it would replace that; give another file name`,
      );
    }
    taken.set(id, `the file of --${flag} (${path})`);
  }
}

// One key per file: device and inode for a file that exists (links and
// hard links included), else the path with its folder's links resolved.
function fileIdentity(path: string): string {
  try {
    const info = Deno.statSync(path);
    if (info.ino !== null) return `inode ${info.dev} ${info.ino}`;
    return `path ${Deno.realPathSync(path)}`;
  } catch {
    // Not there (yet): where it would be created.
  }
  try {
    return `path ${join(Deno.realPathSync(dirname(path)), basename(path))}`;
  } catch {
    return `path ${resolve(path)}`;
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

/** What {@linkcode writeOutputFiles} did. */
export interface WrittenFiles {
  /** A line for each file written: what it is and where. */
  written: string[];
  /** A message for each file that could not be written: its flag, path and why. */
  failed: string[];
}

/**
 * Writes every requested file, the JSON document in `jsonFormat`, each on
 * its own: one that cannot be written (a full disk) is reported and the
 * others are written all the same.
 */
export async function writeOutputFiles(
  files: OutputFiles,
  doc: ResultsDocument,
  iterationsOf: (w: WorkloadResult) => Iterable<IterationRecord>,
  jsonFormat: ResultsFormat = "brunt",
): Promise<WrittenFiles> {
  const result: WrittenFiles = { written: [], failed: [] };
  const attempt = async (
    flag: string,
    path: string | undefined,
    what: string,
    write: () => Promise<unknown>,
  ) => {
    if (!path) return;
    try {
      await write();
      result.written.push(`${what}: ${path}`);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      result.failed.push(`could not write --${flag} ${path}: ${message}`);
    }
  };
  await attempt(
    "json",
    files.json,
    `Results (JSON${jsonFormat === "rally" ? ", Rally's form" : ""})`,
    () => writeResultsJson(files.json!, doc, iterationsOf, jsonFormat),
  );
  await attempt("html", files.html, "Report (HTML)", async () => {
    const { writeHtmlReport } = await import("../report/html/html_report.ts");
    await writeHtmlReport(files.html!, doc, iterationsOf);
  });
  await attempt("junit", files.junit, "Report (JUnit XML)", () => writeJunit(files.junit!, doc));
  return result;
}
