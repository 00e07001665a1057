/**
 * The `sys_call` hook: runs a command as a subprocess, without a shell, and
 * records its exit status and output.
 *
 * @module
 */
import { realTimeClock } from "../src/clock/real_clock.ts";
import { Hook, type HookClass, hookPlugin } from "../src/plugins/hook.ts";
import type { ArgsOf, Assert, Equal } from "../src/plugins/args_of.ts";
import { type Chart, outputProblem } from "../src/model/output.ts";
import type { JsonSchema, PluginEntry } from "../src/model/plugin_registry.ts";
import { prepareProcessHost } from "../src/process/process_host.ts";
import { type CapturedOutput, type ProcessResult, runProcess } from "../src/process/run_process.ts";
import { splitShellWords } from "../src/process/shell_words.ts";

/** The object form of `sys_call`'s args. */
export interface SysCallOptions {
  /** A command line (split like a POSIX shell splits words), or the program and its arguments. */
  cmd: string | string[];
  /**
   * Seconds after which the command and every process it started are killed
   * (more than 0, at most a day).
   * @default 60
   */
  timeout?: number;
  /**
   * Working directory of the command.
   * @default brunt's working directory
   */
  cwd?: string;
  /**
   * Variables added to the inherited environment.
   * @default {}
   */
  env?: Record<string, string>;
}

/** Args of `sys_call`: a command line, or {@linkcode SysCallOptions}. */
export type SysCallArgs = string | SysCallOptions;

/** Default of {@linkcode SysCallOptions.timeout}, in seconds. */
export const DEFAULT_SYS_CALL_TIMEOUT_S = 60;
/** Largest {@linkcode SysCallOptions.timeout}: a day, in seconds. */
export const MAX_SYS_CALL_TIMEOUT_S = 86_400;

// Bytes of stdout, and of stderr, kept per run: a chatty command cannot fill memory.
const MAX_OUTPUT_BYTES = 1_048_576;

/**
 * Returns why `args` (already valid against {@linkcode SysCall.schema}) cannot
 * be run, or undefined when they can: a command line that is blank or cannot
 * be split into words (an unterminated quote, a trailing backslash), or an
 * empty program name. The schema cannot see these, so the task validator
 * calls this too.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { validateSysCallArgs } from "./sys_call.ts";
 * assert.match(validateSysCallArgs("/bin/echo 'hi") ?? "", /^Unterminated single quote/);
 * assert.equal(validateSysCallArgs({ cmd: ["/bin/echo", "hi"] }), undefined);
 * ```
 */
