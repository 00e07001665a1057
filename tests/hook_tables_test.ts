import assert from "node:assert/strict";
import type { HookResult, WorkloadResult } from "../mod.ts";
import { hookFailuresTable, hooksTable } from "../src/report/hook_tables.ts";

function workload(hooks: HookResult[]) {
  return { hooks, sla_results: { sla: [] } } as unknown as WorkloadResult;
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

Deno.test("hooks table: fired/planned, statuses and not-reached points with their count", () => {
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
    /#0 sys_call \(fault\)\s*\|\s*event iteration at 5, 50, 500\s*\|\s*2\/3\s*\|\s*1\s*\|\s*1\s*\|\s*1: 500/,
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

Deno.test("the hooks tables are empty strings when there is nothing to show", () => {
  assert.equal(hooksTable(workload([])), "");
  assert.equal(hookFailuresTable(workload([])), "");
});

Deno.test("failed hook runs are grouped by error, with their points and the message and details in full", () => {
  const message =
    "Subprocess returned 1 after printing a message that is much longer than sixty characters";
  const failing = (value: number) => ({
    ...run(value, "failed"),
    triggered_by: { event_type: "time" as const, value },
    error: {
      etype: "SubprocessError",
      msg: message,
      details: Array.from({ length: 15 }, (_, i) => `stderr line ${i + 1}`).join("\n"),
    },
  });
  const text = hookFailuresTable(
    workload([{
      config: { description: "flaky", action: { sys_call: "x" }, trigger: { event: {} } },
      results: [failing(1.5), run(2), failing(4.5)],
      summary: { success: 1, failed: 2 },
    }]),
    { width: 80 },
  );
  const lines = text.split("\n");
  assert.ok(lines.every((l) => l.length <= 80), text);
  const cells = (column: number) =>
    lines.filter((l) => l.startsWith("| ")).slice(2).map((l) => l.split("|")[column].trim());
  assert.equal(cells(2)[0], "time 1.5, 4.5 s");
  // The message in full (wrapped), then the first 12 lines of details and a count of the rest.
  const error = cells(4).filter(Boolean);
  const details = error.indexOf("stderr line 1");
  assert.equal(error.slice(0, details).join(" "), `SubprocessError: ${message}`);
  assert.deepEqual(error.slice(details, details + 12), [
    ...Array.from({ length: 12 }, (_, i) => `stderr line ${i + 1}`),
  ]);
  assert.equal(error.slice(details + 12).join(" "), "… 3 more lines (in --json/ --html)");
});
