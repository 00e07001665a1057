/**
 * `brunt run --simulated-clock`: a long task previewed at once by a brunt
 * process, with its hooks' real commands, report, result files and history.
 */
import assert from "node:assert/strict";
import type { ResultsDocument } from "../../src/model/results_document.ts";
import { validateResults } from "../../src/report/results_schema.ts";
import { main } from "../../src/cli/main.ts";
import { startCli } from "../helpers/cli_child.ts";

const TASK = new URL("../fixtures/tasks_cli/ten_minutes_task.json", import.meta.url).pathname;

/** Runs the CLI's `main` in this process; returns its exit code, stdout and stderr. */
async function inProcess(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    errIsTty: false,
  });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

Deno.test("run --simulated-clock previews a ten-minute task with its hooks at once, report, files and history as usual", async () => {
  const cli = await startCli([
    "run",
    TASK,
    "--simulated-clock",
    "--seed",
    "3",
    "--json",
    "{cwd}/out.json",
    "--html",
    "{cwd}/out.html",
  ]);
  try {
    // Far less real time than the task's ten simulated minutes.
    const exit = await cli.exited(60_000);
    assert.equal(exit.code, 0, exit.stderr);
    const notices = exit.stderr.split("\n").filter((l) => l.includes("times are simulated"));
    assert.deepEqual(notices, [
      "brunt: times are simulated (--simulated-clock): the load runs at once on a clock " +
      "that starts now; commands and requests take no simulated time",
    ]);
    assert.match(exit.stdout, /1200 iterations \(0 failed\) at 2\/s; load 10 min 0 s/);
    assert.match(exit.stdout, /finished, SLA passed \(times simulated\)/);

    const doc = JSON.parse(await Deno.readTextFile(`${cli.cwd}/out.json`)) as ResultsDocument;
    assert.deepEqual(validateResults(doc), []);
    // Marked as a preview: trends leave it out.
    assert.equal(doc.tasks[0].simulated, true);
    const w = doc.tasks[0].subtasks[0].workloads[0];
    // 600 s, two at a time, one second each.
    assert.equal(w.total_iteration_count, 1200);
    assert.equal(w.data!.length, 1200);
    // The simulated clock starts at the real time of the run.
    assert.ok(Math.abs(w.start_time! - Date.now() / 1000) < 120, `${w.start_time}`);
    // Every hook run starts exactly at its point, and its command takes no simulated time.
    const [timed, periodic] = w.hooks;
    const seconds = (s: number) => Math.round(s * 1e6) / 1e6;
    assert.deepEqual(
      timed.results.map((
        r,
      ) => [seconds(r.started_at - w.start_time!), r.finished_at - r.started_at]),
      [[60, 0], [300.5, 0]],
    );
    assert.deepEqual(timed.not_reached, { values: [900], count: 1 });
    assert.equal((timed.results[0].output?.complete[0].data as string[])[1], "StdOut: switched\n");
    assert.deepEqual(periodic.results.map((r) => r.triggered_by.value), [500, 1000]);
    assert.deepEqual(periodic.summary, { success: 2 });
    assert.match(await Deno.readTextFile(`${cli.cwd}/out.html`), /^<!DOCTYPE html>/i);

    // Recorded in the history like any run.
    const listed = await inProcess("list", "--db", `${cli.cwd}/.brunt/brunt.db`);
    assert.equal(listed.code, 0);
    assert.match(
      listed.out,
      new RegExp(`${doc.tasks[0].uuid.slice(0, 8)}.*ten minutes with hooks`),
    );
  } finally {
    await cli.close();
  }
});

Deno.test("run --help describes --simulated-clock", async () => {
  const help = await inProcess("run", "--help");
  assert.equal(help.code, 0);
  assert.match(help.out, /--simulated-clock +run on a simulated clock that starts now/);
});

Deno.test("run --simulated-clock refuses --segment and --coordinator, before anything runs", async () => {
  const dir = await Deno.makeTempDir();
  try {
    for (
      const flags of [["--segment", "0:1/2"], [
        "--segment-sequence",
        "0,1/2,1",
        "--segment-index",
        "0",
        "--coordinator",
        "127.0.0.1:1",
      ]]
    ) {
      const db = `${dir}/brunt.db`;
      const run = await inProcess("run", TASK, "--simulated-clock", ...flags, "--db", db);
      assert.equal(run.code, 2, flags.join(" "));
      assert.match(
        run.err,
        /--simulated-clock runs the whole load in this process: leave out --segment/,
      );
      await assert.rejects(Deno.stat(db), Deno.errors.NotFound);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
