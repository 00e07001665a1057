import assert from "node:assert/strict";
import { STAND_INS } from "./fixtures/tasks/stand_in_plugins.ts";
import "../src/builtin/builtin_plugins.ts";
import { loadTaskFile, parseTask } from "../src/task/load.ts";
import type { TaskSpec } from "../src/model/task_spec.ts";
import { TaskFileError } from "../src/task/task_file_error.ts";
import { defaultPlugins } from "../mod.ts";

const FIXTURES = new URL("./fixtures/tasks/", import.meta.url);
// The built-in plugins and the stand-ins the fixtures name.
const PLUGINS = defaultPlugins().with(STAND_INS.all());

function syntaxError(text: string, filename: string): TaskFileError {
  try {
    parseTask(text, filename, { plugins: PLUGINS });
  } catch (e) {
    if (e instanceof TaskFileError) return e;
    throw e;
  }
  assert.fail("expected a TaskFileError");
}

/** The model without what depends on how the file was written. */
function shape(task: TaskSpec): unknown {
  return task.subtasks.map((s) => ({
    title: s.title,
    description: s.description,
    runInParallel: s.runInParallel,
    workloads: s.workloads.map((w) => ({
      scenario: [w.scenario.name, w.scenario.args],
      runner: [w.runner.name, w.runner.args],
      hooks: w.hooks.map((h) => ({
        description: h.description,
        action: [h.action.name, h.action.args],
        trigger: [h.trigger.name, h.trigger.args],
      })),
      sla: w.sla.map((r) => [r.name, r.args]),
      contexts: w.contexts,
      description: w.description,
    })),
  }));
}

Deno.test("the spec's form becomes one subtask per workload, titled by the scenario", async () => {
  const task = await loadTaskFile(new URL("stand_in_spec_form.json", FIXTURES).pathname, {
    plugins: PLUGINS,
  });
  assert.equal(task.subtasks.length, 2);
  const [first, second] = task.subtasks;
  assert.equal(first.title, "Test.scenario");
  assert.equal(second.title, "Test.scenario");
  assert.equal(second.description, "second workload");
  const w = first.workloads[0];
  assert.deepEqual(w.scenario, {
    name: "Test.scenario",
    args: { sleep: 0.5 },
    raw: { sleep: 0.5 },
  });
  assert.deepEqual(w.runner.args, { times: 100, concurrency: 10 });
  assert.equal(w.runner.name, "test_runner");
  assert.equal(w.hooks.length, 2);
  assert.equal(w.hooks[0].path, "Test.scenario[0].hook[0]");
  assert.equal(w.hooks[0].description, "factor 1");
  assert.equal(w.hooks[0].action.args, "bash enable_factor_1");
  assert.deepEqual(w.hooks[1].trigger.args, { unit: "iteration", step: 20, start: 0 });
  assert.deepEqual(w.sla, [{ name: "test_failure_rate", args: { max: 0 }, raw: { max: 0 } }]);
  assert.deepEqual(w.contexts, { users: { tenants: 1 } });
  assert.equal(w.path, "Test.scenario[0]");
  assert.equal(second.workloads[0].path, "Test.scenario[1]");
});

Deno.test("schema defaults fill args while raw, hook config and input stay as written", () => {
  const text = JSON.stringify({
    "Test.scenario": [{
      runner: { type: "test_runner", times: 3 },
      hooks: [{
        name: "test_hook",
        args: "x",
        trigger: { name: "test_periodic", args: { unit: "time", step: 5 } },
      }],
    }],
  });
  const task = parseTask(text, "task.json", { plugins: PLUGINS });
  const w = task.subtasks[0].workloads[0];
  assert.deepEqual(w.scenario.args, { sleep: 0 });
  assert.deepEqual(w.scenario.raw, {});
  assert.deepEqual(w.runner.args, { times: 3, concurrency: 1 });
  assert.deepEqual(w.runner.raw, { times: 3 });
  assert.deepEqual(w.hooks[0].trigger.args, { unit: "time", step: 5, start: 0 });
  assert.deepEqual(w.hooks[0].trigger.raw, { unit: "time", step: 5 });
  assert.deepEqual(w.hooks[0].config, {
    name: "test_hook",
    args: "x",
    trigger: { name: "test_periodic", args: { unit: "time", step: 5 } },
  });
  assert.deepEqual(task.input, JSON.parse(text));
  assert.equal(w.hooks[0].path, "Test.scenario[0].hooks[0]");
});

