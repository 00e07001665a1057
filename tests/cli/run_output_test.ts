/**
 * What `brunt run` prints, in-process: the summary fitted to the terminal,
 * the verdict (also with --quiet), and the hints a mistyped flag or a
 * plugin that was not loaded get.
 */
import assert from "node:assert/strict";
import { cliInProcess } from "../helpers/cli_in_process.ts";

const TASK = {
  version: 2,
  title: "output",
  subtasks: [
    {
      title: "a load that passes",
      scenario: { "Dummy.dummy": { sleep: 0 } },
      runner: { constant: { times: 20, concurrency: 2 } },
      sla: { failure_rate: { max: 0 } },
    },
    {
      title: "every third iteration from the 2nd to the 8th fails with a long message",
      scenario: {
        "Dummy.failure": { sleep: 0, from_iteration: 2, to_iteration: 8, each: 3 },
      },
      runner: { serial: { times: 10 } },
      sla: { failure_rate: { max: 10 } },
    },
  ],
};

const cli = cliInProcess;

function workspace() {
  const dir = Deno.makeTempDirSync({ prefix: "brunt_run_output_" });
  Deno.writeTextFileSync(`${dir}/task.json`, JSON.stringify(TASK));
  return {
    task: `${dir}/task.json`,
    db: `${dir}/history.db`,
    dir,
    [Symbol.dispose]: () => Deno.removeSync(dir, { recursive: true }),
  };
}

Deno.test("--quiet prints only the verdict, naming the workload and the criterion that failed", async () => {
  using ws = workspace();
  const { code, out, err } = await cli(["run", ws.task, "--db", ws.db, "--quiet", "--seed", "1"]);
  assert.equal(code, 1, err);
  assert.equal(err, "");
  const lines = out.split("\n");
  assert.match(lines[0], /^Task [-0-9a-f]+: finished, SLA FAILED \(1 of 2 workloads\)$/);
  assert.equal(
    lines[1],
    "  [2/2] every third iteration from the 2nd to the 8th fails with a long message (Dummy.failure): " +
      "failure_rate: Failure rate criteria 0.00% <= 20.00% <= 10.00% - Failed",
  );
  assert.equal(lines.length, 2);
});

Deno.test("on an 80-column terminal every line of the summary fits, and it says what failed", async () => {
  using ws = workspace();
  const { code, out } = await cli(["run", ws.task, "--db", ws.db, "--seed", "1"], 80);
  assert.equal(code, 1);
  // deno-lint-ignore no-control-regex
  const plain = out.replace(/\x1b\[[0-9;]*m/g, "");
  const long = plain.split("\n").filter((l) => l.length > 80);
  assert.deepEqual(long, []);
  assert.match(plain, /\| DummyScenarioException: Dummy +\| +2 \| 100\.0 % \| #\d+ at/);
  assert.match(plain, /^\[1\/2\] a load that passes \(Dummy\.dummy\): finished, SLA passed$/m);
  assert.match(plain, /^20 iterations \(0 failed\) at [\d.]+\/s; load /m);
});

Deno.test("a mistyped flag gets the flag meant, exit 2", async () => {
  const { code, err } = await cli(["run", "task.json", "--sed", "3"]);
  assert.equal(code, 2);
  assert.equal(
    err,
    "brunt: unknown option --sed for brunt run; did you mean --seed? (brunt run --help lists the options)",
  );
  assert.match((await cli(["list", "--limt", "2"])).err, /did you mean --limit\?/);
});

Deno.test("a scenario or plugin that is not registered points at --plugin", async () => {
  using ws = workspace();
  Deno.writeTextFileSync(`${ws.dir}/kv.json`, JSON.stringify({ "KV.put_get": [{ args: {} }] }));
  const validate = await cli(["validate", `${ws.dir}/kv.json`]);
  assert.equal(validate.code, 2);
  assert.match(
    validate.err,
    /unknown scenario "KV\.put_get" \(available: .*\); a plugin of your own must be loaded first: --plugin FILE$/,
  );
  const show = await cli(["plugins", "show", "enable_factor"]);
  assert.equal(show.code, 2);
  assert.equal(
    show.err,
    'brunt: no plugin named "enable_factor" (brunt plugins lists them all); ' +
      "a plugin of your own must be loaded first: --plugin FILE",
  );
});
