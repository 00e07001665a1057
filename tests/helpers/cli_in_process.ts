/**
 * Runs the command line in the test's own process (no child to spawn), with
 * what it prints captured.
 *
 * @module
 */
import { main } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/cli_io.ts";

/** What a command printed and its exit code. */
export interface CliResult {
  /** The exit code. */
  code: number;
  /** Standard output, lines joined with `\n`. */
  out: string;
  /** Progress and errors, lines joined with `\n`. */
  err: string;
}

/**
 * Runs `brunt ARGS` in-process; `outColumns` makes stdout a terminal that
 * wide (tables fitted and colored), and stderr is never a terminal.
 */
export async function cliInProcess(args: string[], outColumns?: number): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    errIsTty: false,
    outColumns,
  };
  const code = await main(args, io);
  return { code, out: stdout.join("\n"), err: stderr.join("\n") };
}

/** `brunt ...args` in-process, as {@linkcode cliInProcess} runs it. */
export function cli(...args: string[]): Promise<CliResult> {
  return cliInProcess(args);
}