Deno.test("the spec's form and the v2 form of the same task give the same model", async () => {
  const spec = await loadTaskFile(new URL("stand_in_spec_form.json", FIXTURES).pathname, {
    plugins: PLUGINS,
  });
  const v2 = await loadTaskFile(new URL("stand_in_v2_form.yaml", FIXTURES).pathname, {
    plugins: PLUGINS,
  });
  assert.deepEqual(shape(v2), shape(spec));
  assert.equal(v2.title, "stand-in task");
  assert.equal(spec.title, "");
});

Deno.test("v2 hooks keep their entry as config and their place as path", async () => {
  const task = await loadTaskFile(new URL("stand_in_v2_form.yaml", FIXTURES).pathname, {
    plugins: PLUGINS,
  });
  const hook = task.subtasks[0].workloads[0].hooks[1];
  assert.deepEqual(hook.config, {
    action: { test_hook: { cmd: "bash enable_factor_2" } },
    trigger: { test_periodic: { unit: "iteration", step: 20 } },
  });
  assert.equal(hook.path, "subtasks[0].hooks[1]");
  assert.equal(hook.description, undefined);
  assert.equal(task.subtasks[1].workloads[0].path, "subtasks[1]");
});

Deno.test("a v2 subtask with workloads runs them in parallel when asked, titled by the first scenario", () => {
  const task = parseTask(
    JSON.stringify({
      version: 2,
      tags: ["a"],
      subtasks: [{
        run_in_parallel: true,
        workloads: [
          { scenario: { "Test.scenario": {} }, runner: { test_runner: { times: 2 } } },
          { scenario: { "Test.other": { x: 1 } }, runner: { test_runner: {} }, description: "d" },
        ],
      }],
    }),
    "task.json",
    { plugins: PLUGINS },
  );
  assert.deepEqual(task.tags, ["a"]);
  const [subtask] = task.subtasks;
  assert.equal(subtask.title, "Test.scenario");
  assert.equal(subtask.runInParallel, true);
  assert.deepEqual(subtask.workloads.map((w) => w.scenario.name), ["Test.scenario", "Test.other"]);
  assert.deepEqual(subtask.workloads.map((w) => w.path), [
    "subtasks[0].workloads[0]",
    "subtasks[0].workloads[1]",
  ]);
  assert.equal(subtask.workloads[1].description, "d");
});

Deno.test("the syntax follows the extension, and a JSON document in a .yaml file is YAML", () => {
  const yaml = "Test.scenario:\n  - runner: {type: test_runner, times: 2}\n";
  assert.deepEqual(
    parseTask(yaml, "task.yaml", { plugins: PLUGINS }).subtasks[0].workloads[0].runner.raw,
    { times: 2 },
  );
  assert.deepEqual(
    parseTask(yaml, "task.yml", { plugins: PLUGINS }).subtasks[0].workloads[0].runner.raw,
    { times: 2 },
  );
  assert.deepEqual(
    parseTask(yaml, "task", { plugins: PLUGINS }).subtasks[0].workloads[0].runner.raw,
    { times: 2 },
  );
  const json = '{"Test.scenario": [{"runner": {"type": "test_runner", "times": 4}}]}';
  assert.deepEqual(
    parseTask(json, "task.txt", { plugins: PLUGINS }).subtasks[0].workloads[0].runner.raw,
    { times: 4 },
  );
  assert.deepEqual(
    parseTask(json, "task.yaml", { plugins: PLUGINS }).subtasks[0].workloads[0].runner.raw,
    { times: 4 },
  );
  // YAML in a .json file is a JSON syntax error, not silently YAML.
  assert.throws(() => parseTask(yaml, "task.json", { plugins: PLUGINS }), TaskFileError);
});

