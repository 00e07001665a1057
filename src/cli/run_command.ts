/**
 * `brunt run FILE`: validate a task file, run it with live progress, print
 * the summary and write the requested result files.
 *
 * @module
 */
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import { runTask } from "../engine/run_task.ts";
import { randomSeed } from "../engine/seeded_random.ts";
import type { ResultsDocument } from "../model/results_document.ts";
import { hooksTable, slaTable } from "../report/run_summary.ts";
import { workloadSummary } from "../report/summary_tables.ts";
import { historyPath, SqliteStore } from "../store/sqlite_store.ts";
import { TaskRecorder } from "../store/task_recorder.ts";
import { loadTaskFile } from "../task/load.ts";
import type { TaskSpec } from "../model/task_spec.ts";
import { loadTaskArgs } from "../task/task_args.ts";
import { EXIT } from "./exit_codes.ts";
import {
  checkOutputFiles,
  historyFiles,
  type OutputFiles,
  type ProtectedFile,
  writeOutputFiles,
} from "./output_files.ts";
import { ProgressLine } from "./progress_line.ts";
import { removeUnfinishedFiles } from "../report/atomic_file.ts";
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
  --quiet                  no progress and no tables; errors only
  --db PATH                the task history (SQLite) file the run is recorded
                           in; default: $BRUNT_DB if set, else .brunt/brunt.db
  --debug                  print stack traces of internal errors
  -h, --help               this help

Exit codes: 0 ok, 1 an SLA criterion failed, 2 bad input, 4 results could
not all be written (a result file or the history: the messages say which and
why), 130 interrupted.
The first Ctrl-C (SIGINT/SIGTERM) stops starting iterations and lets running
ones and hook runs finish; the second cancels them. Results gathered so far
are written either way.`;

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
    return await runRecorded(spec, { io, quiet, files, store, onStart, seed, values });
  } finally {
    db.close();
  }
}

interface RunOptions {
  io: CliIo;
  quiet: boolean;
  files: OutputFiles;
  store: TaskRecorder;
  onStart: (uuid: string) => void;
  seed: number;
  values: ReturnType<typeof parseFlags>["values"];
}

// Runs the task with signal handling, records it, and reports.
async function runRecorded(
  spec: TaskSpec,
  { io, quiet, files, store, onStart, seed, values }: RunOptions,
): Promise<number> {
  const progress = quiet ? undefined : new ProgressLine({ write: io.err, tty: io.errIsTty });

  const soft = new AbortController();
  const hard = new AbortController();
  // Signals are handled until the result files are written: a Ctrl-C while
  // they are written must not lose the run.
  let writing = false;
  let quitRequested = false;
  const onSignal = () => {
    if (writing) {
      if (quitRequested) {
        io.err("\nbrunt: quitting without finishing the result files");
        removeUnfinishedFiles();
        Deno.exit(EXIT.interrupted);
      }
      quitRequested = true;
      io.err("\nbrunt: writing the result files (again to quit without them)");
    } else if (!soft.signal.aborted) {
      io.err(
        "\nbrunt: stopping: no new iterations; running ones and hook runs finish (again to cancel them)",
      );
      soft.abort();
    } else if (!hard.signal.aborted) {
      io.err("\nbrunt: cancelling running iterations and hook runs");
      hard.abort();
    }
  };
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  for (const s of signals) Deno.addSignalListener(s, onSignal);
  try {
    let document: ResultsDocument;
    try {
      ({ document } = await runTask(spec, {
        seed,
        store,
        progress: store.watch(progress),
        onStart,
        signal: soft.signal,
        hardSignal: hard.signal,
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
    writing = true;
    return await report(document, {
      io,
      quiet,
      files,
      store,
      recorded,
      interrupted: soft.signal.aborted,
    });
  } finally {
    for (const s of signals) Deno.removeSignalListener(s, onSignal);
  }
}

interface ReportOptions {
  io: CliIo;
  quiet: boolean;
  files: OutputFiles;
  store: TaskRecorder;
  /** Whether the history recorded the whole run. */
  recorded: boolean;
  interrupted: boolean;
}

// Prints the tables, writes the result files and gives the exit code.
async function report(
  document: ResultsDocument,
  { io, quiet, files, store, recorded, interrupted }: ReportOptions,
): Promise<number> {
  const task = document.tasks[0];
  if (!quiet) {
    for (const sub of task.subtasks) {
      for (const w of sub.workloads) {
        io.out("");
        io.out(`${sub.title}`);
        io.out(workloadSummary(w, { color: io.errIsTty }));
        for (const table of [hooksTable(w), slaTable(w)]) if (table) io.out(table);
      }
    }
    io.out("");
  }
  const { written, failed } = await writeOutputFiles(
    files,
    document,
    (w) => store.iterations(w.uuid),
  );
  if (!quiet) { for (const line of written) io.out(line); }
  for (const line of failed) io.err(`brunt: ${line}`);
  if (task.status === "aborted" && interrupted) {
    io.err(`brunt: task ${task.uuid} interrupted; results so far are above`);
    return EXIT.interrupted;
  }
  if (!quiet) {
    io.out(`Task ${task.uuid}: ${task.status}, SLA ${task.pass_sla ? "passed" : "FAILED"}`);
  }
  if (failed.length > 0 || !recorded) {
    io.err(
      `brunt: task ${task.uuid} ${task.status}, SLA ${task.pass_sla ? "passed" : "FAILED"}, ` +
        `but its results could not all be written (above)`,
    );
    return EXIT.resultsIncomplete;
  }
  return task.pass_sla ? EXIT.ok : EXIT.slaFailed;
}

function parseFlags(args: string[]) {
  return parseCommandArgs("run", args, {
    seed: { type: "string" },
    json: { type: "string" },
    html: { type: "string" },
    junit: { type: "string" },
    "abort-on-sla-failure": { type: "boolean" },
    "task-args": { type: "string" },
    "task-args-file": { type: "string" },
    db: { type: "string" },
    quiet: { type: "boolean", short: "q" },
  });
}

function parseSeed(text: string | undefined): number {
  if (text === undefined) return randomSeed();
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) {
    throw new UsageError(`--seed must be an integer from 0 to 4294967295; got "${text}"`);
  }
  return Number(text);
}
