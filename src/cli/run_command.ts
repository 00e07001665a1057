/**
 * `brunt run FILE`: validate a task file, run it with live progress, print
 * the summary and write the requested result files.
 *
 * @module
 */
import { type CliIo, tableLook } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import { runTask } from "../engine/run_task.ts";
import { randomSeed } from "../engine/seeded_random.ts";
import type { ResultsDocument } from "../model/results_document.ts";
import { taskSummary, taskVerdict } from "../report/run_summary.ts";
import { historyPath, SqliteStore } from "../store/sqlite_store.ts";
import { TaskRecorder } from "../store/task_recorder.ts";
import type { ResultsFormat } from "../report/json_writer.ts";
import { loadTaskFile } from "../task/load.ts";
import type { TaskSpec } from "../model/task_spec.ts";
import { loadTaskArgs } from "../task/task_args.ts";
import { EXIT, RALLY_EXIT, RALLY_EXIT_CODES_HELP } from "./exit_codes.ts";
import { RunStops } from "./run_stops.ts";
import { abortRequest } from "../store/abort_requests.ts";
import {
  checkOutputFiles,
  historyFiles,
  type OutputFiles,
  parseJsonFormat,
  type ProtectedFile,
  writeOutputFiles,
} from "./output_files.ts";
import { ProgressLine } from "./progress_line.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";

/** Help text of `run`. */
export const RUN_HELP = `Usage: brunt run TASK_FILE [options]
       brunt TASK_FILE [options]

Validates the task file (JSON or YAML), runs its workloads with live
progress, prints per workload the response times, hooks and SLA tables, and
writes the result files asked for. The run, with every raw iteration, is
recorded in the task history as it goes (brunt list, show, report, trends).

Options:
  --seed N                 seed of the random source (printed at start; the
                           same seed repeats a run's random choices)
  --json FILE              write the results document (JSON)
  --json-format FORMAT     the form of the --json document: brunt (default),
                           or rally: the document \`rally task import --file\`
                           takes as it is
  --html FILE              write the self-contained HTML report
  --junit FILE             write a JUnit XML report (one testcase per workload)
  --abort-on-sla-failure   stop a workload, and skip later ones, once an SLA
                           criterion fails
  --task-args JSON         values of the task file's template variables, a JSON
                           (or YAML) object: the task file is rendered as a
                           Jinja2 template, as in Rally, before it is parsed
  --task-args-file FILE    the same from a JSON or YAML file (--task-args
                           values override the file's)
  --plugin PATH            load plugins first: a .ts/.js file, a folder of
                           them, or an npm:/jsr:/https: module (repeatable)
  --quiet                  no progress and no tables: only the verdict (and
                           the failed criteria) and errors
  --db PATH                the task history (SQLite) file the run is recorded
                           in; default: $BRUNT_DB if set, else .brunt/brunt.db
${RALLY_EXIT_CODES_HELP}
  --debug                  print stack traces of internal errors
  -h, --help               this help

Exit codes: 0 ok, 1 an SLA criterion failed, 2 bad input, 4 results could
not all be written (a result file or the history: the messages say which and
why), 130 interrupted or aborted; with --rally-exit-codes, Rally's: 2 an SLA
criterion failed (an abort fails aborted_manually), 113 the task's structure,
114 a plugin's name or args, 117 a file that cannot be read, rendered or
parsed (4 and 130 stay brunt's).
The first Ctrl-C (SIGINT/SIGTERM) stops starting iterations and lets running
ones and hook runs finish; the second cancels them. \`brunt abort ID\` from
another shell does the same; \`brunt abort ID --soft\` lets the running
workload run to its end and starts no other. Results gathered so far are
written either way.`;

/** Runs `brunt run` with `args` (after the command name); returns the exit code. */
export async function runCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseFlags(args);
  if (values.help) {
    io.out(RUN_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length
        ? `run takes one task file; got ${positionals.join(", ")}`
        : "run needs a task file: brunt run TASK_FILE",
    );
  }
  const seed = parseSeed(values.seed);
  const files = { json: values.json, html: values.html, junit: values.junit };
  const inputs: ProtectedFile[] = [{ what: "the task file", path: positionals[0] }];
  if (values["task-args-file"] !== undefined) {
    inputs.push({ what: "the task args file", path: values["task-args-file"] });
  }
  checkOutputFiles(files, [...historyFiles(historyPath(values.db)), ...inputs]);
  const jsonFormat = parseJsonFormat(values["json-format"]);
  const taskArgs = await loadTaskArgs({
    args: values["task-args"],
    argsFile: values["task-args-file"],
  });
  const spec = await loadTaskFile(positionals[0], { args: taskArgs, plugins });

  const quiet = values.quiet ?? false;
  const db = SqliteStore.open(historyPath(values.db));
  try {
    const store = new TaskRecorder(db, { spec, seed, args });
    const onStart = (uuid: string) => {
      store.started(uuid);
      if (!quiet) {
        io.err(
          `brunt: running ${positionals[0]} (seed ${seed}) as task ${uuid}, recorded in ${db.path}`,
        );
      }
    };
    return await runRecorded(spec, {
      io,
      quiet,
      files,
      jsonFormat,
      db,
      store,
      onStart,
      seed,
      values,
    });
  } finally {
    db.close();
  }
}