Deno.test("a JSON syntax error names the line and column and shows the line", () => {
  const text = '{\n  "Test.scenario": [\n    {"runner": {"type": "test_runner",}}\n  ]\n}';
  const error = syntaxError(text, "task.json");
  assert.equal(error.problems.length, 1);
  assert.equal(error.problems[0].line, 3);
  assert.equal(error.problems[0].column, 39);
  assert.match(error.problems[0].message, /trailing comma/);
  assert.equal(
    error.format(),
    'task.json:3:39: a comma before "}" is not allowed in JSON (trailing comma)\n' +
      '      {"runner": {"type": "test_runner",}}\n' +
      "                                        ^",
  );
});

Deno.test("JSON syntax errors are explained: comments, bare words, unterminated strings, the end", () => {
  const cases: [string, number, number, RegExp][] = [
    ['{"a": 1 # seconds\n}', 1, 9, /comments are not allowed/],
    ['{"a": tru}', 1, 7, /unexpected "tru"; expected a value/],
    ['{"a": "b\n}', 1, 7, /unterminated string/],
    ['{"a": 1', 1, 8, /unexpected end of file; expected "," or "}"/],
    ['{"a": 1}}', 1, 9, /after the end of the JSON document/],
    ["{'a': 1}", 1, 2, /double quotes/],
    ['{"a" 1}', 1, 6, /expected ":" after the key; got "1"/],
    ['{"a": [1 2]}', 1, 10, /expected "," or "]" after the value; got "2"/],
    ['{"a": [1, ]}', 1, 11, /a comma before "]" is not allowed in JSON \(trailing comma\)/],
  ];
  for (const [text, line, column, message] of cases) {
    const [problem] = syntaxError(text, "t.json").problems;
    assert.deepEqual([problem.line, problem.column], [line, column], text);
    assert.match(problem.message, message, text);
  }
});

Deno.test("a YAML syntax error names the line and column", () => {
  const error = syntaxError("Test.scenario:\n  - runner: {type: test_runner\n", "task.yaml");
  const [problem] = error.problems;
  assert.equal(problem.path, "");
  assert.equal(typeof problem.line, "number");
  assert.equal(typeof problem.column, "number");
  assert.match(error.format(), /^task\.yaml:\d+:\d+: /);
});

Deno.test("duplicate keys are reported in JSON and YAML", () => {
  const json = syntaxError('{"Test.scenario": [],\n "Test.scenario": []}', "task.json");
  assert.equal(json.problems[0].line, 2);
  assert.match(json.problems[0].message, /duplicate key "Test\.scenario"/);
  const yaml = syntaxError("a: 1\nb: 2\na: 3\n", "task.yaml");
  assert.equal(yaml.problems[0].line, 3);
  assert.match(yaml.problems[0].message, /duplicate key a/);
});

Deno.test("a missing task file is a TaskFileError naming the path", async () => {
  const path = new URL("no_such_task.json", FIXTURES).pathname;
  await assert.rejects(loadTaskFile(path, { plugins: PLUGINS }), (e: unknown) => {
    assert.ok(e instanceof TaskFileError);
    assert.equal(e.filename, path);
    assert.equal(e.message, `${path}: cannot read the task file: no such file`);
    return true;
  });
});

Deno.test("an empty or non-object task file says what a task looks like", () => {
  assert.match(syntaxError("", "task.yaml").message, /task\.yaml: the task file is empty/);
  assert.match(syntaxError("[1]", "task.json").message, /must be an object.*got an array/);
});

// ---------------------------------------------------------- built-in plugins

