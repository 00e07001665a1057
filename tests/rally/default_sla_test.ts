/**
 * Rally's default SLA: a workload without an `sla` key is checked with
 * `failure_rate: {max: 0}`; an explicit `sla: {}` has no criteria. The task
 * files are the ones run with Rally 3.3; the expected verdicts are those of
 * Rally's own JSON reports of them (tests/fixtures/rally/q1_*_report.json).
 */
import assert from "node:assert/strict";
import { runSimulated } from "../../src/testing/run_simulated.ts";
import { loadTaskFile } from "../../src/task/load.ts";
import type { WorkloadResult } from "../../src/model/results_document.ts";
import { slaTable } from "../../src/report/summary_tables.ts";
import { renderHtmlReport } from "../../src/report/html/html_report.ts";
import { validateResults } from "../../src/report/results_schema.ts";

const FIXTURES = new URL("../fixtures/rally/", import.meta.url);

interface RallyWorkload {
  sla: Record<string, unknown>;
  sla_results: { sla: { criterion: string; success: boolean; detail: string }[] };
  pass_sla: boolean;
}

function rallyWorkloads(report: string): RallyWorkload[] {
  const doc = JSON.parse(Deno.readTextFileSync(new URL(report, FIXTURES)));
  return doc.tasks[0].subtasks.flatMap((s: { workloads: RallyWorkload[] }) =>
    s.workloads.map(({ sla, sla_results, pass_sla }) => ({ sla, sla_results, pass_sla }))
  );
}

async function bruntWorkloads(task: string): Promise<WorkloadResult[]> {
  const { document } = await runSimulated(await loadTaskFile(new URL(task, FIXTURES)), {
    seed: 1,
  });
  assert.deepEqual(validateResults(document), []);
  return document.tasks[0].subtasks.flatMap((s) => s.workloads);
}

// Rally's verdict, with brunt's mark on the criterion it added itself.
function withoutDefaultMark(w: WorkloadResult) {
  return {
    sla: w.sla,
    sla_results: { sla: w.sla_results.sla.map(({ default: _, ...r }) => r) },
    pass_sla: w.pass_sla,
  };
}

Deno.test("a workload with no sla key gets Rally's failure_rate max 0 and fails when every iteration fails", async () => {
  const [rally] = rallyWorkloads("q1_fail_report.json");
  const [brunt] = await bruntWorkloads("q1_nosla_fail.json");
  assert.deepEqual(withoutDefaultMark(brunt), rally);
  assert.equal(brunt.sla_results.sla[0].default, true);
  assert.equal(
    brunt.sla_results.sla[0].detail,
    "Failure rate criteria 0.00% <= 100.00% <= 0.00% - Failed",
  );
});

Deno.test("the default criterion passes a workload with no failed iteration", async () => {
  const [brunt] = await bruntWorkloads("q1_nosla_pass.json");
  assert.deepEqual(brunt.sla, { failure_rate: { max: 0 } });
  assert.deepEqual(brunt.sla_results.sla, [{
    criterion: "failure_rate",
    success: true,
    detail: "Failure rate criteria 0.00% <= 0.00% <= 0.00% - Passed",
    default: true,
  }]);
  assert.equal(brunt.pass_sla, true);
});

Deno.test("an explicit empty sla has no criteria and another criterion gets no failure_rate added, as in Rally", async () => {
  const rally = rallyWorkloads("q1_explicit_report.json");
  const brunt = await bruntWorkloads("q1_explicit_sla.json");
  assert.deepEqual(brunt.map(withoutDefaultMark), rally);
  assert.ok(brunt.every((w) => w.sla_results.sla.every((r) => r.default === undefined)));
});

Deno.test("the SLA table names the default criterion as the default", async () => {
  const [brunt] = await bruntWorkloads("q1_nosla_fail.json");
  assert.match(
    slaTable(brunt),
    /\| failure_rate \(default\) \| FAIL +\| Failure rate criteria 0\.00% <= 100\.00% <= 0\.00% - Failed \|/,
  );
});

Deno.test("the HTML report's SLA section marks the default criterion", async () => {
  const task = await loadTaskFile(new URL("q1_nosla_fail.json", FIXTURES));
  const { document, store } = await runSimulated(task, { seed: 1 });
  const html = renderHtmlReport(document, (w) => store.iterations(w.uuid));
  assert.match(
    html,
    /<code>failure_rate<\/code> <span class="muted" title="[^"]*">\(default\)<\/span>/,
  );
});
