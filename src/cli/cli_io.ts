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
  /**
   * Columns of the terminal `out` writes to; undefined when `out` is not a
   * terminal. Tables are fitted to it and colored; without it they are as
   * wide as their cells and plain.
   */
  outColumns?: number;
}

/**
 * How tables look on `io.out`: fitted to its terminal's width, and colored
 * there unless `NO_COLOR` is set.
 */
export function tableLook(io: CliIo): { color: boolean; width: number | undefined } {
  return { color: io.outColumns !== undefined && !Deno.noColor, width: io.outColumns };
}
