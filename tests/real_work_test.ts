/**
 * A plugin of one's own gives its real I/O to `ctx.realWork` (scenario) or
 * `this.realWork` (hook): on a simulated clock that work takes no simulated
 * time, so a preview of the task shows the task's own times, the same in
 * every replay.
 */
import assert from "node:assert/strict";
import { defaultPlugins, Hook, hookPlugin, parseTask, scenarioPlugin } from "../mod.ts";
import { runSimulated } from "../src/testing/run_simulated.ts";

// Real work that takes a few real milliseconds, as a request or a command would.
const io = (ms: number) => new Promise<string>((done) => setTimeout(() => done("answer"), ms));

class Probe extends Hook<Record<string, never>> {
  static override description = "Waits on real I/O.";
  async run(): Promise<void> {
    const answer = await this.realWork(io(15));
    this.addOutput({ complete: { title: "Probe", chart_plugin: "TextArea", data: [answer] } });
  }
}

const plugins = defaultPlugins().with([
  scenarioPlugin("Mine.io", async (_args: unknown, ctx) => {
    await ctx.realWork(io(5));
    await ctx.sleep(0.5);
    await ctx.atomic("after", () => ctx.realWork(io(5)));
  }, { schema: {}, description: "Real I/O around a half-second sleep." }),
  hookPlugin("probe", Probe),
]);

const TASK = JSON.stringify({
  "Mine.io": [{
    runner: { type: "constant", times: 6, concurrency: 2 },
    hooks: [{
      name: "probe",
      args: {},
      trigger: { name: "event", args: { unit: "time", at: [1] } },
    }],
  }],
});

Deno.test("a plugin's own real work, given to realWork, takes no simulated time, the same in every replay", async () => {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const { document } = await runSimulated(parseTask(TASK, "task.json", { plugins }), { seed: 3 });
    const workload = document.tasks[0].subtasks[0].workloads[0];
    assert.equal(workload.failed_iteration_count, 0);
    // Six iterations of exactly 0.5 s, two at a time: 1.5 s, however long the I/O took.
    assert.equal(workload.load_duration, 1.5);
    assert.equal(workload.statistics.durations.total.data.max, 0.5);
    const [run] = workload.hooks[0].results;
    assert.equal(run.status, "success");
    assert.equal(run.finished_at, run.started_at);
    assert.deepEqual(run.output?.complete[0].data, ["answer"]);
    runs.push(JSON.stringify({ ...workload, uuid: "", start_time: 0 }));
  }
  assert.equal(runs[1], runs[0]);
});
