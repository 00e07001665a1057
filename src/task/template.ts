/**
 * Task templates: task files rendered as Jinja2-compatible templates
 * (Rally's convention) before they are parsed, with values from
 * `--task-args` / `--task-args-file` (task_args.ts).
 *
 * A task file is data a user may get from someone else, so rendering it
 * may do nothing but produce text. It happens in the template sandbox
 * (template_sandbox_main.ts): a Deno process with no permissions (but to
 * read one environment variable the template engine looks at), a heap
 * of {@linkcode TEMPLATE_MEMORY_MB} MB and {@linkcode TEMPLATE_TIMEOUT_MS}
 * ms to finish, whose template engine refuses the names that lead to
 * JavaScript itself (template_guard.ts). Included files are read here, by
 * their real path, inside the task file's folder only. A separate process
 * rather than a worker: Deno can take a worker's permissions away only
 * with an unstable flag, and a worker's heap shares the process; the cost
 * is about 0.1 s per rendered task.
 *
 * @module
 */
import { isAbsolute, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { InputTooLargeError, MAX_INPUT_BYTES, readTextBounded } from "./bounded_read.ts";
import type { TaskArgs } from "./task_args.ts";
import { TaskFileError } from "./task_file_error.ts";
import type { IncludeReply, RenderRequest, SandboxMessage } from "./template_sandbox_protocol.ts";

/** How long a template may take to render, in ms. */
export const TEMPLATE_TIMEOUT_MS = 10_000;

/** The heap a template may use while it renders, in MB. */
export const TEMPLATE_MEMORY_MB = 256;

/** How many files one rendering may include (a file that includes itself stops here). */
export const MAX_INCLUDES = 1_000;

/** Options of {@linkcode renderTemplate}. */
export interface RenderOptions {
  /**
   * The folder `{% include "file" %}` and `{% import %}` read from (the task
   * file's folder, as in Rally); files outside it, by their real path, are
   * not read.
   * @default {undefined} no includes
   */
  includeDir?: string;
  /**
   * How long rendering may take, in ms.
   * @default {TEMPLATE_TIMEOUT_MS}
   */
  timeoutMs?: number;
  /**
   * The heap rendering may use, in MB.
   * @default {TEMPLATE_MEMORY_MB}
   */
  memoryMb?: number;
}

/**
 * Renders `text` as a Jinja2-compatible template (nunjucks with its Jinja
 * compatibility: `True`/`False`/`None`, `dict.items()`, slices; Rally's
 * globals `min`, `max`, `ceil`, `round`; Python's `%`) with `args` as its
 * variables, in the template sandbox. Output is not HTML-escaped. Every
 * variable the template reads must be given in `args`, set in the template,
 * or have a default (`{{ times | default(10) }}`); like Rally, brunt
 * refuses to render a task with a variable missing rather than leave a
 * hole in it.
 *
 * @param text The template.
 * @param args Values of its variables.
 * @param filename Where the template came from, for messages.
 * @returns The rendered text.
 * @throws {TaskFileError} naming `filename` and, where there is one, the
 *   template's line and column: a syntax error, a variable without a value,
 *   a name templates may not read, an error raised while rendering, an
 *   include outside the folder, or rendering that took too long, too much
 *   memory or gave more than 16 MiB.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { renderTemplate } from "./template.ts";
 * const text = await renderTemplate('{"times": {{ times | default(10) }}}', { times: 3 }, "task.json");
 * assert.equal(text, '{"times": 3}');
 * ```
 */
export async function renderTemplate(
  text: string,
  args: TaskArgs = {},
  filename = "<template>",
  options: RenderOptions = {},
): Promise<string> {
  const timeoutMs = options.timeoutMs ?? TEMPLATE_TIMEOUT_MS;
  const memoryMb = options.memoryMb ?? TEMPLATE_MEMORY_MB;
  const request: RenderRequest = {
    text,
    args,
    filename,
    includes: options.includeDir !== undefined,
    maxOutput: MAX_INPUT_BYTES,
  };
  const fail = (message: string) => new TaskFileError(filename, [{ path: "", message }]);
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(Deno.execPath(), {
      args: sandboxArgs(memoryMb),
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (e) {
    throw fail(
      `cannot start the template sandbox (a Deno process with no permissions that renders ` +
        `templates): ${(e as Error).message}; it needs --allow-run and --allow-read`,
    );
  }
  const stderr = tail(child.stderr);
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const writer = child.stdin.getWriter();
  const write = (value: unknown) =>
    writer.write(new TextEncoder().encode(JSON.stringify(value) + "\n"));
  try {
    await write(request);
    const includes = new IncludeReader(options.includeDir);
    for await (const line of lines(child.stdout, MAX_INPUT_BYTES * 6 + 65_536)) {
      const message = JSON.parse(line) as SandboxMessage;
      if ("include" in message) await write(await includes.read(message.include));
      else if ("output" in message) return message.output;
      else throw new TaskFileError(filename, message.problems);
    }
    const status = await child.status;
    const why = await stderr;
    if (status.signal === "SIGKILL" || status.signal === "SIGTERM") {
      throw fail(
        `rendering the template took longer than ${timeoutMs / 1000} s and was stopped ` +
          `(a loop that runs too long?)`,
      );
    }
    if (/out of memory|heap limit/i.test(why)) {
      throw fail(
        `rendering the template needed more than ${memoryMb} MB and was stopped ` +
          `(a loop that builds too much?)`,
      );
    }
    throw fail(
      `the template sandbox ended without an answer (exit ${status.code}): ` +
        (why.trim().split("\n").slice(-3).join(" ") || "no message"),
    );
  } catch (e) {
    if (e instanceof TaskFileError) throw e;
    if (e instanceof OutputTooLargeError) {
      throw fail(
        `the rendered task is larger than ${MAX_INPUT_BYTES} bytes, more than any task needs`,
      );
    }
    throw e;
  } finally {
    clearTimeout(timer);
    try {
      child.kill("SIGKILL");
    } catch {
      // Already ended.
    }
    await writer.close().catch(() => {});
    await child.status;
    await stderr;
  }
}

// deno run with no permission but one: the sandbox can read and write
// nothing but its stdio, and read the one environment variable nunjucks
// looks at when it loads. From a checkout, brunt's own deno.json maps the
// template engine's package; published modules carry full specifiers.
function sandboxArgs(memoryMb: number): string[] {
  const main = new URL("./template_sandbox_main.ts", import.meta.url);
  const config = main.protocol === "file:"
    ? ["--config", fileURLToPath(new URL("../../deno.json", import.meta.url))]
    : ["--no-config"];
  return [
    "run",
    "--quiet",
    "--no-prompt",
    "--allow-env=BUILD_TYPE",
    `--v8-flags=--max-old-space-size=${memoryMb}`,
    ...config,
    main.href,
  ];
}

/** Reads included files for the sandbox: by real path, inside the folder, within limits. */
class IncludeReader {
  readonly #dir: string | undefined;
  #count = 0;
  #bytes = 0;

  constructor(dir: string | undefined) {
    this.#dir = dir;
  }

  async read(name: string): Promise<IncludeReply> {
    if (this.#dir === undefined) return { error: `includes need a task file in a folder` };
    if (++this.#count > MAX_INCLUDES) {
      return { error: `more than ${MAX_INCLUDES} includes (does a file include itself?)` };
    }
    if (isAbsolute(name)) {
      return { error: `include "${name}": give a path inside the task's folder` };
    }
    try {
      const root = await Deno.realPath(this.#dir);
      // The real path: `..` and links resolved, so neither leads outside.
      const real = await Deno.realPath(resolve(join(root, name)));
      if (real !== root && !real.startsWith(root.endsWith(sep) ? root : root + sep)) {
        return { error: `include "${name}" is outside the task file's folder (${root})` };
      }
      const text = await readTextBounded(real, MAX_INPUT_BYTES - this.#bytes);
      this.#bytes += text.length;
      return { text };
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return { error: `template not found: ${name}` };
      if (e instanceof InputTooLargeError) {
        return { error: `the included files are larger than ${MAX_INPUT_BYTES} bytes in all` };
      }
      return { error: `include "${name}" cannot be read: ${(e as Error).message}` };
    }
  }
}

class OutputTooLargeError extends Error {}

/** The lines of `stream`; more than `limit` bytes in all is an OutputTooLargeError. */
async function* lines(stream: ReadableStream<Uint8Array>, limit: number): AsyncGenerator<string> {
  let buffered = "";
  let size = 0;
  const decoder = new TextDecoderStream();
  for await (const text of stream.pipeThrough(decoder)) {
    size += text.length;
    if (size > limit) throw new OutputTooLargeError();
    buffered += text;
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      yield buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
    }
  }
}

/** The last 64 KiB of `stream`, once it ends. */
async function tail(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    text = (text + chunk).slice(-65_536);
  }
  return text;
}
