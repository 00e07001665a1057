/**
 * The task history from the command line: run → report round trip, list,
 * show, export → import, delete and trends in-process; a SIGKILLed run and
 * two concurrent runs as real processes on one database.
 */
import assert from "node:assert/strict";
import type { ResultsDocument } from "../../src/model/results_document.ts";
import { SqliteStore } from "../../src/store/sqlite_store.ts";
import { TaskHistory } from "../../src/store/task_history.ts";
import { startCli } from "../helpers/cli_child.ts";
import { cli } from "../helpers/cli_in_process.ts";

const TASK = {
  version: 2,
  title: "history cli",
  subtasks: [
    {
      title: "quick",
      scenario: { "Dummy.dummy": { sleep: 0 } },
      runner: { constant: { times: 1500, concurrency: 4 } },
      sla: { failure_rate: { max: 0 } },
      hooks: [{
        description: "true after 100",
        action: { sys_call: "true" },
        trigger: { event: { unit: "iteration", at: [100] } },
      }],
    },
    {
      title: "failing",
      scenario: { "Dummy.failure": { sleep: 0, from_iteration: 3, to_iteration: 6 } },
      runner: { serial: { times: 10 } },
      // No criteria: without the key, Rally's default failure_rate {max: 0} would fail it.
      sla: {},
    },
  ],
};

function workspace(task: unknown = TASK) {
  const dir = Deno.makeTempDirSync({ prefix: "brunt_history_cli_" });
  Deno.writeTextFileSync(`${dir}/task.json`, JSON.stringify(task));
  return {
    dir,
    db: `${dir}/history.db`,
    task: `${dir}/task.json`,
    [Symbol.dispose]: () => Deno.removeSync(dir, { recursive: true }),
  };
}

function readDoc(path: string): ResultsDocument {
  return JSON.parse(Deno.readTextFileSync(path));
}

function taskIds(db: string): string[] {
  const store = SqliteStore.open(db);
  try {
    return new TaskHistory(store).list().map((t) => t.uuid);
  } finally {
    store.close();
  }
}

async function run(ws: ReturnType<typeof workspace>, ...extra: string[]) {
  const result = await cli("run", ws.task, "--db", ws.db, "--quiet", ...extra);
  assert.equal(result.code, 0, `the run passes its SLA: ${result.err}`);
  return result;
}

Deno.test("report of a recorded task writes the same document as the run's own --json", async () => {
  using ws = workspace();
  await run(ws, "--seed", "11", "--json", `${ws.dir}/run.json`);
  const doc = readDoc(`${ws.dir}/run.json`);
  const id = doc.tasks[0].uuid;

  for (const ref of ["last", id, id.slice(0, 6)]) {
    const out = `${ws.dir}/report-${ref}.json`;
    const result = await cli("report", ref, "--db", ws.db, "--json", out);
    assert.equal(result.code, 0, result.err);
    assert.equal(Deno.readTextFileSync(out), Deno.readTextFileSync(`${ws.dir}/run.json`));
  }
  assert.equal(doc.tasks[0].subtasks[0].workloads[0].data?.length, 1500);
  assert.equal(doc.tasks[0].subtasks[0].workloads[0].hooks[0].summary.success, 1);

  // The other reports from the history as well.
  const both = await cli(
    "report",
    "last",
    "--db",
    ws.db,
    "--html",
    `${ws.dir}/r.html`,
    "--junit",
    `${ws.dir}/r.xml`,
  );
  assert.equal(both.code, 0, both.err);
  assert.match(Deno.readTextFileSync(`${ws.dir}/r.html`), new RegExp(id));
  assert.match(Deno.readTextFileSync(`${ws.dir}/r.xml`), /<testsuite/);
});

