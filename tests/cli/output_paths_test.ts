/**
 * No result file may replace the task history, an input, or another result
 * file: refused with exit 2 before anything runs.
 */
import assert from "node:assert/strict";
import { cli } from "../helpers/cli_in_process.ts";

const TASK = JSON.stringify({
  "Dummy.dummy": [{ runner: { type: "serial", times: 2 } }],
});

function workspace() {
  const dir = Deno.makeTempDirSync({ prefix: "brunt_output_paths_" });
  Deno.writeTextFileSync(`${dir}/t.json`, TASK);
  return {
    dir,
    [Symbol.dispose]: () => Deno.removeSync(dir, { recursive: true }),
  };
}

Deno.test("run refuses a result file that is the history, its log, the task file, the args file or another result file", async () => {
  using ws = workspace();
  const db = `${ws.dir}/h.db`;
  const task = `${ws.dir}/t.json`;
  Deno.writeTextFileSync(`${ws.dir}/args.json`, "{}");
  Deno.symlinkSync(task, `${ws.dir}/link.json`);
  const cases: [string[], RegExp][] = [
    [["--json", db], /--json .*h\.db is the task history/],
    [["--html", `${db}-wal`], /is the task history's wal file/],
    [["--json", `${ws.dir}/./t.json`], /is the task file/],
    [["--junit", `${ws.dir}/link.json`], /is the task file/],
    [
      ["--task-args-file", `${ws.dir}/args.json`, "--json", `${ws.dir}/args.json`],
      /task args file/,
    ],
    [["--json", `${ws.dir}/r`, "--html", `${ws.dir}/r`], /--html .* is the file of --json/],
  ];
  for (const [flags, message] of cases) {
    const { code, err } = await cli("run", task, "--db", db, "--quiet", ...flags);
    assert.equal(code, 2, flags.join(" "));
    assert.match(err, message);
  }
  // Nothing ran: no history was created, the task is as written.
  assert.throws(() => Deno.statSync(db), Deno.errors.NotFound);
  assert.equal(Deno.readTextFileSync(task), TASK);
});

Deno.test("report and export refuse to write over the history or a results file they read", async () => {
  using ws = workspace();
  const db = `${ws.dir}/h.db`;
  assert.equal((await cli("run", `${ws.dir}/t.json`, "--db", db, "--quiet")).code, 0);
  const size = Deno.statSync(db).size;
  const exported = await cli("export", "last", "--db", db, "--json", db);
  assert.equal(exported.code, 2);
  assert.match(exported.err, /is the task history/);
  assert.equal((await cli("export", "last", "--db", db, "--json", `${ws.dir}/r.json`)).code, 0);
  const report = await cli("report", `${ws.dir}/r.json`, "--db", db, "--json", `${ws.dir}/r.json`);
  assert.equal(report.code, 2);
  assert.match(report.err, /is a results file it reads/);
  assert.equal(Deno.statSync(db).size, size);
});