/** The spec's example task, with sys_call as the hook and without its comments. */
const SPEC_EXAMPLE = {
  "Dummy.dummy": [{
    args: {},
    runner: { type: "constant", times: 100, concurrency: 10 },
    hook: [
      {
        name: "sys_call",
        args: "bash enable_factor_1",
        trigger: { name: "event", args: { unit: "time", at: [1, 50, 100] } },
      },
      {
        name: "sys_call",
        args: "bash enable_factor_2",
        trigger: { name: "event", args: { unit: "iteration", at: [35, 40, 45] } },
      },
      {
        name: "sys_call",
        args: "bash enable_factor_3",
        trigger: { name: "periodic", args: { unit: "iteration", step: 20, start: 0, end: 1000 } },
      },
      {
        name: "sys_call",
        args: "bash enable_factor_4",
        trigger: { name: "periodic", args: { unit: "time", step: 15, start: 100, end: 200 } },
      },
    ],
  }],
};

Deno.test("the spec's example task validates with the built-in plugins", () => {
  const task = parseTask(JSON.stringify(SPEC_EXAMPLE, null, 2), "spec_example.json", {
    plugins: PLUGINS,
  });
  const [w] = task.subtasks[0].workloads;
  assert.equal(task.subtasks[0].title, "Dummy.dummy");
  assert.equal(w.runner.name, "constant");
  assert.deepEqual(w.hooks.map((h) => [h.action.name, h.trigger.name]), [
    ["sys_call", "event"],
    ["sys_call", "event"],
    ["sys_call", "periodic"],
    ["sys_call", "periodic"],
  ]);
  assert.deepEqual(w.hooks[3].config, SPEC_EXAMPLE["Dummy.dummy"][0].hook[3]);
});

Deno.test("the Rally 3.3 hooks reference task validates with the built-in plugins", async () => {
  const task = await loadTaskFile(new URL("rally_3.3_hooks_task.json", FIXTURES).pathname, {
    plugins: PLUGINS,
  });
  assert.equal(task.title, "hooks reference");
  const [w] = task.subtasks[0].workloads;
  assert.deepEqual(w.scenario.args, { sleep: 0.05 });
  assert.equal(w.hooks.length, 4);
  assert.deepEqual(w.sla.map((s) => s.name), ["failure_rate"]);
});

Deno.test("the spec's example and its v2 form give the same model", () => {
  const [entry] = SPEC_EXAMPLE["Dummy.dummy"];
  const v2 = {
    version: 2,
    subtasks: [{
      scenario: { "Dummy.dummy": {} },
      runner: { constant: { times: 100, concurrency: 10 } },
      hooks: entry.hook.map((h) => ({
        action: { [h.name]: h.args },
        trigger: { [h.trigger.name]: h.trigger.args },
      })),
    }],
  };
  assert.deepEqual(
    shape(parseTask(JSON.stringify(v2), "v2.json", { plugins: PLUGINS })),
    shape(parseTask(JSON.stringify(SPEC_EXAMPLE), "spec.json", { plugins: PLUGINS })),
  );
});

Deno.test("a workload without a runner gets the serial runner with its defaults", () => {
  const task = parseTask('{"Dummy.dummy": [{"args": {"sleep": 0}}]}', "task.json", {
    plugins: PLUGINS,
  });
  const { runner } = task.subtasks[0].workloads[0];
  assert.equal(runner.name, "serial");
  assert.deepEqual(runner.args, { times: 1 });
  const v2 = parseTask(
    '{"version": 2, "subtasks": [{"scenario": {"Dummy.dummy": {}}}]}',
    "t.json",
    { plugins: PLUGINS },
  );
  assert.equal(v2.subtasks[0].workloads[0].runner.name, "serial");
});

function problemLines(text: string, filename: string): string[] {
  return syntaxError(text, filename).problems.map((p) =>
    `${p.path}${p.line === undefined ? "" : ` (line ${p.line})`}: ${p.message}`
  );
}

