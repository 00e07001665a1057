/**
 * Flag parsing shared by every command.
 *
 * @module
 */
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { closestName } from "../task/did_you_mean.ts";
import { UsageError } from "./usage_error.ts";

// Every command takes these.
const COMMON = {
  help: { type: "boolean", short: "h" },
  debug: { type: "boolean" },
} as const;

/**
 * Parses the flags of the command `name` (`--help` and `--debug` included),
 * turning a bad flag into a {@linkcode UsageError} that points at the
 * command's help, and names the flag meant when an unknown one is a typo
 * of it (`--sed`: did you mean `--seed`?).
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
    const unknown = (e as { code?: string }).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
      ? /^Unknown option '([^']+)'/.exec((e as Error).message)?.[1]
      : undefined;
    if (unknown === undefined) {
      throw new UsageError(`${(e as Error).message}; see brunt ${name} --help`);
    }
    const known = Object.keys({ ...options, ...COMMON, plugin: {} });
    const meant = closestName(unknown.replace(/^-+/, "").replace(/=.*$/, ""), known);
    throw new UsageError(
      `unknown option ${unknown} for brunt ${name}${
        meant ? `; did you mean --${meant}?` : ""
      } (brunt ${name} --help lists the options)`,
    );
  }
}
