/**
 * Flag parsing shared by every command.
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { UsageError } from "./usage_error.ts";

// Every command takes these.
const COMMON = {
  help: { type: "boolean", short: "h" },
  debug: { type: "boolean" },
} as const;

/**
 * Parses the flags of the command `name` (`--help` and `--debug` included),
 * turning a bad flag into a {@linkcode UsageError} that points at the
 * command's help.
 */
export function parseCommandArgs<T extends ParseArgsOptionsConfig>(
  name: string,
  args: string[],
  options: T,
) {
  try {
    return parseArgs({
      args,
      options: { ...options, ...COMMON },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; see brunt ${name} --help`);
  }
}
