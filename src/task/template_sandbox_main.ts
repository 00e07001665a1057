/**
 * The template sandbox: a Deno process started with no permissions at all
 * (no files, network, environment or subprocesses) and a capped heap,
 * which renders one task template. It reads a {@linkcode RenderRequest}
 * from stdin, asks for included files on stdout (the starting process reads
 * them, inside the task's folder only), and writes the output or the
 * problems as its last line.
 *
 * @module
 */
import { TaskFileError } from "./task_file_error.ts";
import type { TemplateLoader } from "./template_environment.ts";
import { renderInSandbox } from "./template_render.ts";
import type { IncludeReply, RenderRequest, SandboxMessage } from "./template_sandbox_protocol.ts";

const encoder = new TextEncoder();

async function send(message: SandboxMessage): Promise<void> {
  const bytes = encoder.encode(JSON.stringify(message) + "\n");
  for (let at = 0; at < bytes.length;) at += await Deno.stdout.write(bytes.subarray(at));
}

/** The lines of stdin, one at a time. */
async function* stdinLines(): AsyncGenerator<string> {
  let buffered = "";
  for await (const text of Deno.stdin.readable.pipeThrough(new TextDecoderStream())) {
    buffered += text;
    for (let nl = buffered.indexOf("\n"); nl >= 0; nl = buffered.indexOf("\n")) {
      yield buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
    }
  }
}

async function main(): Promise<void> {
  const lines = stdinLines();
  const first = await lines.next();
  if (first.done) return;
  const request = JSON.parse(first.value) as RenderRequest;
  // Replies come in the order the includes were asked for.
  const waiting: ((reply: IncludeReply) => void)[] = [];
  (async () => {
    for await (const line of lines) waiting.shift()?.(JSON.parse(line));
  })();
  const loader: TemplateLoader | null = request.includes
    ? {
      async: true,
      getSource(name, callback) {
        waiting.push((reply) =>
          "error" in reply
            ? callback(new Error(reply.error))
            : callback(null, { src: reply.text, path: name, noCache: true })
        );
        send({ include: name });
      },
    }
    : null;
  let answer: SandboxMessage;
  try {
    answer = {
      output: await renderInSandbox(
        request.text,
        request.args,
        request.filename,
        loader,
        request.maxOutput,
      ),
    };
  } catch (e) {
    answer = {
      problems: e instanceof TaskFileError
        ? e.problems
        : [{ path: "", message: `template error: ${(e as Error)?.message ?? e}` }],
    };
  }
  await send(answer);
  Deno.exit(0);
}

if (import.meta.main) await main();
