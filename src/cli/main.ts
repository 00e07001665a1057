/**
 * The `brunt` command line: dispatches to the commands and turns errors into
 * messages and exit codes.
 *
 * @module
 */
import { PluginLoadError } from "../plugins/plugin_loader.ts";
import { ResultsFileError } from "../report/json_writer.ts";
import { HistoryError } from "../store/history_error.ts";
import { TaskFileError } from "../task/task_file_error.ts";
import { VERSION } from "../model/version.ts";
import { compareCommand } from "./compare_command.ts";
import { abortCommand } from "./abort_command.ts";
import { deleteCommand } from "./delete_command.ts";
import { detailedCommand } from "./detailed_command.ts";
import { slaCheckCommand } from "./sla_check_command.ts";
import { EXIT, RALLY_EXIT_CODES_FLAG, rallyExitCodeOf } from "./exit_codes.ts";
import { StrayErrorGuard } from "../engine/stray_errors.ts";
import { exportCommand } from "./export_command.ts";
import { importCommand } from "./import_command.ts";
import { listCommand } from "./list_command.ts";
import { reportCommand } from "./report_command.ts";
import { loadPluginFlags, pluginsCommand } from "./plugins_command.ts";
import { runCommand } from "./run_command.ts";
import { showCommand } from "./show_command.ts";
import { trendsCommand } from "./trends_command.ts";
import { k8sCommand } from "./k8s_command.ts";
import { mergeCommand } from "./merge_command.ts";
import { UsageError } from "./usage_error.ts";
import { validateCommand } from "./validate_command.ts";
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `brunt`. */
export const MAIN_HELP = `brunt ${VERSION}: load and reliability tests with hooks that fire at
chosen iterations or seconds of the load.

Usage: brunt COMMAND [options]        (deno run -A mod.ts COMMAND …)

Commands:
  run TASK_FILE        run a task (also: brunt TASK_FILE)
  validate TASK_FILE   check a task file without running it
  report ID|FILE…      make HTML/JSON/JUnit reports from recorded tasks or
                       saved results (RESULTS.json files)
  list                 the tasks recorded in the history (.brunt/brunt.db)
  show ID              a recorded task's summary tables
  export ID --json F   a recorded task as a results document
  import RESULTS.json  add a results document's tasks to the history
  delete ID…           remove tasks from the history
  trends ID… --html F  the same workloads across runs, to spot regressions
  compare A B          two runs side by side, with what got worse or better
  sla-check [ID|FILE]  a task's SLA verdicts, as rally task sla-check
  detailed [ID|FILE]   a task in detail, as rally task detailed
  abort ID [--soft]    stop a task another brunt process is running
  plugins [show NAME]  list the plugins, or show one's description and args
  merge FILE…          merge the results of one task's separate runs (its
                       segments run alone) into one document
  k8s TASK_FILE        print the Kubernetes manifests that run the task over
                       the pods of an Indexed Job

Every command takes --plugin PATH_OR_SPECIFIER (repeatable): a .ts/.js file,
a folder of them or an npm:/jsr:/https: module that registers plugins; they
load before the task is validated (brunt plugins --help says more).

brunt COMMAND --help shows a command's options.`;

const COMMANDS: Record<
  string,
  (args: string[], io: CliIo, plugins: PluginRegistry) => Promise<number>
> = {
  run: runCommand,
  validate: validateCommand,
  report: reportCommand,
  plugins: pluginsCommand,
  list: listCommand,
  show: showCommand,
  export: exportCommand,
  import: importCommand,
  delete: deleteCommand,
  trends: trendsCommand,
  compare: compareCommand,
  "sla-check": slaCheckCommand,
  detailed: detailedCommand,
  abort: abortCommand,
  k8s: k8sCommand,
  merge: mergeCommand,
};

/** Runs the CLI with `args`; returns the exit code. */
export async function main(args: string[], io: CliIo = defaultIo()): Promise<number> {
  const debug = args.includes("--debug");
  try {
    // User plugins load first, so task files validate against them like built-ins.
    const { rest: commandArgs, plugins } = await loadPluginFlags(args, io);
    const [first, ...rest] = commandArgs;
    if (first === undefined || first === "-h" || first === "--help" || first === "help") {
      io.out(MAIN_HELP);
      return first === undefined ? EXIT.badInput : EXIT.ok;
    }
    if (first === "--version" || first === "-V") {
      io.out(VERSION);
      return EXIT.ok;
    }
    const command = COMMANDS[first];
    if (command) return await command(rest, io, plugins);
    if (!first.startsWith("-") && looksLikeFile(first)) {
      return await runCommand(commandArgs, io, plugins);
    }
    throw new UsageError(
      `unknown command "${first}"; commands are ${
        Object.keys(COMMANDS).join(", ")
      } (or give a task file to run)`,
    );
  } catch (e) {
    if (e instanceof UsageError || e instanceof PluginLoadError) {
      io.err(`brunt: ${e.message}`);
      return EXIT.badInput;
    }
    if (e instanceof HistoryError) {
      io.err(`brunt: ${e.message}`);
      return EXIT.badInput;
    }
    if (e instanceof TaskFileError) {
      io.err(e.message);
      return args.includes(RALLY_EXIT_CODES_FLAG) ? rallyExitCodeOf(e) : EXIT.badInput;
    }
    if (e instanceof ResultsFileError) {
      io.err(e.message);
      return EXIT.badInput;
    }
    io.err(
      debug
        ? `brunt: internal error: ${(e as Error)?.stack ?? e}`
        : `brunt: internal error: ${(e as Error)?.message ?? e} (run with --debug for details)`,
    );
    return EXIT.internal;
  }
}

function looksLikeFile(arg: string): boolean {
  // Task templates may carry a template suffix: task.yaml.j2.
  return /\.(json|ya?ml)(\.(j2|jinja2?))?$/i.test(arg) || arg.includes("/");
}

/**
 * The CLI as a process: runs {@linkcode main} and exits with its code. Stray
 * errors of plugin code (a rejection nobody awaits, an exception in a timer)
 * are warned about, never fatal, for the whole life of the process: they can
 * surface after the run, while result files are written.
 */
export async function runCli(args: string[]): Promise<never> {
  const io = defaultIo();
  const strays = new StrayErrorGuard({ warn: io.err });
  strays.install();
  const code = await main(args, io);
  strays.uninstall();
  Deno.exit(code);
}

function defaultIo(): CliIo {
  const enc = new TextEncoder();
  return {
    out: (text) => console.log(text),
    err: (text) => {
      Deno.stderr.writeSync(enc.encode(text.startsWith("\r") ? text : text + "\n"));
    },
    errIsTty: Deno.stderr.isTerminal(),
    outColumns: terminalColumns(),
  };
}

// The width of the terminal stdout writes to; undefined when it is not one.
function terminalColumns(): number | undefined {
  if (!Deno.stdout.isTerminal()) return undefined;
  try {
    return Deno.consoleSize().columns;
  } catch {
    return undefined;
  }
}
