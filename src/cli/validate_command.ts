/**
 * `brunt validate FILE`: check a task file without running anything.
 *
 * @module
 */
import { loadTaskFile } from "../task/load.ts";
import { loadTaskArgs } from "../task/task_args.ts";
import { EXIT, RALLY_EXIT_CODES_HELP } from "./exit_codes.ts";
import { parseCommandArgs } from "./command_args.ts";
import { UsageError } from "./usage_error.ts";
import type { CliIo } from "./cli_io.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";

/** Help text of `validate`. */
export const VALIDATE_HELP = `Usage: brunt validate TASK_FILE [options]

Checks a task file (JSON or YAML, either task form) without running it:
syntax, structure, plugin names and every plugin's args. Lists every problem
with its place in the file. Exit code 0 when valid, 2 otherwise (with
--rally-exit-codes, Rally's: 113 the task's structure, 114 a plugin's name or
args, 117 a file that cannot be read, rendered or parsed). A task file that
uses template syntax, or is given task args, is rendered first, as run
renders it.

Options:
  --task-args JSON         values of the task file's template variables, a JSON
                           (or YAML) object
  --task-args-file FILE    the same from a JSON or YAML file (--task-args
                           values override the file's)
  --plugin PATH            load plugins first: a .ts/.js file, a folder of
                           them, or an npm:/jsr:/https: module (repeatable)
${RALLY_EXIT_CODES_HELP}
  -h, --help               this help`;

/** Runs `brunt validate`; returns the exit code. */
export async function validateCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const parsed = parseCommandArgs("validate", args, {
    "task-args": { type: "string" },
    "task-args-file": { type: "string" },
    "rally-exit-codes": { type: "boolean" },
  });
  if (parsed.values.help) {
    io.out(VALIDATE_HELP);
    return EXIT.ok;
  }
  if (parsed.positionals.length !== 1) throw new UsageError("validate needs one task file");
  const taskArgs = await loadTaskArgs({
    args: parsed.values["task-args"],
    argsFile: parsed.values["task-args-file"],
  });
  const spec = await loadTaskFile(parsed.positionals[0], { args: taskArgs, plugins });
  const workloads = spec.subtasks.reduce((n, s) => n + s.workloads.length, 0);
  const hooks = spec.subtasks.reduce(
    (n, s) => n + s.workloads.reduce((m, w) => m + w.hooks.length, 0),
    0,
  );
  io.out(
    `${parsed.positionals[0]}: valid (${spec.subtasks.length} subtask${
      plural(spec.subtasks.length)
    }, ` +
      `${workloads} workload${plural(workloads)}, ${hooks} hook${plural(hooks)})`,
  );
  return EXIT.ok;
}

function plural(n: number): string {
  return n === 1 ? "" : "s";
}
