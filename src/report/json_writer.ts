/**
 * Writing the results document as JSON with each workload's raw iterations
 * streamed from storage, and reading a written document back with
 * validation.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import { writeAll, writeAtomically } from "./atomic_file.ts";
import type { ResultsDocument, WorkloadResult } from "../model/results_document.ts";
import { validateResults } from "./results_schema.ts";
import { isResultsFloat, iterationJson, stringifyWithFloats } from "./float_json.ts";
import { toRallyDocument } from "./rally_export.ts";
import { fromRallyDocument, isRallyDocument, parseRallyJson } from "./rally_import.ts";

/**
 * The form of a results file: brunt's own document, or the form
 * `rally task import` takes as it is (see {@linkcode toRallyDocument}).
 */
export type ResultsFormat = "brunt" | "rally";

/** Every {@linkcode ResultsFormat}, as `--json-format` takes them. */
export const RESULTS_FORMATS: readonly ResultsFormat[] = ["brunt", "rally"];

/** Gives a workload's raw iterations in completion order, typically read lazily from the store. */
export type IterationSource = (
  workload: WorkloadResult,
) => Iterable<IterationRecord> | AsyncIterable<IterationRecord>;

/** What {@linkcode writeResultsJson} wrote. */
export interface WriteSummary {
  /** Size of the file, in bytes. */
  bytes: number;
  /** Raw iterations written, over all workloads. */
  iterations: number;
}

/**
 * Writes `doc` as indented JSON to `path`, with each workload's `data` array
 * taken from `iterationsOf(workload)` (any `data` already in `doc` is
 * ignored). Iterations are pulled one at a time and written in chunks, so
 * millions of them never sit in memory; one iteration takes one line. Times
 * and durations are written as floats (`0.0`), as Rally writes them. The
 * file appears at `path` only when complete: when `iterationsOf` or a write
 * fails, `path` is left as it was and the error is rethrown.
 *
 * @param path The file to create or replace.
 * @param doc The document; its `data` fields are replaced by the streamed iterations.
 * @param iterationsOf Gives each workload's iterations; called once per workload, in document order.
 * @param format `rally` writes the document `rally task import` takes (workloads that never
 *   started are left out, and their iterations never asked for).
 * @returns The size written and the number of iterations.
 *
 * @example
 * ```ts ignore
 * import { writeResultsJson } from "./json_writer.ts";
 * await writeResultsJson("results.json", doc, (w) => store.iterations(w.uuid));
 * ```
 */
export async function writeResultsJson(
  path: string,
  doc: ResultsDocument,
  iterationsOf: IterationSource,
  format: ResultsFormat = "brunt",
): Promise<WriteSummary> {
  // The document without iterations is small: stringify it with a unique
  // placeholder for each `data` array, then stream the iterations into the
  // gaps. The random marker cannot clash with text in the document.
  const marker = `__brunt_data_${crypto.randomUUID()}_`;
  const workloads: WorkloadResult[] = [];
  const placeholder = (workload: WorkloadResult) => {
    workloads.push(workload);
    return `${marker}${workloads.length - 1}`;
  };
  const skeleton = format === "rally"
    ? toRallyDocument(doc, (workload, rally) => {
      Object.assign(rally, { data: placeholder(workload) });
    })
    : {
      ...doc,
      tasks: doc.tasks.map((task) => ({
        ...task,
        subtasks: task.subtasks.map((subtask) => ({
          ...subtask,
          workloads: subtask.workloads.map((workload) => ({
            ...workload,
            data: placeholder(workload),
          })),
        })),
      })),
    };
  // split() with a capture group alternates: text, workload index, text, …
  const pieces = stringifyWithFloats(skeleton, isResultsFloat).split(
    new RegExp(`"${marker}(\\d+)"`),
  );
  const summary: WriteSummary = { bytes: 0, iterations: 0 };

  await writeAtomically(path, async (file) => {
    const out = new ChunkedWriter(file);
    for (let i = 0; i < pieces.length; i += 2) {
      const text = pieces[i];
      out.add(text);
      if (i + 1 >= pieces.length) break;
      const workload = workloads[Number(pieces[i + 1])];
      const indent = text.slice(text.lastIndexOf("\n") + 1).match(/^ */)![0];
      summary.iterations += await writeData(out, iterationsOf(workload), indent);
    }
    out.add("\n");
    await out.flush();
    summary.bytes = out.bytes;
  });
  return summary;
}

