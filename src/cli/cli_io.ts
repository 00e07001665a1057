/**
 * Where every command prints: normal output, and progress and errors.
 *
 * @module
 */

/** Where a command prints. */
export interface CliIo {
  /** Normal output (tables, file names). */
  out: (text: string) => void;
  /** Progress and errors. */
  err: (text: string) => void;
  /** Whether `err` is a terminal. */
  errIsTty: boolean;
}
