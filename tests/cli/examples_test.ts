/**
 * Every example task, run end to end by the real CLI: exit code, the results
 * document against its schema, the JUnit and HTML files, and what the hooks
 * of the spec's example did.
 */
import assert from "node:assert/strict";
import { validateResults } from "../../src/report/results_schema.ts";
import type { ResultsDocument, WorkloadResult } from "../../src/model/results_document.ts";
import { startCli } from "../helpers/cli_child.ts";

const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;

async function runExample(
  file: string,
): Promise<{ doc: ResultsDocument; junit: string; html: string; stdout: string }> {
  const cli = await startCli([
    `${EXAMPLES}${file}`,
    "--json",
    "{cwd}/out.json",
    "--junit",
    "{cwd}/out.xml",
    "--html",
    "{cwd}/out.html",
    "--seed",
    "7",
  ]);
  try {
    const exit = await cli.exited(60_000);
    assert.equal(exit.code, 0, exit.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${cli.cwd}/out.json`)) as ResultsDocument;
    return {
      doc,
      junit: await Deno.readTextFile(`${cli.cwd}/out.xml`),
      html: await Deno.readTextFile(`${cli.cwd}/out.html`),
      stdout: exit.stdout,
    };
  } finally {
    await cli.close();
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
  assert.ok(forDuration.total_iteration_count > 0 && forDuration.load_duration > 1.99);
  assert.equal(serial.total_iteration_count, 10);
  for (const w of workloads(doc)) {
    assert.equal(w.data!.length, w.total_iteration_count, "every raw iteration is in the document");
  }
  assert.match(stdout, /Response Times/);
  assert.match(junit, /^<\?xml[^>]*\?>\s*<testsuites[\s>]/);
  assert.equal((junit.match(/<testcase /g) ?? []).length, 4);
  assert.match(html, /^<!DOCTYPE html>/i);
});

for (const file of ["hooks.json", "hooks_v2.json"]) {
  Deno.test(`examples/${file}: the spec's hooks fire at their points, the unreached one is listed`, async () => {
    const { doc } = await runExample(file);
    assert.deepEqual(validateResults(doc), []);
    const [w] = workloads(doc);
    assert.equal(w.total_iteration_count, 100);
    const fired = w.hooks.map((h) => h.results.map((r) => r.triggered_by.value));
    assert.deepEqual(fired, [[1, 3], [35, 40, 45], [20, 40, 60, 80, 100], [0, 1.5, 3, 4.5, 6]]);
    assert.deepEqual(w.hooks[0].not_reached, { values: [30], count: 1 });
    assert.deepEqual(w.hooks[1].summary, { success: 3 });
    assert.deepEqual(w.hooks[3].summary, { failed: 5 });
    assert.equal(w.hooks[3].results[0].error!.msg, "Subprocess returned 1");
    // Time points start at their second on the load's clock, within a few ms.
    for (const r of w.hooks[0].results) {
      const late = r.started_at - (w.start_time! + r.triggered_by.value);
      assert.ok(
        late >= 0 && late < 0.25,
        `time point ${r.triggered_by.value} started ${late} s late`,
      );
    }
  });
}
