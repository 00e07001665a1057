/**
 * A problem with the task history a person can act on (exit code 2).
 *
 * @module
 */

/**
 * The task history cannot be used as asked: a missing, corrupt, foreign or
 * newer-schema database file, an unknown or ambiguous task id, a task that
 * is already there. The message says what is wrong and what would be right.
 */
export class HistoryError extends Error {
  /** Builds the error with a message for people. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "HistoryError";
  }
}
