/**
 * Compares HTTP clients for the `HttpRequests` scenarios against `hey`: starts
 * the target (target.ts) in its own process, then for each concurrency runs
 * `hey` and each client (client.ts, each in its own process) for a few
 * seconds, several rounds, and prints median requests per second and each
 * client's ratio to hey. `brunt_task` is a whole brunt task (task.ts): the
 * HttpRequests.check_request scenario with the engine around it.
 *
 *     deno run -A bench/http_client/compare.ts [--seconds 3] [--rounds 3] [--concurrency 10,100] [--clients brunt_task,brunt,fetch,node_http,undici]
 *
 * Needs `hey` on PATH (`apt-get install -y hey`).
 *
 * @module
 */
import { parseArgs } from "node:util";

const { values } = parseArgs({
  args: Deno.args,
  options: {
    seconds: { type: "string", default: "3" },
    rounds: { type: "string", default: "3" },
    concurrency: { type: "string", default: "10,100" },
    clients: { type: "string", default: "brunt_task,brunt,fetch,node_http,undici" },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const levels = values.concurrency.split(",").map(Number);
const clients = values.clients.split(",");
const here = new URL(".", import.meta.url).pathname;

const target = new Deno.Command(Deno.execPath(), {
  args: ["run", "-A", `${here}target.ts`],
  stdout: "piped",
  stderr: "inherit",
}).spawn();
const url = await firstLine(target.stdout);

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("the target exited before printing its URL");
    text += value;
  }
  reader.releaseLock();
  return text.split("\n")[0].trim();
}

async function output(cmd: string, args: string[]): Promise<string> {
  const { stdout, success } = await new Deno.Command(cmd, { args, stderr: "inherit" }).output();
  const text = new TextDecoder().decode(stdout);
  if (!success) throw new Error(`${cmd} ${args.join(" ")} failed:\n${text}`);
  return text;
}

async function heyRps(concurrency: number): Promise<number> {
  const text = await output("hey", ["-z", `${seconds}s`, "-c", `${concurrency}`, url]);
  const match = text.match(/Requests\/sec:\s+([\d.]+)/);
  if (!match) throw new Error(`no Requests/sec in hey's output:\n${text}`);
  return Number(match[1]);
}

async function clientRps(client: string, concurrency: number): Promise<number> {
  // brunt_task: a whole brunt task (task.ts); the others: a bare client loop (client.ts).
  const script = client === "brunt_task" ? ["task.ts"] : ["client.ts", client];
  const text = await output(Deno.execPath(), [
    "run",
    "-A",
    `${here}${script[0]}`,
    ...script.slice(1),
    url,
    `${concurrency}`,
    `${seconds}`,
  ]);
  const result = JSON.parse(text.trim().split("\n").at(-1)!);
  if (result.errors) console.error(`${client}: ${result.errors} errors`);
  return result.rps;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

try {
  for (const c of levels) {
    const samples: Record<string, number[]> = { hey: [] };
    for (const client of clients) samples[client] = [];
    // Interleaved rounds, so drift in the machine's load hits every client alike.
    for (let r = 0; r < rounds; r++) {
      samples.hey.push(await heyRps(c));
      for (const client of clients) samples[client].push(await clientRps(client, c));
    }
    const hey = median(samples.hey);
    console.log(`concurrency ${c}:`);
    for (const [name, xs] of Object.entries(samples)) {
      const m = median(xs);
      console.log(
        `  ${name.padEnd(10)} median ${m.toFixed(0).padStart(7)} req/s  ` +
          `(${xs.map((x) => x.toFixed(0)).join(", ")})  ${(m / hey).toFixed(2)}× hey`,
      );
    }
  }
} finally {
  target.kill();
  await target.status;
}
