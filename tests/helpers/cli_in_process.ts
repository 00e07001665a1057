/**
 * The brunt CLI run in this process through `main()`, its output captured:
 * cheaper than a child process wherever signals and kills are not the point.
 *
 * @module
 */
import { main } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/cli_io.ts";

/** What one command gave: its exit code, stdout and stderr (lines joined). */
export interface CliResult {
  /** Exit code. */
  code: number;
  /** Everything written to stdout. */
  out: string;
  /** Everything written to stderr. */
  err: string;
}

/** Runs `brunt ...args` in this process; returns its exit code and output. */
export async function cli(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), errIsTty: false };
  const code = await main(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}
