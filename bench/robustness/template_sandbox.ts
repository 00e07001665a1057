/**
 * What rendering a task template in its sandbox costs, beside the ways it
 * could have been done: in this process (no wall at all), in a
 * node:worker_threads worker with a heap limit (a wall for time and memory,
 * none for permissions), and in the sandbox, a Deno process with no
 * permissions (brunt's choice). Medians of `--runs` renders of a small
 * Rally-style template.
 *
 *     deno run -A bench/robustness/template_sandbox.ts [--runs 15]
 */
import { Worker } from "node:worker_threads";
import { parseArgs } from "node:util";
import { renderTemplate } from "../../src/task/template.ts";
import { renderInSandbox } from "../../src/task/template_render.ts";

const { values } = parseArgs({ args: Deno.args, options: { runs: { type: "string" } } });
const runs = Number(values.runs ?? 15);
const TEMPLATE = `{% set n = times | default(10) %}
{"Dummy.dummy": [{"args": {"sleep": {{ "%.2f" % (sleep | default(0.1)) }}},
  "runner": {"type": "constant", "times": {{ n }}, "concurrency": {{ min(n, 4) }}}}]}`;

async function median(what: string, render: () => Promise<string>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const text = await render();
    times.push(performance.now() - t0);
    if (!text.includes('"times": 7')) throw new Error(`${what} rendered ${text}`);
  }
  times.sort((a, b) => a - b);
  console.log(`${what.padEnd(44)} median ${times[runs >> 1].toFixed(1).padStart(7)} ms`);
}

const WORKER = `
  import { parentPort } from "node:worker_threads";
  import { renderInSandbox } from ${
  JSON.stringify(new URL("../../src/task/template_render.ts", import.meta.url).href)
};
  parentPort.on("message", async (text) => {
    parentPort.postMessage(await renderInSandbox(text, { times: 7 }, "t.json", null, 1 << 24));
  });`;
const workerFile = await Deno.makeTempFile({ suffix: ".ts" });
await Deno.writeTextFile(workerFile, WORKER);

await median(
  "in this process (no wall)",
  () => renderInSandbox(TEMPLATE, { times: 7 }, "t.json", null, 1 << 24),
);
await median("worker_threads, 256 MB heap (no permission wall)", async () => {
  const worker = new Worker(workerFile, { resourceLimits: { maxOldGenerationSizeMb: 256 } });
  const text = await new Promise<string>((resolve) => {
    worker.once("message", resolve);
    worker.postMessage(TEMPLATE);
  });
  await worker.terminate();
  return text;
});
await median(
  "the sandbox: Deno process, no permissions",
  () => renderTemplate(TEMPLATE, { times: 7 }, "t.json"),
);
await Deno.remove(workerFile);
