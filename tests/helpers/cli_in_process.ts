/**
 * Running the CLI in this process with its output captured.
 *
 * @module
 */
import { main } from "../../src/cli/main.ts";
import type { CliIo } from "../../src/cli/cli_io.ts";

/** What a command printed and returned. */
export interface CliResult {
  /** Its exit code. */
  code: number;
  /** stdout, the lines joined with "\n". */
  out: string;
  /** stderr, the lines joined with "\n". */
  err: string;
}

/** Runs `brunt ...args` in this process (as `main` does) and captures what it prints. */
export async function cliInProcess(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => void out.push(t), err: (t) => void err.push(t), errIsTty: false };
  const code = await main(args, io);
  return { code, out: out.join("\n"), err: err.join("\n") };
}
