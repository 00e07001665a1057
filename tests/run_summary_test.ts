import assert from "node:assert/strict";
import type { HookResult, WorkloadResult } from "../mod.ts";
import { hooksTable, slaTable } from "../src/report/run_summary.ts";

function workload(hooks: HookResult[], sla: WorkloadResult["sla_results"]["sla"] = []) {
  return { hooks, sla_results: { sla } } as unknown as WorkloadResult;
}

const run = (value: number, status: "success" | "failed" = "success") => ({
  triggered_by: { event_type: "iteration" as const, value },
  started_at: 1,
  finished_at: 2,
  status,
  ...(status === "failed"
    ? { error: { etype: "SubprocessError", msg: "Subprocess returned 1", details: "" } }
    : {}),
});

Deno.test("hooks table: fired/planned, statuses, first error and not-reached points with their count", () => {
  const text = hooksTable(workload([
    {
      config: {
        description: "fault",
        action: { sys_call: "/bin/false" },
        trigger: { event: { unit: "iteration", at: [5, 50, 500] } },
      },
      results: [run(5), run(50, "failed")],
      summary: { success: 1, failed: 1 },
      not_reached: { values: [500], count: 1 },
    },
    {
      config: {
        name: "sys_call",
        args: "/bin/true",
        trigger: { name: "periodic", args: { unit: "time", step: 1.5 } },
      },
      results: [],
      summary: {},
    },
  ]));
  const [first, second] = text.split("\n").filter((l) => l.includes("#"));
  assert.match(
    first,
    /#0 sys_call \(fault\)\s*\|\s*event iteration at 5, 50, 500\s*\|\s*2\/3\s*\|\s*1\s*\|\s*1\s*\|\s*SubprocessError: Subprocess returned 1\s*\|\s*1: 500/,
  );
  // Unbounded periodic: nothing is planned to a count; time values carry seconds.
  assert.match(second, /#1 sys_call\s*\|\s*periodic time every 1.5 s from 0 s\s*\|\s*0\/—/);
});

Deno.test("hooks table: an event hook of a crashed run, with no not-reached record, plans all its points", () => {
  const text = hooksTable(workload([{
    config: { action: { sys_call: "x" }, trigger: { event: { unit: "time", at: [1, 2, 3] } } },
    results: [run(1)],
    summary: { success: 1 },
  }]));
  assert.match(text, /\|\s*1\/3\s*\|/);
});

Deno.test("hooks and SLA tables are empty strings when there is nothing to show", () => {
  assert.equal(hooksTable(workload([])), "");
  assert.equal(slaTable(workload([])), "");
});

Deno.test("SLA table lists each criterion with PASS or FAIL and its detail", () => {
  const text = slaTable(workload([], [
    {
      criterion: "failure_rate",
      success: false,
      detail: "Failure rate criteria 0.00% <= 5.00% <= 0.00% - Failed",
    },
  ]));
  assert.match(
    text,
    /failure_rate\s*\|\s*FAIL\s*\|\s*Failure rate criteria 0.00% <= 5.00% <= 0.00% - Failed/,
  );
});