export function validateSysCallArgs(args: unknown): string | undefined {
  const cmd = typeof args === "object" && args !== null && !Array.isArray(args)
    ? (args as { cmd?: unknown }).cmd
    : args;
  try {
    const words = typeof cmd === "string" ? splitShellWords(cmd) : cmd;
    if (!Array.isArray(words)) return undefined;
    if (words.length === 0) {
      return `The command line is empty; give the program to run and its arguments, like "/bin/echo hello"`;
    }
    if (words[0] === "") {
      return `The program name is empty; give the program to run first, like ["/bin/echo", "hello"]`;
    }
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

/** JSON Schema of {@linkcode SysCallArgs}. */
const SYS_CALL_SCHEMA = {
  oneOf: [
    {
      type: "string",
      minLength: 1,
      description: "A command line, split into words like a POSIX shell splits them; " +
        "no shell is started, so there are no pipes, redirections or $VARIABLES",
    },
    {
      type: "object",
      properties: {
        cmd: {
          oneOf: [
            {
              type: "string",
              minLength: 1,
              description: "A command line, split like a shell splits words",
            },
            {
              type: "array",
              items: { type: "string" },
              minItems: 1,
              description: "The program and its arguments, as they are",
            },
          ],
        },
        timeout: {
          type: "number",
          exclusiveMinimum: 0,
          // Host timers overflow past 2^31 ms (about 24.8 days) and would fire at once.
          maximum: MAX_SYS_CALL_TIMEOUT_S,
          description:
            `Seconds after which the command is killed (default ${DEFAULT_SYS_CALL_TIMEOUT_S}, ` +
            `at most ${MAX_SYS_CALL_TIMEOUT_S})`,
        },
        cwd: { type: "string", minLength: 1, description: "Working directory of the command" },
        env: {
          type: "object",
          propertyNames: { type: "string", pattern: "^[^=\\u0000]+$" },
          additionalProperties: { type: "string" },
          description: "Variables added to the inherited environment",
        },
      },
      required: ["cmd"],
      additionalProperties: false,
    },
  ],
} as const;
type _CheckedArgs = Assert<Equal<SysCallArgs, ArgsOf<typeof SYS_CALL_SCHEMA>>>;

/**
 * Runs a command as a subprocess and records how it ended (Rally's
 * `sys_call`, with a timeout and the object form added).
 *
 * - Exit 0 is success. A non-zero exit fails the run with etype
 *   `SubprocessError`, msg `Subprocess returned N` and, as details, the
 *   stderr, or when it is empty `"stdout: "` and the stdout (Rally's
 *   details); death by a signal says
 *   `Subprocess was killed by SIGNAME`.
 * - stdout that is a JSON object with `additive` and/or `complete` lists of
 *   charts becomes the run's output; any other stdout is recorded in a
 *   "System call" TextArea chart with the exit code, stdout and stderr.
 * - On its timeout, or when the run is aborted, the command and every
 *   process it started are killed (SIGTERM, then SIGKILL).
 * - On a simulated clock the command takes no simulated time, and its
 *   timeout counts real time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RealClock } from "@brunt/brunt";
 * import { SysCall } from "./sys_call.ts";
 * const hook = new SysCall({
 *   config: "/bin/echo hello", signal: new AbortController().signal, clock: new RealClock(),
 * });
 * await hook.run();
 * assert.equal(hook.status, "success");
 * ```
 */
export class SysCall extends Hook<SysCallArgs> {
  /** JSON Schema of the args: a command line, or `{cmd, timeout?, cwd?, env?}`. */
  static override schema: JsonSchema = SYS_CALL_SCHEMA;

  /** What the hook does. */
  static override description: string =
    "Runs a command as a subprocess (no shell) and records its exit status and output.\n" +
    "Args: a command line string, split into words like a POSIX shell splits them " +
    "(use `sh -c '…'` for pipes and redirections), or {cmd: string | [program, ...args], " +
    `timeout?: seconds (default ${DEFAULT_SYS_CALL_TIMEOUT_S}), cwd?: string, env?: {NAME: value}}.\n` +
    "Exit 0 is success; stdout that is JSON {additive?, complete?} becomes chart output, " +
    "any other stdout a TextArea. On timeout the command and its children are killed.";

  /** Rejects command lines that cannot be split (an unterminated quote, no program). */
  static validate: (args: unknown) => string | undefined = validateSysCallArgs;
  /** Starts the worker thread that spawns commands, before the load needs it. */
  static prepare: () => void = prepareProcessHost;

  /** Runs the command and records the outcome; never throws for a failing command. */
  async run(): Promise<void> {
    const args = this.config;
    const opts: SysCallOptions = typeof args === "string" ? { cmd: args } : args;
    const problem = validateSysCallArgs(args);
    if (problem) return this.setError("InvalidArgs", problem);
    const cmd = typeof opts.cmd === "string" ? splitShellWords(opts.cmd) : opts.cmd;
    const timeoutS = opts.timeout ?? DEFAULT_SYS_CALL_TIMEOUT_S;

    // The command is real work: on a simulated clock it takes no simulated
    // time, and its timeout counts real time.
    if (opts.cwd !== undefined && !(await this.realWork(this.#checkCwd(opts.cwd)))) return;
    let result: ProcessResult;
    try {
      result = await this.realWork(
        runProcess({
          cmd,
          cwd: opts.cwd,
          env: opts.env,
          clock: realTimeClock(this.clock),
          signal: this.signal,
          timeoutMs: timeoutS * 1000,
          maxOutputBytes: MAX_OUTPUT_BYTES,
        }),
      );
    } catch (e) {
      return this.#spawnFailed(e, cmd[0]);
    }

    // Charts a killed command printed are likely cut off: keep its output as text.
    const charts = result.killedFor ? undefined : chartsOf(result.stdout.text);
    for (const chart of charts?.additive ?? []) this.addOutput({ additive: chart });
    for (const chart of charts?.complete ?? []) this.addOutput({ complete: chart });
    if (!charts || charts.problems.length) this.addOutput({ complete: this.#textArea(result) });

    // Rally's details: the stderr, or the stdout marked as such ("stdout: " for none).
    const details = result.stderr.text || `stdout: ${result.stdout.text}`;
    if (result.killedFor === "timeout") {
      const leftOpen = result.signal === null
        ? ` (it had exited with ${result.code}, but processes it started kept its output open)`
        : "";
      this.setError(
        "TimeoutError",
        `Subprocess timed out after ${timeoutS} s and was killed${leftOpen}`,
        details,
      );
    } else if (result.killedFor === "abort") {
      this.#aborted(result.abortReason, details);
    } else if (result.signal !== null) {
      this.setError("SubprocessError", `Subprocess was killed by ${result.signal}`, details);
    } else if (result.code !== 0) {
      this.setError("SubprocessError", `Subprocess returned ${result.code}`, details);
    } else if (charts?.problems.length) {
      this.setError(
        "InvalidOutput",
        `The subprocess's stdout is JSON chart output with invalid charts: ${
          charts.problems.join("; ")
        }`,
        'The raw stdout is in the "System call" TextArea output.',
      );
    }
  }

  // Rally's "System call" TextArea, with truncation noted.
  #textArea(result: ProcessResult): Chart {
    const retCode = result.signal === null
      ? `${result.code}`
      : `${result.code} (killed by ${result.signal})`;
    return {
      title: "System call",
      description: `Args: ${
        typeof this.config === "string" ? this.config : JSON.stringify(this.config)
      }`,
      chart_plugin: "TextArea",
      data: [
        `RetCode: ${retCode}`,
        `StdOut: ${shown(result.stdout)}`,
        `StdErr: ${shown(result.stderr)}`,
      ],
    };
  }

  async #checkCwd(cwd: string): Promise<boolean> {
    try {
      if ((await Deno.stat(cwd)).isDirectory) return true;
      this.setError(
        "NotADirectoryError",
        `Working directory ${JSON.stringify(cwd)} is not a directory`,
      );
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
      this.setError(
        "FileNotFoundError",
        `Working directory ${
          JSON.stringify(cwd)
        } does not exist; give an existing directory as "cwd"`,
      );
    }
    return false;
  }

  #spawnFailed(e: unknown, program: string): void {
    if (this.signal.aborted && e === this.signal.reason) return this.#aborted(e, "", false);
    const name = JSON.stringify(program);
    const where = program.includes("/") ? "no such file" : "not an executable on PATH";
    if (e instanceof Deno.errors.NotFound) {
      return this.setError("FileNotFoundError", `Command not found: ${name} (${where})`, e.message);
    }
    if (e instanceof Deno.errors.PermissionDenied) {
      return this.setError(
        "PermissionError",
        `Command cannot be executed: ${name} (permission denied: a directory, or a file without execute permission)`,
        e.message,
      );
    }
    throw e;
  }

  #aborted(reason: unknown, details: string, started = true): void {
    // The default reason (a plain AbortError) says nothing more than "Aborted".
    const named = reason instanceof Error && reason.name !== "AbortError" && reason.name;
    const why = reason instanceof Error
      ? reason.message
      : reason === undefined
      ? ""
      : String(reason);
    this.setError(
      named || "Aborted",
      `Subprocess was ${started ? "killed" : "not started"} because the hook run was aborted${
        why ? `: ${why}` : ""
      }`,
      details,
    );
  }
}

/** The `sys_call` hook plugin. */
export const SYS_CALL_HOOK: PluginEntry<HookClass> = hookPlugin("sys_call", SysCall);

// What the charts in stdout are, when stdout is JSON chart output (an
// object with "additive" and/or "complete"); undefined for any other stdout.
function chartsOf(
  stdout: string,
): { additive: Chart[]; complete: Chart[]; problems: string[] } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return undefined;
  const json = parsed as Record<string, unknown>;
  if (!("additive" in json) && !("complete" in json)) return undefined;
  const found = { additive: [] as Chart[], complete: [] as Chart[], problems: [] as string[] };
  for (const key of Object.keys(json)) {
    if (key !== "additive" && key !== "complete") {
      found.problems.push(`unknown key ${JSON.stringify(key)} (allowed: "additive", "complete")`);
    }
  }
  for (const kind of ["additive", "complete"] as const) {
    const list = json[kind] ?? [];
    if (!Array.isArray(list)) {
      found.problems.push(`"${kind}" must be a list of charts; got ${JSON.stringify(list)}`);
      continue;
    }
    list.forEach((chart, i) => {
      const problem = outputProblem({ [kind]: chart });
      if (problem) found.problems.push(`${kind}[${i}]: ${problem}`);
      else found[kind].push(chart as Chart);
    });
  }
  return found;
}

function shown(output: CapturedOutput): string {
  if (output.bytes === 0) return "(empty)";
  if (!output.truncated) return output.text;
  return `${output.text}\n… (truncated: the first ${MAX_OUTPUT_BYTES} of ${output.bytes} bytes kept)`;
}
