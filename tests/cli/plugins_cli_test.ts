/**
 * User plugins and task templates on the command line: `brunt plugins`,
 * `plugins show`, the global `--plugin`, `--task-args` and
 * `--task-args-file`; and one real `deno run -A mod.ts run` of a task
 * template with a user scenario, hook, trigger and SLA loaded from files.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { registerHook, registerScenario } from "../../mod.ts";
import { Hook } from "../../src/plugins/hook.ts";
import type { ResultsDocument } from "../../src/model/results_document.ts";
import { startCli } from "../helpers/cli_child.ts";
import { cli } from "../helpers/cli_in_process.ts";

const REPO = new URL("../../", import.meta.url).pathname;
const FIXTURES = `${REPO}tests/fixtures/plugins/`;
const TASK = `${FIXTURES}user_task.yaml.j2`;
const USER_PLUGINS = [
  "--plugin",
  `${FIXTURES}user_hook.ts`,
  `--plugin=${FIXTURES}user_scenario.ts`,
  "--plugin",
  `${FIXTURES}folder`,
];

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

// First in the file: the other tests load the user plugins into this process.
Deno.test("user plugins load before validation, so a task naming them validates", async () => {
  const without = await cli("validate", TASK, "--plugin", `${FIXTURES}user_hook.ts`);
  assert.equal(without.code, 2);
  assert.match(without.err, /unknown scenario "User\.add"/);
  const { code, out, err } = await cli("validate", TASK, ...USER_PLUGINS);
  assert.equal(code, 0, err);
  assert.equal(out, `${TASK}: valid (1 subtask, 1 workload, 2 hooks)`);
});

Deno.test("plugins lists every kind in order, each plugin with its summary line", async () => {
  const { code, out, err } = await cli("plugins");
  assert.equal(code, 0, err);
  const headings = out.split("\n").filter((l) => /^\S.*:$/.test(l));
  assert.deepEqual(headings, ["Scenarios:", "Runners:", "Hooks:", "Triggers:", "SLA:"]);
  assert.match(out, /^ {2}sys_call +— Runs a command as a subprocess/m);
  assert.match(out, /^ {2}constant +— /m);
  assert.match(out, /^ {2}Dummy\.dummy +— /m);
  assert.match(out, /^ {2}failure_rate +— /m);
  assert.match(out, /^ {2}periodic +— /m);
});

Deno.test("--plugin before or after the command adds user plugins to the list", async () => {
  const { code, out, err } = await cli(
    ...USER_PLUGINS.slice(0, 2),
    "plugins",
    ...USER_PLUGINS.slice(2),
  );
  assert.equal(code, 0, err);
  assert.equal(err, "");
  const section = (from: string, to: string) => out.slice(out.indexOf(from), out.indexOf(to));
  assert.match(
    section("Scenarios:", "Runners:"),
    /^ {2}User\.add +— Adds two numbers in the atomic action `add`\.$/m,
  );
  assert.match(
    section("Hooks:", "Triggers:"),
    /^ {2}user_note +— Records a note as a TextArea output\.$/m,
  );
  assert.match(
    section("Triggers:", "SLA:"),
    /^ {2}user_once +— Fires once, after the given iteration\.$/m,
  );
  assert.match(
    section("SLA:", "brunt plugins show"),
    /^ {2}user_max_failures +— At most `max` iterations fail\.$/m,
  );
});

Deno.test("plugins show prints kind, full description and the args schema as JSON", async () => {
  const { code, out } = await cli(
    "--plugin",
    `${FIXTURES}user_hook.ts`,
    "plugins",
    "show",
    "user_note",
  );
  assert.equal(code, 0);
  const [head, schema] = out.split("Args schema:\n");
  assert.equal(
    head,
    `hook: user_note\nfrom: file://${FIXTURES}user_hook.ts\n\n` +
      "Records a note as a TextArea output.\nFails with `fail` as the message when it is given.\n\n",
  );
  assert.deepEqual(JSON.parse(schema).required, ["text"]);
  const builtIn = await cli("plugins", "show", "sys_call");
  assert.match(builtIn.out, /^hook: sys_call\n\n/);
  assert.ok(JSON.parse(builtIn.out.split("Args schema:\n")[1]), "the schema is valid JSON");
});

Deno.test("plugins show lists every kind that has the name", async () => {
  registerScenario("twin", () => {}, {
    description: "The scenario twin.",
    schema: { type: "object" },
  });
  class Twin extends Hook<unknown> {
    static override description = "The hook twin.";
    run(): Promise<void> {
      return Promise.resolve();
    }
  }
  registerHook("twin", Twin);
  const { code, out } = await cli("plugins", "show", "twin");
  assert.equal(code, 0);
  assert.match(
    out,
    /^scenario: twin\n\nThe scenario twin\.\n[^]*\n\nhook: twin\n\nThe hook twin\.\n/,
  );
});

Deno.test("plugins show with an unknown name suggests the closest and exits 2", async () => {
  const { code, err } = await cli("plugins", "show", "sys_cal");
  assert.equal(code, 2);
  assert.equal(
    err,
    `brunt: no plugin named "sys_cal"; did you mean "sys_call"? (brunt plugins lists them all)`,
  );
  assert.equal((await cli("plugins", "show")).code, 2);
  assert.equal((await cli("plugins", "frobnicate")).code, 2);
});

Deno.test("a plugin that fails to load is an error naming the file and line, exit 2", async () => {
  const { code, out, err } = await cli("--plugin", `${FIXTURES}broken.ts`, "validate", TASK);
  assert.equal(code, 2);
  assert.equal(out, "");
  assert.equal(
    err,
    `brunt: --plugin ${FIXTURES}broken.ts: failed to load: broken plugin: cannot start ` +
      `(${FIXTURES}broken.ts:13:7)`,
  );
  const missing = await cli("plugins", "--plugin", "no/such/dir");
  assert.equal(missing.code, 2);
  assert.equal(missing.err, "brunt: --plugin no/such/dir: no such file or folder");
  assert.equal((await cli("plugins", "--plugin")).code, 2, "--plugin needs a value");
});

Deno.test("a plugin module that registers nothing is warned about and the command goes on", async () => {
  const { code, out, err } = await cli("--plugin", `${FIXTURES}registers_nothing.ts`, "plugins");
  assert.equal(code, 0);
  assert.match(err, /^brunt: warning: --plugin .*registers_nothing\.ts: registered no plugin\./);
  assert.match(out, /^Scenarios:/);
});

Deno.test("validate renders with --task-args-file and --task-args, inline values winning", async () => {
  await withTempDir(async (dir) => {
    const task = join(dir, "task.yaml");
    await Deno.writeTextFile(
      task,
      "Dummy.dummy:\n  - runner: {type: constant, times: {{ times }}, concurrency: {{ c | default(1) }}}\n",
    );
    const argsFile = join(dir, "args.yaml");
    await Deno.writeTextFile(argsFile, "times: 3\nc: 0\n");
    // c: 0 breaks the runner's minimum; the inline value repairs it.
    const broken = await cli("validate", task, "--task-args-file", argsFile);
    assert.equal(broken.code, 2);
    assert.match(broken.err, new RegExp(`^${task} \\(rendered\\): .*concurrency`, "s"));
    const ok = await cli("validate", task, "--task-args-file", argsFile, "--task-args", '{"c": 2}');
    assert.equal(ok.code, 0, ok.err);
  });
});

Deno.test("a template error stops validate with the template's line and column", async () => {
  await withTempDir(async (dir) => {
    const task = join(dir, "task.json");
    await Deno.writeTextFile(
      task,
      `{\n  "Dummy.dummy": [{"runner": {"type": "serial", "times": {{ times }}}}]\n}\n`,
    );
    const missing = await cli("validate", task);
    assert.equal(missing.code, 2);
    assert.match(missing.err, new RegExp(`^${task}:2:61: template variable "times" has no value`));
    const bad = await cli("validate", task, "--task-args", "[1]");
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^--task-args: task args must be an object/);
  });
});

Deno.test("run: a task template with a user scenario, hook, trigger and SLA runs end to end", async () => {
  const child = await startCli([
    "run",
    TASK,
    ...USER_PLUGINS,
    "--task-args",
    '{"times": 6, "sleep": 0, "note": "from args", "max_failures": 1}',
    "--json",
    "{cwd}/out.json",
    "--quiet",
  ]);
  try {
    const exit = await child.exited();
    assert.equal(exit.code, 1, `the SLA fails (2 failed iterations > 1):\n${exit.stderr}`);
    const doc: ResultsDocument = JSON.parse(await Deno.readTextFile(join(child.cwd, "out.json")));
    const task = doc.tasks[0];
    const workload = task.subtasks[0].workloads[0];
    assert.equal(workload.total_iteration_count, 6);
    assert.equal(workload.failed_iteration_count, 2);
    assert.deepEqual(workload.sla_results, {
      sla: [{
        criterion: "user_max_failures",
        success: false,
        detail: "Failed iterations 2 <= 1 - Failed",
      }],
    });
    const [note, failing] = workload.hooks;
    assert.deepEqual(note.results.map((r) => [r.triggered_by, r.status, r.output?.complete]), [[
      { event_type: "iteration", value: 2 },
      "success",
      [{ title: "Note", chart_plugin: "TextArea", data: ["from args"] }],
    ]]);
    assert.deepEqual(failing.results.map((r) => [r.status, r.error]), [[
      "failed",
      { etype: "UserNoteError", msg: "on purpose", details: "" },
    ]]);
    const input = task.input_task as { subtasks: { hooks: { action: unknown }[] }[] };
    assert.deepEqual(
      input.subtasks[0].hooks[0].action,
      { user_note: { text: "from args" } },
      "the rendered task is recorded",
    );
  } finally {
    await child.close();
  }
});
