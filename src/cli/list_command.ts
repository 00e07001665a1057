/**
 * `brunt list`: the tasks in the history, oldest first.
 *
 * @module
 */
import { renderTable } from "../report/text_table.ts";
import { historyPath } from "../store/sqlite_store.ts";
import type { TaskSummary } from "../store/task_history.ts";
import { EXIT } from "./exit_codes.ts";
import { formatPassSla, formatStarted, printable, shortIdLength } from "./history_format.ts";
import { formatSeconds } from "../report/format_seconds.ts";
import { DB_HELP, openHistory } from "./history_access.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";
import { type CliIo, tableLook } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `list`. */
export const LIST_HELP = `Usage: brunt list [--status STATUS] [--limit N] [--db PATH]

Lists the recorded tasks, oldest first: id (a prefix that is enough to name
the task in show, report, export, delete and trends), title, status, start
time, duration, number of workloads and SLA verdict. A task whose brunt
process was killed shows as crashed.

Options:
  --status STATUS      only tasks with this status: running, finished,
                       aborted or crashed
  --limit N            only the newest N tasks
${DB_HELP}
  -h, --help           this help`;

const STATUSES = ["running", "finished", "aborted", "crashed"];

/** Runs `brunt list`; returns the exit code. */
export function listCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("list", args, {
    status: { type: "string" },
    limit: { type: "string" },
    db: { type: "string" },
  });
  if (values.help) {
    io.out(LIST_HELP);
    return Promise.resolve(EXIT.ok);
  }
  if (positionals.length) {
    throw new UsageError(`list takes no arguments; got ${positionals.join(" ")}`);
  }
  const status = values.status as string | undefined;
  if (status !== undefined && !STATUSES.includes(status)) {
    throw new UsageError(`--status must be one of ${STATUSES.join(", ")}; got "${status}"`);
  }
  const limitText = values.limit as string | undefined;
  if (limitText !== undefined && !/^[1-9]\d*$/.test(limitText)) {
    throw new UsageError(`--limit must be a whole number of tasks, 1 or more; got "${limitText}"`);
  }
  const path = historyPath(values.db as string | undefined);
  if (!exists(path)) {
    io.out(`No tasks recorded yet: ${path} does not exist (brunt run records tasks there).`);
    return Promise.resolve(EXIT.ok);
  }
  const open = openHistory(path, plugins, "read");
  let tasks: TaskSummary[];
  try {
    tasks = open.history.list();
  } finally {
    open.close();
  }
  const idLength = shortIdLength(tasks.map((t) => t.uuid));
  if (status) tasks = tasks.filter((t) => t.status === status);
  if (limitText) tasks = tasks.slice(-Number(limitText));
  if (!tasks.length) {
    io.out(status ? `No ${status} tasks in ${path}.` : `No tasks in ${path}.`);
    return Promise.resolve(EXIT.ok);
  }
  const rows = tasks.map((t) => [
    t.uuid.slice(0, idLength),
    printable(t.title, 60) || "(untitled)",
    t.status,
    formatStarted(t.createdAt),
    formatSeconds(t.durationS, "units"),
    t.workloads,
    formatPassSla(t.passSla),
  ]);
  io.out(renderTable(
    [
      "ID",
      { header: "Title", wrap: true, minWidth: 16 },
      "Status",
      { header: "Started", priority: 2 },
      { header: "Duration", align: "right" },
      { header: "Workloads", align: "right", priority: 1 },
      "SLA",
    ],
    rows,
    { width: tableLook(io).width },
  ));
  return Promise.resolve(EXIT.ok);
}

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