Deno.test("with the built-in plugins, every class of mistake is reported with its path", () => {
  const text = [
    "version: 2",
    "subtasks:",
    "  - title: 5",
    "    scenario: {Dummy.dumy: {}}",
    "    runner: {constnat: {times: 10}}",
    "    sla: {failure_rat: {max: 0}}",
    "  - scenario: {Dummy.dummy: {sleep: -1}}",
    "    runer: {constant: {}}",
    "    runner: {constant: {times: 0}}",
    "    hooks:",
    "      - action: {sys_cal: echo}",
    "        trigger: {evnt: {unit: iteration, at: [1]}}",
    "      - action: {sys_call: 5}",
    "        trigger: {event: {unit: iteration, at: [0, 2]}}",
    "      - action: {sys_call: echo}",
    "        trigger: {periodic: {unit: itertion, step: 20}}",
  ].join("\n");
  const found = problemLines(text, "task.yaml");
  const expected: (string | RegExp)[] = [
    "subtasks[0].title (line 3): must be a string; got 5",
    /^subtasks\[0\]\.scenario \(line 4\): unknown scenario "Dummy\.dumy"; did you mean "Dummy\.dummy"\?/,
    /^subtasks\[0\]\.runner \(line 5\): unknown runner "constnat"; did you mean "constant"\? \(available: constant, constant_for_duration, rps, serial/,
    /^subtasks\[0\]\.sla \(line 6\): unknown SLA criterion "failure_rat"; did you mean "failure_rate"\?/,
    'subtasks[1].scenario["Dummy.dummy"].sleep (line 7): must be a number ≥ 0; got -1',
    'subtasks[1].runer (line 8): unknown key "runer"; did you mean "runner"?',
    "subtasks[1].runner.constant.times (line 9): must be an integer ≥ 1; got 0",
    /^subtasks\[1\]\.hooks\[0\]\.action \(line 11\): unknown hook "sys_cal"; did you mean "sys_call"\?/,
    /^subtasks\[1\]\.hooks\[0\]\.trigger \(line 12\): unknown trigger "evnt"; did you mean "event"\?/,
    "subtasks[1].hooks[1].action.sys_call (line 13): must be a string or an object; got 5",
    "subtasks[1].hooks[1].trigger.event.at[0] (line 14): must be an integer ≥ 1; got 0",
    'subtasks[1].hooks[2].trigger.periodic.unit (line 16): must be one of: iteration, time; got "itertion"; did you mean "iteration"?',
  ];
  assert.equal(found.length, expected.length, found.join("\n"));
  expected.forEach((e, i) => {
    if (typeof e === "string") assert.equal(found[i], e);
    else assert.match(found[i], e);
  });
});

Deno.test("with the built-in plugins, hook and hooks together and bad spec-form args are reported", () => {
  const [entry] = SPEC_EXAMPLE["Dummy.dummy"];
  const text = JSON.stringify(
    {
      "Dummy.dummy": [{
        ...entry,
        runner: { type: "constant", times: 10, concurency: 2 },
        hooks: [{
          ...entry.hook[2],
          trigger: { name: "periodic", args: { unit: "iteration", step: 0 } },
        }],
      }],
    },
    null,
    1,
  );
  assert.deepEqual(syntaxError(text, "task.json").problems.map((p) => `${p.path}: ${p.message}`), [
    'Dummy.dummy[0]: has both "hook" and "hooks"; they are the same key, so use only one',
    'Dummy.dummy[0].runner.concurency: unknown key "concurency"; did you mean "concurrency"?',
    "Dummy.dummy[0].hooks[0].trigger.args.step: must be an integer ≥ 1; got 0",
  ]);
});

Deno.test("without an extension, text opening with { is JSON and anything else YAML", () => {
  const error = syntaxError('{"Test.scenario": [{"runner": }]}', "task");
  assert.match(error.message, /^task:1:31: unexpected "}"; expected a value/);
  const block = "Test.scenario:\n  - {runner: {type: test_runner, times: 2}}\n";
  assert.deepEqual(
    parseTask(block, "task", { plugins: PLUGINS }).subtasks[0].workloads[0].runner.raw,
    { times: 2 },
  );
});
