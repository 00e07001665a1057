/**
 * `brunt abort ID [--soft]`: stops a task that another brunt process is
 * running, as `rally task abort` does, and waits until it has stopped.
 *
 * @module
 */
import { abortRequest, nextHardLevel, requestAbort } from "../store/abort_requests.ts";
import { EXIT } from "./exit_codes.ts";
import { DB_HELP, openHistory } from "./history_access.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `abort`. */
export const ABORT_HELP = `Usage: brunt abort ID [--soft] [--db PATH]

Stops a task that a brunt run (in another shell, or on another machine
sharing the history file) is running, and waits until it has stopped. ID is
a unique prefix of the task's id, or "last". The request is written into the
task's row of the history, which the running brunt reads five times a second.

  brunt abort ID          no new iterations; running ones and hook runs
                          finish, later workloads are skipped (as the first
                          Ctrl-C, and Rally's abort); the stopped workload
                          fails its SLA with aborted_manually
  brunt abort ID (again)  cancels running iterations and hook runs too
  brunt abort ID --soft   the running workload runs to its end, later ones
                          are skipped (Rally's abort --soft)

Options:
  --soft               let the running workload run to its end
${DB_HELP}
  -h, --help           this help

Exit codes: 0 the task stopped, 2 no such running task.`;

/** How often the stopped task's status is read while waiting, in milliseconds. */
const WAIT_POLL_MS = 200;

/** Runs `brunt abort`; returns the exit code. */
export async function abortCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const { values, positionals } = parseCommandArgs("abort", args, {
    soft: { type: "boolean" },
    db: { type: "string" },
  });
  if (values.help) {
    io.out(ABORT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      positionals.length
        ? `abort takes one task id; got ${positionals.join(", ")}`
        : "abort needs the id of a running task: brunt abort ID (brunt list shows them)",
    );
  }
  const open = openHistory(values.db, plugins, "write");
  try {
    const { history, store } = open;
    const uuid = history.resolve(positionals[0]);
    const before = history.summary(uuid);
    if (before.status !== "running") {
      io.err(`brunt: cannot abort task ${uuid}: it is ${before.status}, not running`);
      return EXIT.badInput;
    }
    const level = values.soft ? "soft" : nextHardLevel(abortRequest(store, uuid));
    const recorded = requestAbort(store, uuid, level);
    io.err(
      recorded === "soft"
        ? `brunt: asked task ${uuid} to stop softly: its running workload runs to its end, ` +
          `no other starts`
        : recorded === "stop"
        ? `brunt: asked task ${uuid} to stop: no new iterations; running ones and hook runs finish`
        : `brunt: asked task ${uuid} to cancel its running iterations and hook runs`,
    );
    let now = history.summary(uuid);
    while (now.status === "running") {
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      now = history.summary(uuid);
    }
    if (now.status === "crashed") {
      io.err(`brunt: task ${uuid} ended without finishing its record (crashed)`);
    } else io.out(`Task ${uuid} successfully stopped.`);
    return EXIT.ok;
  } finally {
    open.close();
  }
}
