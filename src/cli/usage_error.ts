/**
 * A mistake on the command line (exit code 2).
 *
 * @module
 */

/** A bad command, flag or flag value; the message says what and what would be right. */
export class UsageError extends Error {
  /** Names itself `UsageError`. */
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}
