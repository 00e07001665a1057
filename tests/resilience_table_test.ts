import assert from "node:assert/strict";
import { parseTask } from "../mod.ts";
import { resilienceTable } from "../src/report/resilience_table.ts";
import { runSimulated } from "./helpers/run_simulated.ts";
import { cleanRecovery, runService } from "./helpers/scripted_fault.ts";

Deno.test("the resilience table has the baseline and a row per window: trigger, impact, downtime, recovery, degradation, verdict", async () => {
  const { workload } = await runService(
    cleanRecovery({
      sla: { recovery_time: { max: 1 }, during: { fault: { failure_rate: { max: 50 } } } },
    }),
  );
  const cells = resilienceTable(workload).split("\n")
    .filter((line) => line.startsWith("| ") && !line.includes("Resilience"))
    .map((line) => line.slice(2, -2).split(" | ").map((cell) => cell.trim()));
  assert.deepEqual(cells, [
    ["Window", "Trigger", "Impact", "Downtime", "Recovery", "Degradation", "Verdict"],
    ["baseline 1–5 s", "", "", "", "", "p95 100 ms, 0.00 % failed", ""],
    [
      "#1 fault 5–10 s",
      "hook #0 at 5 s",
      "500 ms (slow)",
      "3 s (40 %)",
      "",
      "×4.60 (p95 ×5.00)",
      "PASS",
    ],
    // Recovered in 1.3 s, over recovery_time's 1 s.
    [
      "#2 recovery 10–20 s",
      "hook #1 at 10 s",
      "",
      "0 s (5 %)",
      "1.3 s",
      "×1.15 (p95 ×2.00)",
      "FAIL",
    ],
  ]);
});

Deno.test("a workload without hooks has no resilience table", async () => {
  const { workload } = await runSimulated(
    parseTask('{"Dummy.dummy": [{"runner": {"type": "serial", "times": 2}}]}', "task.json"),
  );
  assert.equal(resilienceTable(workload), "");
});

Deno.test("a load that ends before its warm-up, with no hook run, says so instead of naming a hook run", async () => {
  // Two 0.1 s iterations: the load is over long before the 1 s warm-up and the 5 s hook point.
  const { workload } = await runSimulated(parseTask(
    JSON.stringify({
      "Dummy.dummy": [{
        args: { sleep: 0.1 },
        runner: { type: "serial", times: 2 },
        hooks: [{
          name: "sys_call",
          args: "true",
          fault: "pulse",
          trigger: { name: "event", args: { unit: "time", at: [5] } },
        }],
      }],
    }),
    "task.json",
  ));
  assert.equal(workload.resilience?.windows.length, 0);
  const table = resilienceTable(workload);
  assert.match(table, /the load ended before the warm-up did, and no hook ran/);
  assert.doesNotMatch(table, /first hook run/);
});
