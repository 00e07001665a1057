/**
 * The CLI's exit codes, all in one place: brunt's own, and Rally 3.3's for
 * `--rally-exit-codes`.
 *
 * @module
 */
import type { TaskFileError } from "../task/task_file_error.ts";

/**
 * Exit codes: 0 ok; 1 an SLA criterion failed; 2 bad input (task file,
 * flag, plugin, history that cannot be used as asked); 3 internal failure;
 * 4 the run or report finished but its results could not all be written (a
 * result file, or the task history: a full disk); 130 interrupted. When
 * several apply, the first of 130, 4, 1 wins.
 */
export const EXIT = {
  ok: 0,
  slaFailed: 1,
  badInput: 2,
  internal: 3,
  resultsIncomplete: 4,
  interrupted: 130,
} as const;

/**
 * Rally 3.3's exit codes, which `--rally-exit-codes` gives `run`, `validate`
 * and `sla-check` (a CI job moved from Rally keeps its checks): `rally task
 * start` exits 2 when an SLA failed (also after an abort, whose
 * `aborted_manually` criterion fails), 113 on a task whose structure is
 * wrong (`InvalidTaskException`), 114 on a plugin's name or args
 * (`InvalidTaskConfig`), 117 on a file it cannot read, render or parse
 * (`FailedToLoadTask`); `sla-check` exits with the number of failed criteria,
 * and 2 when there are none at all.
 */
export const RALLY_EXIT = {
  ok: 0,
  slaFailed: 2,
  invalidTaskStructure: 113,
  invalidTaskConfig: 114,
  failedToLoadTask: 117,
  noCriteria: 2,
} as const;

/** The flag that asks for {@linkcode RALLY_EXIT} codes. */
export const RALLY_EXIT_CODES_FLAG = "--rally-exit-codes";

/** Help lines of the flag, for the commands that take it. */
export const RALLY_EXIT_CODES_HELP =
  `  --rally-exit-codes       exit with Rally 3.3's codes (README: Exit codes)`;

/**
 * Rally's exit code for a task file it refuses: 117 when the file could not
 * be read, rendered or parsed; else 113 when its structure is wrong (Rally
 * checks that first); else 114 (a plugin's name or args).
 */
export function rallyExitCodeOf(error: TaskFileError): number {
  if (error.problems.some((p) => p.kind === undefined)) return RALLY_EXIT.failedToLoadTask;
  if (error.problems.some((p) => p.kind === "structure")) return RALLY_EXIT.invalidTaskStructure;
  return RALLY_EXIT.invalidTaskConfig;
}
