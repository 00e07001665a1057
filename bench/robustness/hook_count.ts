/**
 * How a workload's cost grows with its hooks: N hooks that all fire at the
 * first iteration (a hook plugin that does nothing), run to the end on the
 * simulated clock in this process. Linear means the time per hook stays flat.
 *
 *     deno run -A bench/robustness/hook_count.ts [--counts 1000,4000,16000]
 */
import { parseArgs } from "node:util";
import { defaultPlugins, hookPlugin, parseTask } from "../../mod.ts";
import { Hook } from "../../src/plugins/hook.ts";
import { runSimulated } from "../../src/testing/run_simulated.ts";

class Nothing extends Hook<Record<string, never>> {
  static override schema = { type: "object" };
  static override description = "Does nothing.";
  run(): Promise<void> {
    return Promise.resolve();
  }
}

const { values } = parseArgs({ args: Deno.args, options: { counts: { type: "string" } } });
const counts = (values.counts ?? "1000,4000,16000").split(",").map(Number);
const plugins = defaultPlugins().with([hookPlugin("bench_nothing", Nothing)]);

for (const n of counts) {
  const hooks = Array.from({ length: n }, () => ({
    name: "bench_nothing",
    args: {},
    trigger: { name: "event", args: { unit: "iteration", at: [1] } },
  }));
  const task = parseTask(
    JSON.stringify({ "Dummy.dummy": [{ runner: { type: "serial", times: 2 }, hooks }] }),
    "hooks.json",
    { plugins },
  );
  const t0 = performance.now();
  const { document } = await runSimulated(task, { seed: 1 });
  const ms = performance.now() - t0;
  const runs = document.tasks[0].subtasks[0].workloads[0].hooks.reduce(
    (sum, h) => sum + h.results.length,
    0,
  );
  if (runs !== n) throw new Error(`${runs} runs of ${n} hooks`);
  console.log(
    `${String(n).padStart(6)} hooks: ${(ms / 1000).toFixed(2).padStart(6)} s, ` +
      `${(ms / n).toFixed(3)} ms per hook`,
  );
}
