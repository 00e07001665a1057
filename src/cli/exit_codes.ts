/**
 * The CLI's exit codes, all in one place.
 *
 * @module
 */

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
