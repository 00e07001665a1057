/**
 * Interrupting the real CLI: the first SIGINT/SIGTERM stops starting
 * iterations and lets running ones and hook runs finish, the second cancels
 * them; either way the CLI exits 130 and writes the results gathered.
 */
import assert from "node:assert/strict";
import type { ResultsDocument, WorkloadResult } from "../../src/model/results_document.ts";
import { validateResults } from "../../src/report/results_schema.ts";
import { type CliChild, committedIterations, poll, startCli } from "../helpers/cli_child.ts";

const FIXTURES = new URL("../fixtures/tasks_cli/", import.meta.url).pathname;
// One 5 ms iteration after another, 4 at a time, for 30 s (a chunk of
// records is committed every few tenths of a second); a hook runs from the
// load's start until the test writes to the FIFO it makes, ./release; a time
// point at 25 s. Then a second workload.
const INTERRUPT_TASK = `${FIXTURES}interrupt_task.json`;
// Beside that load (with a 20 s hook), a workload whose 2 iterations sleep 60 s.
const HARD_ABORT_TASK = `${FIXTURES}hard_abort_task.json`;

/**
 * Waits until the run has really started: the "running" line, then
 * iterations committed to the task history. Returns how many.
 */
async function runStarted(cli: CliChild): Promise<number> {
  await cli.waitForStderr(/brunt: running .* as task \S+, recorded in /);
  return await poll(
    "iterations committed to the task history",
    () => committedIterations(dbOf(cli)) || undefined,
  );
}

/** Waits until the interrupt task's first hook runs (its FIFO exists); returns the FIFO's path. */
function hookRunning(cli: CliChild): Promise<string> {
  const fifo = `${cli.cwd}/release`;
  return poll("the hook's FIFO", () => {
    try {
      return Deno.statSync(fifo).isFifo ? fifo : undefined;
    } catch {
      return undefined;
    }
  });
}

function dbOf(cli: CliChild): string {
  return `${cli.cwd}/brunt.db`;
}

const RESULTS = ["--json", "{cwd}/results.json", "--db", "{cwd}/brunt.db"];

function readResults(path: string): ResultsDocument {
  const doc = JSON.parse(Deno.readTextFileSync(path));
  assert.deepEqual(validateResults(doc), [], "the results file is a valid results document");
  return doc as ResultsDocument;
}

type Recorded = WorkloadResult & { data: { error: unknown[] }[] };

function workloadsOf(doc: ResultsDocument): Recorded[] {
  return doc.tasks[0].subtasks.flatMap((s) => s.workloads) as Recorded[];
}

Deno.test("one SIGINT stops the run: exit 130, valid JSON with the iterations gathered and the running hook finished", async () => {
  const cli = await startCli(["run", INTERRUPT_TASK, ...RESULTS]);
  try {
    const records = await runStarted(cli);
    const fifo = await hookRunning(cli);
    const signalled = Date.now();
    cli.kill("SIGINT");
    await cli.waitForStderr(/brunt: stopping/);
    // The run waits for the running hook: let it end now.
    await Deno.writeTextFile(fifo, "go\n");
    const exit = await cli.exited(15_000);
    assert.equal(exit.code, 130, exit.stderr);
    assert.match(exit.stderr, /brunt: stopping/);
    assert.match(exit.stderr, /interrupted/);

    const doc = readResults(`${cli.cwd}/results.json`);
    const task = doc.tasks[0];
    assert.equal(task.status, "aborted");
    const [load, after] = workloadsOf(doc);
    assert.equal(load.status, "aborted");
    assert.ok(
      load.total_iteration_count >= records,
      "at least the records seen on disk before the signal",
    );
    assert.equal(load.data.length, load.total_iteration_count);
    assert.ok(load.data.every((it) => it.error.length === 0), "a soft stop cancels no iteration");
    assert.equal(
      committedIterations(dbOf(cli)),
      load.total_iteration_count,
      "the task history holds every iteration",
    );
    assert.ok(load.load_duration < 25, "the load stopped long before its 30 s");
    assert.ok(load.sla_results.sla.some((s) => s.criterion === "aborted_manually"));

    const [started, late] = load.hooks;
    assert.equal(started.results.length, 1);
    assert.equal(started.results[0].status, "success", JSON.stringify(started.results[0]));
    assert.ok(
      started.results[0].finished_at * 1000 > signalled,
      "the hook, released after the signal, ran to its end",
    );
    assert.deepEqual(late.results, []);
    assert.deepEqual(late.not_reached, { values: [25], count: 1 });

    assert.equal(after.status, "skipped");
  } finally {
    await cli.close();
  }
});

