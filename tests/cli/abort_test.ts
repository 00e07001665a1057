/**
 * `brunt abort` from another process: the run polls its task's row of the
 * history for a request. `--soft` lets the running workload run to its end
 * and skips the rest (Rally's soft abort); without it the run stops starting
 * iterations, as the first Ctrl-C does. The aborting process waits until the
 * run has stopped. (tests/fixtures/tasks_cli/abort_task.json: 100 iterations
 * of 50 ms, 2 at a time, then two short workloads.)
 */
import assert from "node:assert/strict";
import { cliInProcess } from "../helpers/cli_in_process.ts";
import type { ResultsDocument } from "../../src/model/results_document.ts";
import { type CliChild, committedIterations, poll, startCli } from "../helpers/cli_child.ts";

const TASK = new URL("../fixtures/tasks_cli/abort_task.json", import.meta.url).pathname;

// Waits until the run has its task id and has committed iterations of its first workload.
async function started(child: CliChild): Promise<string> {
  const [, uuid] = await child.waitForStderr(/as task (\S+), recorded in /);
  await poll(
    "iterations committed",
    () => committedIterations(`${child.cwd}/brunt.db`) || undefined,
  );
  return uuid;
}

function results(child: CliChild): ResultsDocument {
  return JSON.parse(Deno.readTextFileSync(`${child.cwd}/results.json`));
}

Deno.test("abort --soft from another process: the running workload runs to its end, the rest is skipped; Rally's exit 0", async () => {
  const child = await startCli([
    "run",
    TASK,
    "--db",
    "{cwd}/brunt.db",
    "--json",
    "{cwd}/results.json",
    "--rally-exit-codes",
  ]);
  try {
    const uuid = await started(child);
    const aborted = await cliInProcess([
      "abort",
      uuid.slice(0, 8),
      "--soft",
      "--db",
      `${child.cwd}/brunt.db`,
    ]);
    assert.equal(aborted.code, 0, aborted.err);
    assert.match(aborted.err, /asked task \S+ to stop softly/);
    assert.equal(aborted.out, `Task ${uuid} successfully stopped.`);

    const exit = await child.exited();
    assert.equal(exit.code, 0, exit.stderr);
    assert.match(exit.stderr, /brunt abort --soft: the running workload runs to its end/);
    const task = results(child).tasks[0];
    assert.equal(task.status, "aborted");
    assert.equal(task.pass_sla, true);
    const [first, second, third] = task.subtasks.map((s) => s.workloads[0]);
    assert.equal(first.status, "finished");
    assert.equal(first.total_iteration_count, 100);
    assert.deepEqual(first.sla_results.sla.map((r) => r.criterion), ["failure_rate"]);
    assert.deepEqual([second.status, third.status], ["skipped", "skipped"]);
  } finally {
    await child.close();
  }
});

Deno.test("abort from another process stops starting iterations and fails the SLA with aborted_manually; exit 130", async () => {
  const child = await startCli([
    "run",
    TASK,
    "--db",
    "{cwd}/brunt.db",
    "--json",
    "{cwd}/results.json",
  ]);
  try {
    const uuid = await started(child);
    const aborted = await cliInProcess(["abort", uuid, "--db", `${child.cwd}/brunt.db`]);
    assert.equal(aborted.code, 0, aborted.err);
    assert.equal(aborted.out, `Task ${uuid} successfully stopped.`);

    const exit = await child.exited();
    assert.equal(exit.code, 130, exit.stderr);
    assert.match(exit.stderr, /aborted by brunt abort/);
    const task = results(child).tasks[0];
    assert.equal(task.status, "aborted");
    const first = task.subtasks[0].workloads[0];
    assert.equal(first.status, "aborted");
    assert.ok(first.total_iteration_count < 100, `${first.total_iteration_count} iterations`);
    assert.ok(first.sla_results.sla.some((r) => r.criterion === "aborted_manually" && !r.success));
    assert.equal(task.subtasks[1].workloads[0].status, "skipped");

    // Once it has stopped there is nothing to abort.
    const again = await cliInProcess(["abort", uuid, "--db", `${child.cwd}/brunt.db`]);
    assert.equal(again.code, 2);
    assert.match(again.err, /cannot abort task \S+: it is aborted, not running/);
  } finally {
    await child.close();
  }
});
