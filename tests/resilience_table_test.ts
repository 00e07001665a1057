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