Deno.test("report still reads a results file, and merges files and ids into one document", async () => {
  using ws = workspace();
  await run(ws, "--json", `${ws.dir}/first.json`);
  await run(ws);
  const first = readDoc(`${ws.dir}/first.json`);

  const again = await cli("report", `${ws.dir}/first.json`, "--json", `${ws.dir}/again.json`);
  assert.equal(again.code, 0, again.err);
  assert.equal(
    Deno.readTextFileSync(`${ws.dir}/again.json`),
    Deno.readTextFileSync(`${ws.dir}/first.json`),
  );

  const merged = await cli(
    "report",
    "last",
    `${ws.dir}/first.json`,
    "--db",
    ws.db,
    "--json",
    `${ws.dir}/merged.json`,
  );
  assert.equal(merged.code, 0, merged.err);
  const doc = readDoc(`${ws.dir}/merged.json`);
  assert.equal(doc.tasks.length, 2);
  assert.notEqual(doc.tasks[0].uuid, first.tasks[0].uuid);
  assert.deepEqual(doc.tasks[1], first.tasks[0]);
  assert.equal(doc.tasks[0].subtasks[0].workloads[0].data?.length, 1500);

  const twice = await cli(
    "report",
    first.tasks[0].uuid,
    `${ws.dir}/first.json`,
    "--db",
    ws.db,
    "--json",
    `${ws.dir}/x.json`,
  );
  assert.equal(twice.code, 2);
  assert.match(twice.err, /is given twice/);
  const missing = await cli("report", `${ws.dir}/nope.json`, "--json", `${ws.dir}/x.json`);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nope\.json: no such results file/);
});

