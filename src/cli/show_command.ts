/**
 * `brunt show ID`: a recorded task's summary tables, as `run` printed them.
 *
 * @module
 */
import { taskVerdict, workloadSummary } from "../report/run_summary.ts";
import type { SummaryTableOptions } from "../report/summary_tables.ts";
import type { TaskHistory, TaskView } from "../store/task_history.ts";
import { EXIT } from "./exit_codes.ts";
import { DB_HELP, openHistory } from "./history_access.ts";
import { parseCommandArgs } from "./command_args.ts";
import { formatStarted, printable } from "./history_format.ts";
import { formatSeconds } from "../report/format_seconds.ts";
import { UsageError } from "./usage_error.ts";
import { type CliIo, tableLook } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `show`. */
export const SHOW_HELP = `Usage: brunt show ID [--db PATH]

Prints a recorded task again: its status, start, seed and command line,
and per workload the response times, hooks and SLA tables. ID is a unique
prefix of the task's id (see brunt list) or "last" for the newest task. A
crashed task's unfinished workloads are summarized from the iterations
recorded before the crash.

Options:
${DB_HELP}
  -h, --help           this help`;

/** Runs `brunt show`; returns the exit code. */
export function showCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("show", args, {
    db: { type: "string" },
  });
  if (values.help) {
    io.out(SHOW_HELP);
    return Promise.resolve(EXIT.ok);
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length
        ? `show takes one task id; got ${positionals.join(", ")}`
        : 'show needs a task id: brunt show ID (brunt list shows them; "last" is the newest)',
    );
  }
  const open = openHistory(values.db as string | undefined, plugins, "read");
  try {
    const view = open.history.view(open.history.resolve(positionals[0]));
    io.out(renderTask(view, open.history, tableLook(io)));
  } finally {
    open.close();
  }
  return Promise.resolve(EXIT.ok);
}

function renderTask(view: TaskView, history: TaskHistory, look: SummaryTableOptions): string {
  const { summary, task } = view;
  const lines = [
    `Task ${task.uuid}: ${printable(task.title) || "(untitled)"}`,
    `Status: ${statusLine(view)}`,
    `Started: ${formatStarted(summary.createdAt)}, duration ${
      formatSeconds(summary.durationS, "units")
    }`,
    `Seed: ${task.seed}`,
  ];
  if (summary.args.length) {
    lines.push(`Command: brunt run ${printable(summary.args.map(quote).join(" "), 2000)}`);
  }
  const all = task.subtasks.flatMap((s) => s.workloads.map((w) => ({ w, subtask: s.title })));
  all.forEach(({ w, subtask: title }, i) => {
    const subtask = printable(title);
    lines.push("");
    const recorded = view.rebuilt.get(w.uuid);
    if (recorded !== undefined && summary.live) {
      const scenario = Object.keys(w.scenario)[0] ?? "(no scenario)";
      lines.push(
        `[${i + 1}/${all.length}] ${subtask} (${scenario}): running, ${recorded} iterations so far`,
      );
      return;
    }
    if (recorded !== undefined) {
      lines.push(
        `Did not finish: summarized from the ${recorded} iterations recorded before the crash.`,
      );
    }
    const partial = view.partial.find((p) => p.uuid === w.uuid);
    if (partial) {
      lines.push(
        `Raw iterations: the history holds ${partial.recorded} of ${partial.total}; the rest ` +
          `could not be recorded while it ran. The tables below cover all ${partial.total}.`,
      );
    }
    lines.push(workloadSummary(w, { number: i + 1, count: all.length, subtask }, {
      ...look,
      iterationsOf: (w) => history.iterations(w.uuid),
    }));
  });
  if (!summary.live) lines.push("", taskVerdict(task, look));
  return lines.join("\n");
}

function statusLine(view: TaskView): string {
  const { summary } = view;
  const sla = summary.passSla === null
    ? "SLA not known yet"
    : `SLA ${summary.passSla ? "passed" : "FAILED"}`;
  if (summary.live) return `running (pid ${summary.pid} on ${summary.hostname})`;
  if (summary.status === "crashed" && summary.pid !== null) {
    return `crashed: the brunt process (pid ${summary.pid} on ${summary.hostname}) ended, or ` +
      `went silent, without finishing the task; last sign of life ` +
      `${formatStarted(summary.updatedAt)}; ${sla}`;
  }
  return `${summary.status}, ${sla}`;
}

function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`;
}
