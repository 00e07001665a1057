/**
 * `brunt run FILE`: validate a task file, run it with live progress, print
 * the summary and write the requested result files.
 *
 * @module
 */
import { SimulatedClock } from "../clock/simulated_clock.ts";
import { type CliIo, tableLook } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import {
  runClusterTask,
  runShareAlone,
  runTask,
  type RunTaskOptions,
  type TaskRun,
} from "../engine/run_task.ts";
import { randomSeed } from "../engine/seeded_random.ts";
import type { ResultsDocument, SegmentsHeld } from "../model/results_document.ts";
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
import { renderHtmlReport } from "../report/html/html_report.ts";
import {
  type LiveFlags,
  type LiveSession,
  normalizeDashboardFlag,
  parseLiveFlags,
  startLiveOutputs,
} from "./live_outputs.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";
import { parseSegmentFlags } from "./segment_flags.ts";
import {
  aloneTask,
  runAsSegment,
  startCoordinator,
  type StartedCoordinator,
} from "./segment_run.ts";

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
  --dashboard[=HOST:PORT]  serve a live web page of the run (default 127.0.0.1
                           and a free port; the URL is printed at start, with
                           the token its stop buttons need); it also serves
                           /metrics for Prometheus to scrape
  --linger                 keep the dashboard up after the run, until Ctrl-C
  --out prometheus-rw=URL  send the metrics to a Prometheus remote write
                           endpoint every second (repeatable)
  --abort-on-sla-failure   stop a workload, and skip later ones, once an SLA
                           criterion fails
  --workers N|auto         run each workload's load in N worker threads (auto:
                           one per core), one execution segment each; this
                           process keeps the clock and the hooks and merges
                           the results. Default: in this thread, or as many
                           threads as a runner's max_cpu_count asks for
  --segment FROM:TO        run this part of the load, as processes on several
                           machines do (1/4:2/4); with --coordinator, the first
                           segment's process coordinates (fires the hooks,
                           records and writes the merged results) and the
                           others join it; without, the segment runs alone,
                           without hooks, for brunt merge
  --segment-sequence LIST  the segments' boundaries, 0,1/4,2/4,3/4,1 (default:
                           the segment and what lies before and after it)
  --segment-index N        this process's segment by its place in the sequence
                           (from 0), instead of --segment; default: the
                           JOB_COMPLETION_INDEX of a Kubernetes Indexed Job
  --coordinator HOST:PORT  where the first segment's process listens (it
                           listens on PORT); the others connect to HOST:PORT
                           (and write no history nor result files: the
                           coordinator records and writes the merged run)
  --token TOKEN            the secret the segments and coordinator share
                           (default: $BRUNT_TOKEN); it is never sent as such
  --join-timeout SECONDS   how long the coordinator waits for the others, and
                           the others for the coordinator (default 300)
  --resolve HOST=ADDRESS   connect to ADDRESS for the coordinator's HOST
                           instead of looking it up (comma-separated pairs;
                           default: $BRUNT_RESOLVE)
  --task-args JSON         values of the task file's template variables, a JSON
                           (or YAML) object: the task file is rendered as a
                           Jinja2 template, as in Rally, before it is parsed
  --task-args-file FILE    the same from a JSON or YAML file (--task-args
                           values override the file's)
  --plugin PATH            load plugins first: a .ts/.js file, a folder of
                           them, or an npm:/jsr:/https: module (repeatable)
  --simulated-clock        run on a simulated clock that starts now: the load
                           takes no real time (a ten-minute task is over in
                           about a second), so you see when every hook fires
                           before pointing the load at a real system; hooks
                           and scenarios still do their real work (commands,
                           requests), which takes no simulated time; the
                           report, result files and history are as usual
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
  const { values, positionals } = parseFlags(normalizeDashboardFlag(args));
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
  const split = ["segment", "segment-index", "coordinator"] as const;
  if (values["simulated-clock"] && split.some((flag) => values[flag] !== undefined)) {
    throw new UsageError(
      "--simulated-clock runs the whole load in this process: leave out --segment, " +
        "--segment-index and --coordinator (--workers is fine: its segments then run here)",
    );
  }
  const seed = parseSeed(values.seed);
  const workers = parseWorkers(values.workers);
  const segments = parseSegmentFlags(values);
  const files = { json: values.json, html: values.html, junit: values.junit };
  const inputs: ProtectedFile[] = [{ what: "the task file", path: positionals[0] }];
  if (values["task-args-file"] !== undefined) {
    inputs.push({ what: "the task args file", path: values["task-args-file"] });
  }
  // A segment that joins a coordinator records nothing: the coordinator
  // writes the merged results (every pod of an Indexed Job gets the same flags).
  if (segments?.role !== "segment") {
    checkOutputFiles(files, [...historyFiles(historyPath(values.db)), ...inputs]);
  }
  const jsonFormat = parseJsonFormat(values["json-format"]);
  const live = parseLiveFlags(values);
  const taskArgs = await loadTaskArgs({
    args: values["task-args"],
    argsFile: values["task-args-file"],
  });
  const spec = await loadTaskFile(positionals[0], { args: taskArgs, plugins });

  const quiet = values.quiet ?? false;
  const simulated = values["simulated-clock"] ?? false;
  if (segments?.role === "segment") return await runAsSegment(spec, segments, io, quiet);
  const db = SqliteStore.open(historyPath(values.db));
  let coordinator: StartedCoordinator | undefined;
  try {
    if (segments?.role === "coordinator") {
      coordinator = await startCoordinator(spec, segments, io, quiet);
    }
    const store = new TaskRecorder(db, { spec, seed, args });
    const onStart = (uuid: string) => {
      store.started(uuid);
      if (!quiet) {
        io.err(
          `brunt: running ${positionals[0]} (seed ${seed}) as task ${uuid}, recorded in ${db.path}`,
        );
        if (simulated) {
          io.err(
            "brunt: times are simulated (--simulated-clock): the load runs at once on a clock " +
              "that starts now; commands and requests take no simulated time",
          );
        }
      }
    };
    const cluster = coordinator?.split;
    const run: RunFn = cluster
      ? (options) => runClusterTask(spec, options, cluster)
      : segments
      ? (options) => {
        const alone = aloneTask(spec, segments);
        return runShareAlone(alone.spec, options, alone.share);
      }
      : (options) => runTask(spec, { ...options, workers });
    const held = coordinator?.held ??
      (segments && (() => ({
        sequence: segments.sequence.toString(),
        included: [segments.segment.toString()],
        lost: [],
      })));
    return await runRecorded(spec, {
      io,
      quiet,
      files,
      jsonFormat,
      db,
      store,
      onStart,
      seed,
      run,
      held,
      values,
      live,
      taskFile: positionals[0],
      // Whole milliseconds: the simulated times are exact from there on.
      clock: simulated ? new SimulatedClock({ start: Math.floor(Date.now()) }) : undefined,
    });
  } finally {
    await coordinator?.close();
    db.close();
  }
}