/** A results file that cannot be read, is not JSON or is not a valid results document. */
export class ResultsFileError extends Error {
  /** The file. */
  readonly path: string;
  /** Every problem found by {@linkcode validateResults}; empty when the file could not be read or parsed. */
  readonly problems: string[];

  /** Builds the error; `message` says what is wrong with `path`. */
  constructor(path: string, message: string, problems: string[] = [], options?: ErrorOptions) {
    super(message, options);
    this.name = "ResultsFileError";
    this.path = path;
    this.problems = problems;
  }
}

/** How many problems a {@linkcode ResultsFileError} message lists before "… and N more". */
const PROBLEMS_SHOWN = 10;

/**
 * Reads a results document written by {@linkcode writeResultsJson} (or by
 * hand) and validates it. Rally's own results (`rally task report --json`,
 * with its bare `Infinity`, or a document `rally task import` takes) are
 * read too, as brunt's document (see {@linkcode fromRallyDocument}). Throws a
 * {@linkcode ResultsFileError} naming the file and the first problems when
 * it is missing, not JSON or invalid.
 *
 * @param path The results file.
 * @returns The validated document.
 */
export async function readResultsJson(path: string): Promise<ResultsDocument> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    const why = error instanceof Deno.errors.NotFound ? "no such file" : (error as Error).message;
    throw new ResultsFileError(path, `Cannot read results file ${path}: ${why}`, [], {
      cause: error,
    });
  }
  let doc: unknown;
  try {
    doc = parseRallyJson(text);
  } catch (error) {
    throw new ResultsFileError(
      path,
      `Results file ${path} is not valid JSON: ${(error as Error).message}`,
      [],
      { cause: error },
    );
  }
  const rally = isRallyDocument(doc);
  if (rally) doc = fromRallyDocument(doc);
  const problems = validateResults(doc);
  if (problems.length > 0) {
    const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => `  - ${p}`);
    if (problems.length > PROBLEMS_SHOWN) {
      shown.push(`  … and ${problems.length - PROBLEMS_SHOWN} more`);
    }
    throw new ResultsFileError(
      path,
      `Results file ${path} is not a valid ${
        rally ? "Rally (read as brunt's)" : "brunt"
      } results document (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${
        shown.join("\n")
      }`,
      problems,
    );
  }
  return doc as ResultsDocument;
}

/** Writes `records` as the body of a JSON array, one record a line; returns how many. */
async function writeData(
  out: ChunkedWriter,
  records: Iterable<IterationRecord> | AsyncIterable<IterationRecord>,
  indent: string,
): Promise<number> {
  let count = 0;
  const item = (record: IterationRecord) =>
    `${count++ === 0 ? "[\n" : ",\n"}${indent}  ${iterationJson(record)}`;
  if (Symbol.asyncIterator in records) {
    for await (const record of records) {
      if (out.add(item(record))) await out.flush();
    }
  } else {
    // A plain loop for sync sources: `for await` would cost a promise per record.
    for (const record of records) {
      if (out.add(item(record))) await out.flush();
    }
  }
  out.add(count === 0 ? "[]" : `\n${indent}]`);
  return count;
}

/** Collects text and writes it to the file in chunks of about `chunkChars` characters. */
class ChunkedWriter {
  #file: Deno.FsFile;
  #chunkChars: number;
  #parts: string[] = [];
  #size = 0;
  #encoder = new TextEncoder();
  /** Bytes written so far. */
  bytes = 0;

  constructor(file: Deno.FsFile, chunkChars = 1 << 16) {
    this.#file = file;
    this.#chunkChars = chunkChars;
  }

  /** Buffers `text`; returns true when the buffer is full and should be flushed. */
  add(text: string): boolean {
    this.#parts.push(text);
    this.#size += text.length;
    return this.#size >= this.#chunkChars;
  }

  /** Writes the buffered text. */
  async flush(): Promise<void> {
    if (this.#parts.length === 0) return;
    const bytes = this.#encoder.encode(this.#parts.join(""));
    this.#parts = [];
    this.#size = 0;
    await writeAll(this.#file, bytes);
    this.bytes += bytes.length;
  }
}