interface RunOptions {
  io: CliIo;
  quiet: boolean;
  files: OutputFiles;
  jsonFormat: ResultsFormat;
  db: SqliteStore;
  store: TaskRecorder;
  onStart: (uuid: string) => void;
  seed: number;
  values: ReturnType<typeof parseFlags>["values"];
}

// Runs the task with signal handling, records it, and reports.
async function runRecorded(
  spec: TaskSpec,
  { io, quiet, files, jsonFormat, db, store, onStart, seed, values }: RunOptions,
): Promise<number> {
  const progress = quiet ? undefined : new ProgressLine({
    write: io.err,
    tty: io.errIsTty,
    workloads: spec.subtasks.reduce((n, s) => n + s.workloads.length, 0),
  });

  const stops = new RunStops(io, { pollRequest: () => abortRequest(db, store.uuid) });
  stops.install();
  try {
    let document: ResultsDocument;
    try {
      ({ document } = await runTask(spec, {
        seed,
        store,
        progress: store.watch(progress),
        onStart,
        finishSignal: stops.finish.signal,
        signal: stops.stop.signal,
        hardSignal: stops.cancel.signal,
        abortOnSlaFailure: values["abort-on-sla-failure"] ?? false,
      }));
    } catch (e) {
      try {
        store.crash();
      } catch {
        // The run's own error is the one to report.
      }
      throw e;
    } finally {
      progress?.stop();
    }
    let recorded = true;
    try {
      store.finish(document);
    } catch (e) {
      recorded = false;
      io.err(
        `brunt: the task history could not record all of this run: ${(e as Error).message}; ` +
          `the tables below are complete; the raw iterations in result files are those it recorded`,
      );
    }
    stops.writing();
    return await report(document, {
      io,
      quiet,
      files,
      jsonFormat,
      store,
      stops,
      recorded,
      rallyExitCodes: values["rally-exit-codes"] ?? false,
    });
  } finally {
    stops.uninstall();
  }
}

interface ReportOptions {
  io: CliIo;
  quiet: boolean;
  files: OutputFiles;
  jsonFormat: ResultsFormat;
  store: TaskRecorder;
  stops: RunStops;
  /** Whether the history recorded the whole run. */
  recorded: boolean;
  rallyExitCodes: boolean;
}

// Prints the tables, writes the result files and gives the exit code.
async function report(
  document: ResultsDocument,
  { io, quiet, files, jsonFormat, store, stops, recorded, rallyExitCodes }: ReportOptions,
): Promise<number> {
  const task = document.tasks[0];
  const look = tableLook(io);
  if (!quiet) {
    io.out("");
    io.out(taskSummary(task, { ...look, iterationsOf: (w) => store.iterations(w.uuid) }));
    io.out("");
  }
  const { written, failed } = await writeOutputFiles(
    files,
    document,
    (w) => store.iterations(w.uuid),
    jsonFormat,
  );
  if (!quiet) { for (const line of written) io.out(line); }
  for (const line of failed) io.err(`brunt: ${line}`);
  const interrupted = task.status === "aborted" && stops.cause !== undefined;
  if (interrupted) {
    io.err(
      `brunt: task ${task.uuid} ${
        stops.cause === "signal" ? "interrupted" : "aborted by brunt abort"
      }; results so far are above`,
    );
  } else io.out(taskVerdict(task, look));
  // Results that could not all be written are said by their own code, with
  // Rally's codes too (Rally has none for it); only an interrupt comes first.
  const incomplete = failed.length > 0 || !recorded;
  if (incomplete && !(interrupted && stops.cause === "signal")) {
    io.err(
      `brunt: task ${task.uuid} ${task.status}, SLA ${task.pass_sla ? "passed" : "FAILED"}, ` +
        `but its results could not all be written (above)`,
    );
    return EXIT.resultsIncomplete;
  }
  if (rallyExitCodes) {
    // As rally task start: a Ctrl-C is still an interrupt; an abort is judged by the SLA
    // (a hard one fails its aborted_manually criterion, a soft one leaves the SLA as it is).
    if (stops.cause === "signal" && interrupted) return EXIT.interrupted;
    return task.pass_sla ? RALLY_EXIT.ok : RALLY_EXIT.slaFailed;
  }
  if (interrupted) return EXIT.interrupted;
  return task.pass_sla ? EXIT.ok : EXIT.slaFailed;
}

function parseFlags(args: string[]) {
  return parseCommandArgs("run", args, {
    seed: { type: "string" },
    json: { type: "string" },
    "json-format": { type: "string" },
    html: { type: "string" },
    junit: { type: "string" },
    "abort-on-sla-failure": { type: "boolean" },
    "task-args": { type: "string" },
    "task-args-file": { type: "string" },
    db: { type: "string" },
    quiet: { type: "boolean", short: "q" },
    "rally-exit-codes": { type: "boolean" },
  });
}

function parseSeed(text: string | undefined): number {
  if (text === undefined) return randomSeed();
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) {
    throw new UsageError(`--seed must be an integer from 0 to 4294967295; got "${text}"`);
  }
  return Number(text);
}
