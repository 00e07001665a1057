/**
 * Every example task, run end to end by the CLI (its `main`, in this
 * process) on the simulated clock (`--simulated-clock`: the examples'
 * seconds take no real time, and their hooks' commands run for real): exit
 * code, the results document against its schema, the JUnit and HTML files,
 * and what the hooks of the spec's example did. `hooks_v2.json` is checked
 * to be the same workload as `hooks.json` rather than run again. The
 * fault-injection example runs in real time against the real target in
 * tests/fault_injection_test.ts; tests/cli/simulated_clock_test.ts runs
 * `--simulated-clock` in a brunt process of its own.
 */
import assert from "node:assert/strict";
import type { CliIo } from "../../src/cli/cli_io.ts";
import { main } from "../../src/cli/main.ts";
import { validateResults } from "../../src/report/results_schema.ts";
import type { ResultsDocument, WorkloadResult } from "../../src/model/results_document.ts";
import type { WorkloadSpec } from "../../src/model/task_spec.ts";
import { loadTaskFile } from "../../src/task/load.ts";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;

async function runExample(
  file: string,
): Promise<{ doc: ResultsDocument; junit: string; html: string; stdout: string }> {
  const dir = await Deno.makeTempDir({ prefix: "brunt_examples_" });
  const stdout: string[] = [];
  const stderr: string[] = [];
  const io: CliIo = {
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    errIsTty: false,
  };
  try {
    const code = await main([
      `${EXAMPLES}${file}`,
      "--simulated-clock",
      "--db",
      `${dir}/brunt.db`,
      "--json",
      `${dir}/out.json`,
      "--junit",
      `${dir}/out.xml`,
      "--html",
      `${dir}/out.html`,
      "--seed",
      "7",
    ], io);
    assert.equal(code, 0, stderr.join("\n"));
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/out.json`)) as ResultsDocument;
    return {
      doc,
      junit: await Deno.readTextFile(`${dir}/out.xml`),
      html: await Deno.readTextFile(`${dir}/out.html`),
      stdout: stdout.join("\n"),
    };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function workloads(doc: ResultsDocument): WorkloadResult[] {
  return doc.tasks[0].subtasks.flatMap((s) => s.workloads);
}

Deno.test("examples/dummy.json runs every runner to its plan and writes valid JSON, JUnit and HTML", async () => {
  const { doc, junit, html, stdout } = await runExample("dummy.json");
  assert.deepEqual(validateResults(doc), []);
  const task = doc.tasks[0];
  assert.equal(task.status, "finished");
  assert.equal(task.seed, 7);
  const [constant, rps, forDuration, serial] = workloads(doc);
  assert.equal(constant.total_iteration_count, 200);
  assert.equal(rps.total_iteration_count, 100);
  // 2 s, 4 at a time, 0.05 s each: 40 rounds, and no iteration starts at 2 s.
  assert.equal(forDuration.total_iteration_count, 160);
  // Exactly 2 s, up to the rounding of epoch-second floats.
  assert.ok(Math.abs(forDuration.load_duration - 2) < 1e-6, `${forDuration.load_duration}`);
  assert.equal(forDuration.failed_iteration_count, 5);
  assert.equal(serial.total_iteration_count, 10);
  for (const w of workloads(doc)) {
    assert.equal(w.data!.length, w.total_iteration_count, "every raw iteration is in the document");
  }
  assert.match(stdout, /Response Times/);
  assert.match(junit, /^<\?xml[^>]*\?>\s*<testsuites[\s>]/);
  assert.equal((junit.match(/<testcase /g) ?? []).length, 4);
  assert.match(html, /^<!DOCTYPE html>/i);
});

Deno.test("examples/hooks.json: the spec's hooks fire at their points, the unreached one is listed", async () => {
  const { doc } = await runExample("hooks.json");
  assert.deepEqual(validateResults(doc), []);
  const [w] = workloads(doc);
  assert.equal(w.total_iteration_count, 100);
  const fired = w.hooks.map((h) => h.results.map((r) => r.triggered_by.value));
  assert.deepEqual(fired, [[1, 3], [35, 40, 45], [20, 40, 60, 80, 100], [0, 1.5, 3, 4.5, 6]]);
  assert.deepEqual(w.hooks[0].not_reached, { values: [30], count: 1 });
  assert.deepEqual(w.hooks[1].summary, { success: 3 });
  assert.deepEqual(w.hooks[2].summary, { success: 5 });
  assert.equal(w.hooks[2].results[0].output?.complete[0].title, "Load average");
  assert.deepEqual(w.hooks[3].summary, { failed: 5 });
  assert.equal(w.hooks[3].results[0].error!.msg, "Subprocess returned 1");
  // Time points start exactly at their second of the load, and the
  // commands take no simulated time.
  for (const h of [w.hooks[0], w.hooks[3]]) {
    for (const r of h.results) {
      const at = Math.round((r.started_at - w.start_time!) * 1e6) / 1e6;
      assert.equal(at, r.triggered_by.value);
      assert.equal(r.finished_at, r.started_at);
    }
  }
});

Deno.test("examples/hooks_v2.json is examples/hooks.json in Rally's v2 form: the same workload once loaded", async () => {
  const [spec, v2] = await Promise.all(
    ["hooks.json", "hooks_v2.json"].map((f) => loadTaskFile(`${EXAMPLES}${f}`)),
  );
  // Everything the engine runs by; `config` (the hook as written) and
  // `path` (its place in the file) differ by form on purpose.
  const workload = ({ hooks, path: _, ...rest }: WorkloadSpec) => ({
    ...rest,
    hooks: hooks.map((h) => ({ description: h.description, action: h.action, trigger: h.trigger })),
  });
  const [[a], [b]] = [spec, v2].map((t) => t.subtasks.map((s) => s.workloads.map(workload)));
  assert.equal(spec.subtasks.length, 1);
  assert.equal(v2.subtasks.length, 1);
  assert.deepEqual(b, a);
  assert.deepEqual(a[0].hooks.map((h) => [h.trigger.name, h.trigger.args]), [
    ["event", { unit: "time", at: [1, 3, 30] }],
    ["event", { unit: "iteration", at: [35, 40, 45] }],
    ["periodic", { unit: "iteration", step: 20, start: 0, end: 1000 }],
    ["periodic", { unit: "time", step: 1.5, start: 0, end: 6 }],
  ]);
});