Deno.test("list and show print the recorded tasks and their summary tables", async () => {
  using ws = workspace();
  const none = await cli("list", "--db", ws.db);
  assert.equal(none.code, 0);
  assert.match(none.out, /No tasks recorded yet: .*history\.db does not exist/);

  await run(ws, "--seed", "5");
  await run(ws, "--seed", "6");
  const listed = await cli("list", "--db", ws.db);
  assert.equal(listed.code, 0, listed.err);
  const ids = taskIds(ws.db);
  const lines = listed.out.split("\n");
  assert.match(
    lines[1],
    /\| ID\s+\| Title\s+\| Status\s+\| Started\s+\| Duration \| Workloads \| SLA\s+\|/,
  );
  for (const [i, id] of ids.entries()) {
    assert.match(
      lines[3 + i],
      new RegExp(
        `^\\| ${
          id.slice(0, 8)
        } +\\| history cli \\| finished \\| .*UTC \\| +[0-9.]+ m?s \\| +2 \\| pass +\\|$`,
      ),
    );
  }
  const limited = await cli("list", "--db", ws.db, "--limit", "1", "--status", "finished");
  assert.equal(limited.out.split("\n").length, 5);
  assert.match(limited.out, new RegExp(ids[1].slice(0, 8)));

  const shown = await cli("show", ids[0].slice(0, 5), "--db", ws.db);
  assert.equal(shown.code, 0, shown.err);
  assert.match(
    shown.out,
    new RegExp(`^Task ${ids[0]}: history cli\nStatus: finished, SLA passed\n`),
  );
  assert.match(shown.out, /\nSeed: 5\n/);
  assert.match(
    shown.out,
    /\nCommand: brunt run .*task\.json --db .*history\.db --quiet --seed 5\n/,
  );
  assert.match(shown.out, /Response Times/);
  assert.match(shown.out, /#0 sys_call \(true after 100\)/);
  assert.match(
    shown.out,
    /\n\[2\/2\] failing \(Dummy.failure\): finished, no SLA\n10 iterations \(4 failed, 40\.0 %\)/,
  );
  // What failed, read back from the recorded iterations.
  assert.match(shown.out, /\| DummyScenarioException: .* \| +4 \| 100\.0 % \| #3 at /);
  assert.match(shown.out, /failure_rate \| PASS/);
  assert.match(shown.out, /\nTask [-0-9a-f]+: finished, SLA passed$/);
});

Deno.test("history commands say what is wrong with an id or a database, exit 2", async () => {
  using ws = workspace();
  const noDb = await cli("show", "last", "--db", ws.db);
  assert.equal(noDb.code, 2);
  assert.match(noDb.err, /No task history at .*history\.db: the file does not exist/);

  await run(ws);
  const unknown = await cli("show", "ffff", "--db", ws.db);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /No task "ffff" in .*history\.db; `brunt list` shows/);

  Deno.writeTextFileSync(`${ws.dir}/bad.db`, "not sqlite at all ".repeat(100));
  const corrupt = await cli("list", "--db", `${ws.dir}/bad.db`);
  assert.equal(corrupt.code, 2);
  assert.match(corrupt.err, /Cannot use .*bad\.db as a task history: file is not a database/);
  const badRun = await cli("run", ws.task, "--db", `${ws.dir}/bad.db`, "--quiet");
  assert.equal(badRun.code, 2, "a run does not start on a damaged history");

  const usage = await cli("list", "--limit", "0", "--db", ws.db);
  assert.equal(usage.code, 2);
  assert.match(usage.err, /--limit must be a whole number/);
});

Deno.test("export then import into another history exports the same file again; delete removes", async () => {
  using ws = workspace();
  await run(ws);
  const exported = await cli("export", "last", "--db", ws.db, "--json", `${ws.dir}/one.json`);
  assert.equal(exported.code, 0, exported.err);
  assert.match(exported.out, /Results \(JSON\): .*one\.json \(task .*, 1510 iterations\)/);

  const other = `${ws.dir}/other.db`;
  const imported = await cli("import", `${ws.dir}/one.json`, "--db", other);
  assert.equal(imported.code, 0, imported.err);
  assert.match(imported.out, /Imported task .* \(history cli\) into .*other\.db/);
  const back = await cli("export", "last", "--db", other, "--json", `${ws.dir}/two.json`);
  assert.equal(back.code, 0, back.err);
  assert.equal(
    Deno.readTextFileSync(`${ws.dir}/two.json`),
    Deno.readTextFileSync(`${ws.dir}/one.json`),
  );

  const again = await cli("import", `${ws.dir}/one.json`, "--db", other);
  assert.equal(again.code, 2);
  assert.match(again.err, /already in .*other\.db; nothing was imported/);

  const id = readDoc(`${ws.dir}/one.json`).tasks[0].uuid;
  const deleted = await cli("delete", id.slice(0, 8), "--db", other);
  assert.equal(deleted.code, 0, deleted.err);
  assert.equal(deleted.out, `Deleted task ${id}`);
  assert.match((await cli("list", "--db", other)).out, /No tasks in/);
});

Deno.test("trends writes one page comparing the workloads of several runs", async () => {
  using ws = workspace();
  await run(ws, "--json", `${ws.dir}/a.json`);
  await run(ws);
  const result = await cli(
    "trends",
    `${ws.dir}/a.json`,
    "last",
    "--db",
    ws.db,
    "--html",
    `${ws.dir}/t.html`,
  );
  assert.equal(result.code, 0, result.err);
  assert.match(result.out, /Trends \(HTML\): .*t\.html \(2 runs, 2 workloads\)/);
  const html = Deno.readTextFileSync(`${ws.dir}/t.html`);
  const ids = taskIds(ws.db);
  for (const id of ids) assert.ok(html.includes(id), `run ${id} is listed`);
  assert.match(html, /<h2>quick \(Dummy\.dummy\)<\/h2>/);
  assert.match(html, /<h2>failing \(Dummy\.failure\)<\/h2>/);
  assert.match(html, /#0 sys_call \(true after 100\): 1 ok/);
  assert.match(html, /40\.0 %/, "the failing workload's failure rate");
  assert.ok(!/<(script|link)[^>]+src=/i.test(html), "nothing loads from outside the page");
  // The page's own script is valid JavaScript.
  const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  new Function(scripts[scripts.length - 1]);

  const noHtml = await cli("trends", "last", "--db", ws.db);
  assert.equal(noHtml.code, 2);
  assert.match(noHtml.err, /trends needs --html FILE/);
});

Deno.test("trends leaves out runs with simulated times, names them, and refuses when nothing else is left", async () => {
  using ws = workspace();
  await run(ws, "--simulated-clock", "--json", `${ws.dir}/sim.json`);
  const simulated = readDoc(`${ws.dir}/sim.json`).tasks[0];
  assert.equal(simulated.simulated, true);
  // Recorded as such in the history too: "last" is the simulated run.
  const alone = await cli("trends", "last", "--db", ws.db, "--html", `${ws.dir}/t.html`);
  assert.equal(alone.code, 2);
  assert.match(alone.err, /every run given has simulated times \(run --simulated-clock\)/);
  assert.match(alone.err, new RegExp(simulated.uuid));

  await run(ws, "--json", `${ws.dir}/real.json`);
  assert.equal(readDoc(`${ws.dir}/real.json`).tasks[0].simulated, undefined);
  const both = await cli(
    "trends",
    `${ws.dir}/sim.json`,
    "last",
    "--db",
    ws.db,
    "--html",
    `${ws.dir}/t.html`,
  );
  assert.equal(both.code, 0, both.err);
  assert.match(both.out, /\(1 run, 2 workloads\)/);
  assert.match(both.err, new RegExp(`left out 1 run with simulated times .*${simulated.uuid}`));
  assert.ok(!Deno.readTextFileSync(`${ws.dir}/t.html`).includes(simulated.uuid));
});

Deno.test("a run killed with SIGKILL shows as crashed with the iterations and hook runs it committed", async () => {
  const markHook = {
    description: "mark at iteration 1",
    action: { sys_call: "touch marked" },
    trigger: { event: { unit: "iteration", at: [1] } },
  };
  using ws = workspace({
    version: 2,
    title: "killed",
    subtasks: [
      {
        title: "1 ms iterations, 4 at a time, until killed",
        scenario: { "Dummy.dummy": { sleep: 0.001 } },
        runner: { constant: { times: 10_000_000, concurrency: 4 } },
        hooks: [markHook, {
          description: "kill -9 the brunt process",
          // Once the first hook's command has ended (and a moment later, its
          // run has been recorded); at iteration 2000, chunks of 250 records
          // have been committed.
          action: {
            sys_call:
              "sh -c 'while [ ! -e marked ]; do sleep 0.01; done; sleep 0.1; kill -9 $PPID'",
          },
          trigger: { event: { unit: "iteration", at: [2000] } },
        }],
      },
      {
        title: "never started",
        scenario: { "Dummy.dummy": { sleep: 0 } },
        runner: { constant: { times: 10 } },
      },
    ],
  });
  const child = await startCli(["run", ws.task, "--db", ws.db]);
  let killedBy: number;
  try {
    const exit = await child.exited();
    killedBy = Date.now();
    assert.equal(exit.signal, "SIGKILL", exit.stderr);
  } finally {
    await child.close();
  }

  const listed = await cli("list", "--db", ws.db);
  assert.match(listed.out, /\| killed \| crashed \|.*\| +2 \| FAIL \|/);

  const store = SqliteStore.open(ws.db);
  try {
    const history = new TaskHistory(store);
    const [task] = history.list();
    const view = history.view(task.uuid);
    const workload = view.task.subtasks[0].workloads[0];
    const committed = history.iterationCount(workload.uuid);
    // The kill came after chunks were committed, but before the run could end.
    assert.ok(committed >= 1 && committed < 10_000_000, `${committed} iterations committed`);
    assert.equal(workload.total_iteration_count, committed);
    assert.equal(view.task.subtasks[1].workloads.length, 0);
    const records = [...history.iterations(workload.uuid)];
    assert.equal(records.length, committed);
    const newest = records.reduce((m, r) => Math.max(m, (r.timestamp + r.duration) * 1000), 0);
    assert.ok(
      newest > killedBy - 2000,
      `newest committed record ended ${killedBy - newest} ms before the kill was seen`,
    );

    const shown = await cli("show", "last", "--db", ws.db);
    assert.equal(shown.code, 0, shown.err);
    assert.match(
      shown.out,
      new RegExp(
        `Status: crashed: the brunt process \\(pid \\d+ on .*\\) ended, or went silent, without finishing the task`,
      ),
    );
    assert.match(
      shown.out,
      new RegExp(`summarized from the ${committed} iterations recorded before the crash`),
    );
    assert.match(shown.out, new RegExp(`\n${committed} iterations \\(0 failed\\)`));
    assert.match(shown.out, /something_went_wrong +\| FAIL/);
    // The run of `true` ended long before the kill, so it was recorded; the killing one never ended.
    assert.match(
      shown.out,
      /\| #0 sys_call \(mark at iteration 1\) +\| event iteration at 1 +\| +1\/1 \| +1 \| +0 \|/,
    );

    const reported = await cli("report", "last", "--db", ws.db, "--json", `${ws.dir}/crashed.json`);
    assert.equal(reported.code, 0, reported.err);
    const doc = readDoc(`${ws.dir}/crashed.json`);
    assert.equal(doc.tasks[0].status, "crashed");
    assert.equal(doc.tasks[0].subtasks[0].workloads[0].data?.length, committed);
    const [markRuns, killRuns] = doc.tasks[0].subtasks[0].workloads[0].hooks;
    assert.deepEqual(markRuns.config, markHook);
    assert.deepEqual(markRuns.summary, { success: 1 });
    assert.deepEqual(markRuns.results.map((r) => [r.triggered_by, r.status]), [
      [{ event_type: "iteration", value: 1 }, "success"],
    ]);
    assert.deepEqual(killRuns.results, []);
  } finally {
    store.close();
  }
});

Deno.test("two runs writing to one database at the same time both keep all their records", async () => {
  using ws = workspace();
  for (const name of ["to_a", "to_b"]) {
    const made = await new Deno.Command("mkfifo", { args: [`${ws.dir}/${name}`] }).output();
    assert.ok(made.success, "mkfifo");
  }
  // Each run's hook meets the other's at load start (so both loads are
  // running), then lets both load for 0.3 s and interrupts its own brunt.
  const task = (title: string, meet: string) => ({
    version: 2,
    title,
    subtasks: [{
      title: "as fast as possible",
      scenario: { "Dummy.dummy": { sleep: 0 } },
      runner: { constant_for_duration: { duration: 30, concurrency: 2 } },
      hooks: [{
        description: "meet the other run, then stop",
        action: { sys_call: { cmd: `sh -c "${meet}; sleep 0.3; kill -INT $PPID"`, timeout: 30 } },
        trigger: { event: { unit: "time", at: [0] } },
      }],
    }],
  });
  Deno.writeTextFileSync(
    `${ws.dir}/a.json`,
    JSON.stringify(task("run a", `echo go > ${ws.dir}/to_b; cat ${ws.dir}/to_a > /dev/null`)),
  );
  Deno.writeTextFileSync(
    `${ws.dir}/b.json`,
    JSON.stringify(task("run b", `cat ${ws.dir}/to_b > /dev/null; echo go > ${ws.dir}/to_a`)),
  );
  const a = await startCli(["run", `${ws.dir}/a.json`, "--db", ws.db, "--quiet"]);
  const b = await startCli(["run", `${ws.dir}/b.json`, "--db", ws.db, "--quiet"]);
  try {
    const [ea, eb] = await Promise.all([a.exited(45_000), b.exited(45_000)]);
    assert.equal(ea.code, 130, ea.stderr);
    assert.equal(eb.code, 130, eb.stderr);
  } finally {
    await a.close();
    await b.close();
  }

  const store = SqliteStore.open(ws.db);
  try {
    const history = new TaskHistory(store);
    const tasks = history.list();
    assert.deepEqual(tasks.map((t) => t.title).sort(), ["run a", "run b"]);
    const spans: [number, number][] = [];
    for (const summary of tasks) {
      assert.equal(summary.status, "aborted");
      const [workload] = history.view(summary.uuid).task.subtasks[0].workloads;
      assert.ok(
        workload.total_iteration_count > 1000,
        `${workload.total_iteration_count} iterations`,
      );
      assert.equal(history.iterationCount(workload.uuid), workload.total_iteration_count);
      assert.equal(workload.hooks[0].summary.success, 1);
      spans.push([workload.start_time!, workload.start_time! + workload.load_duration]);
    }
    const [[s1, e1], [s2, e2]] = spans;
    assert.ok(s1 < e2 && s2 < e1, "the two loads ran at the same time");
  } finally {
    store.close();
  }
});