Deno.test("a second SIGINT cancels the running hook and the iterations in flight: exit 130, valid JSON", async () => {
  const cli = await startCli(["run", HARD_ABORT_TASK, ...RESULTS]);
  try {
    await runStarted(cli);
    cli.kill("SIGINT");
    await cli.waitForStderr(/brunt: stopping/);
    cli.kill("SIGINT");
    const exit = await cli.exited(15_000);
    assert.equal(exit.code, 130, exit.stderr);
    assert.match(exit.stderr, /brunt: cancelling/);

    const doc = readResults(`${cli.cwd}/results.json`);
    assert.equal(doc.tasks[0].status, "aborted");
    const [load, sleepers] = workloadsOf(doc);
    assert.equal(load.status, "aborted");
    assert.ok(load.total_iteration_count > 0);

    const [hook] = load.hooks;
    assert.equal(hook.results.length, 1, "the hook run is in the results");
    const run = hook.results[0];
    assert.equal(run.status, "failed");
    assert.equal(run.error?.etype, "Aborted");
    assert.ok(run.finished_at - run.started_at < 19, "cancelled well before its 20 s");

    assert.equal(sleepers.status, "aborted");
    assert.equal(sleepers.total_iteration_count, 2, "both 60 s iterations are recorded");
    assert.deepEqual(sleepers.data.map((it) => it.error[0]), ["Aborted", "Aborted"]);
    assert.equal(sleepers.failed_iteration_count, 2);
  } finally {
    await cli.close();
  }
});

Deno.test("SIGTERM stops the run like SIGINT: exit 130 and valid JSON", async () => {
  const cli = await startCli(["run", INTERRUPT_TASK, ...RESULTS]);
  try {
    await runStarted(cli);
    const fifo = await hookRunning(cli);
    cli.kill("SIGTERM");
    await cli.waitForStderr(/brunt: stopping/);
    await Deno.writeTextFile(fifo, "go\n");
    const exit = await cli.exited(15_000);
    assert.equal(exit.code, 130, exit.stderr);
    const doc = readResults(`${cli.cwd}/results.json`);
    assert.equal(doc.tasks[0].status, "aborted");
    assert.equal(workloadsOf(doc)[0].hooks[0].results[0].status, "success");
  } finally {
    await cli.close();
  }
});

Deno.test("with --workers 2, a second SIGINT cancels the iterations in flight in every thread: exit 130, valid JSON", async () => {
  const cli = await startCli(["run", HARD_ABORT_TASK, "--workers", "2", ...RESULTS]);
  try {
    await runStarted(cli);
    cli.kill("SIGINT");
    await cli.waitForStderr(/brunt: stopping/);
    cli.kill("SIGINT");
    const exit = await cli.exited(15_000);
    assert.equal(exit.code, 130, exit.stderr);
    const doc = readResults(`${cli.cwd}/results.json`);
    const [load, sleepers] = workloadsOf(doc);
    assert.equal(load.status, "aborted");
    assert.equal(load.data.length, load.total_iteration_count);
    assert.equal(sleepers.total_iteration_count, 2, "one 60 s iteration in each thread, recorded");
    assert.deepEqual(sleepers.data.map((it) => it.error[0]), ["Aborted", "Aborted"]);
  } finally {
    await cli.close();
  }
});