/** How the task is run: here, on workers, split over processes, or one segment alone. */
type RunFn = (
  options: Omit<RunTaskOptions, "args" | "plugins" | "workers">,
) => Promise<TaskRun>;

/**
 * Runs `clock`'s timers until `running` settles. Real work a plugin did not
 * hand to `realWork` may still be going on with no timer due: then it looks
 * again a few real milliseconds later.
 */
async function driveToEnd(clock: SimulatedClock, running: Promise<unknown>): Promise<void> {
  let done = false;
  running.then(() => done = true, () => done = true);
  while (!done) {
    await clock.runUntil(() => done);
    if (!done) await new Promise((resolve) => setTimeout(resolve, 5));
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
  run: RunFn;
  /** The segments of the load the results hold, when it is split over processes. */
  held?: () => SegmentsHeld;
  values: ReturnType<typeof parseFlags>["values"];
  live: LiveFlags;
  taskFile: string;
  /** The simulated clock to run on (--simulated-clock); the real clock when undefined. */
  clock: SimulatedClock | undefined;
}

// Runs the task with signal handling, records it, and reports.
async function runRecorded(
  spec: TaskSpec,
  {
    io,
    quiet,
    files,
    jsonFormat,
    db,
    store,
    onStart,
    seed,
    run,
    held,
    values,
    live: liveFlags,
    taskFile,
    clock,
  }: RunOptions,
): Promise<number> {
  const progress = quiet ? undefined : new ProgressLine({
    write: io.err,
    tty: io.errIsTty,
    workloads: spec.subtasks.reduce((n, s) => n + s.workloads.length, 0),
  });

  const stops = new RunStops(io, { pollRequest: () => abortRequest(db, store.uuid) });
  stops.install();
  let live: LiveSession | undefined;
  try {
    live = await startLiveOutputs(liveFlags, spec, taskFile, progress, (mode) => stops.ask(mode));
    if (live?.dashboard) io.err(`brunt: dashboard at ${live.dashboard.privateUrl}`);
    let document: ResultsDocument;
    try {
      const running = run({
        clock,
        seed,
        store,
        progress: store.watch(live?.feed ?? progress),
        onStart: (uuid) => {
          onStart(uuid);
          live?.feed.taskStarted(uuid);
          live?.feed.start();
        },
        finishSignal: stops.finish.signal,
        signal: stops.stop.signal,
        hardSignal: stops.cancel.signal,
        abortOnSlaFailure: values["abort-on-sla-failure"] ?? false,
      });
      if (clock) await driveToEnd(clock, running);
      ({ document } = await running);
      if (clock) document.tasks[0].simulated = true;
      if (held) document.tasks[0].segments = held();
    } catch (e) {
      try {
        store.crash();
      } catch {
        // The run's own error is the one to report.
      }
      throw e;
    } finally {
      progress?.stop();
      live?.feed.stop();
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
    const task = document.tasks[0];
    live?.dashboard?.finish(
      { status: task.status, pass_sla: task.pass_sla, report: true, htmlFile: files.html },
      () => renderHtmlReport(document, (w) => store.iterations(w.uuid)),
    );
    stops.writing();
    const code = await report(document, {
      io,
      quiet,
      files,
      jsonFormat,
      store,
      stops,
      recorded,
      rallyExitCodes: values["rally-exit-codes"] ?? false,
      simulated: clock !== undefined,
    });
    if (live?.dashboard && liveFlags.linger) {
      stops.uninstall();
      io.err(`brunt: the dashboard stays up at ${live.dashboard.url} (Ctrl-C to quit)`);
      await nextSignal();
    }
    return code;
  } finally {
    stops.uninstall();
    // Outputs end after the result files: what they could not deliver is counted here.
    const warnings = await live?.feed.close() ?? [];
    for (const warning of warnings) io.err(`brunt: ${warning}`);
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
  /** Whether the run's times are simulated (said after the verdict). */
  simulated: boolean;
}

// Prints the tables, writes the result files and gives the exit code.
async function report(
  document: ResultsDocument,
  { io, quiet, files, jsonFormat, store, stops, recorded, rallyExitCodes, simulated }:
    ReportOptions,
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
  } else {
    const [verdict, ...reasons] = taskVerdict(task, look).split("\n");
    io.out([`${verdict}${simulated ? " (times simulated)" : ""}`, ...reasons].join("\n"));
  }
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
    "simulated-clock": { type: "boolean" },
    "rally-exit-codes": { type: "boolean" },
    workers: { type: "string" },
    segment: { type: "string" },
    "segment-sequence": { type: "string" },
    "segment-index": { type: "string" },
    coordinator: { type: "string" },
    token: { type: "string" },
    "join-timeout": { type: "string" },
    resolve: { type: "string" },
    dashboard: { type: "string" },
    linger: { type: "boolean" },
    out: { type: "string", multiple: true },
  });
}

// Resolves at the next SIGINT or SIGTERM.
function nextSignal(): Promise<void> {
  const signals: Deno.Signal[] = ["SIGINT", "SIGTERM"];
  return new Promise((resolve) => {
    const on = () => {
      for (const s of signals) Deno.removeSignalListener(s, on);
      resolve();
    };
    for (const s of signals) Deno.addSignalListener(s, on);
  });
}

function parseWorkers(text: string | undefined): number | "auto" | undefined {
  if (text === undefined || text === "auto") return text;
  if (!/^\d+$/.test(text) || Number(text) < 1 || Number(text) > MAX_WORKERS) {
    throw new UsageError(
      `--workers must be a whole number from 1 to ${MAX_WORKERS}, or auto (one per core); got "${text}"`,
    );
  }
  return Number(text);
}

/** Most worker threads `--workers` takes. */
const MAX_WORKERS = 1024;

function parseSeed(text: string | undefined): number {
  if (text === undefined) return randomSeed();
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff) {
    throw new UsageError(`--seed must be an integer from 0 to 4294967295; got "${text}"`);
  }
  return Number(text);
}
