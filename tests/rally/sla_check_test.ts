/**
 * `brunt sla-check` against Rally 3.3's `rally task sla-check`: each task
 * file of tests/fixtures/rally/sla_check/ was run with Rally, and its
 * sla-check table, `--json` line and exit code kept. brunt runs the same
 * task (on the simulated clock) and prints the same text; with
 * `--rally-exit-codes` it exits with Rally's code.
 */
import assert from "node:assert/strict";
import { cliInProcess } from "../helpers/cli_in_process.ts";
import { loadTaskFile } from "../../src/task/load.ts";
import { runSimulated } from "../../src/testing/run_simulated.ts";
import { writeResultsJson } from "../../src/report/json_writer.ts";
import type { MemoryStore } from "../../src/store/memory_store.ts";

const DIR = new URL("../fixtures/rally/sla_check/", import.meta.url);
const text = (name: string) => Deno.readTextFileSync(new URL(name, DIR));

const CASES: Record<string, { abortOnSlaFailure?: boolean }> = {
  q1_fail: {},
  q1_pass: {},
  q1_explicit: {},
  q2_sla_many: {},
  q2_sla_empty: {},
  q2_abort_on_sla: { abortOnSlaFailure: true },
};

for (const [name, options] of Object.entries(CASES)) {
  Deno.test(`sla-check of ${name} prints Rally's table and JSON and exits with Rally's code`, async () => {
    const task = await loadTaskFile(new URL(`${name}.task.json`, DIR));
    const { document, store } = await runSimulated(task, { seed: 1, ...options });
    const dir = Deno.makeTempDirSync({ prefix: "brunt_sla_check_" });
    try {
      const file = `${dir}/results.json`;
      await writeResultsJson(file, document, (w) => (store as MemoryStore).iterations(w.uuid));
      const rallyCode = Number(text(`${name}.rc`).trim());

      const table = await cliInProcess(["sla-check", file]);
      assert.equal(table.out + "\n", text(`${name}.txt`));
      assert.equal(
        table.code,
        rallyCode === 0 || rallyCode === 2 && !table.out.includes("FAIL") ? 0 : 1,
      );

      const json = await cliInProcess(["sla-check", file, "--json", "--rally-exit-codes"]);
      assert.equal(json.out + "\n", text(`${name}.json.txt`));
      assert.equal(json.code, rallyCode);
    } finally {
      Deno.removeSync(dir, { recursive: true });
    }
  });
}

Deno.test("sla-check of a file that does not exist says so, exit 2", async () => {
  const result = await cliInProcess(["sla-check", "no/such/results.json"]);
  assert.equal(result.code, 2);
  assert.match(result.err, /no such results file/);
});
