import assert from "node:assert/strict";
import { STAND_INS } from "./fixtures/tasks/stand_in_plugins.ts";
import { closestName, editDistance } from "../src/task/did_you_mean.ts";
import { parseTask } from "../src/task/load.ts";
import { TaskFileError, type TaskFileProblem } from "../src/task/task_file_error.ts";
import { formatPath } from "../src/task/task_path.ts";

function failure(text: string, filename = "task.json", plugins = STAND_INS): TaskFileError {
  try {
    parseTask(text, filename, { plugins });
  } catch (e) {
    if (e instanceof TaskFileError) return e;
    throw e;
  }
  assert.fail("expected a TaskFileError");
}

/** The problems as "path (line N): message" strings. */
function problems(text: string, plugins = STAND_INS): string[] {
  return failure(text, "task.json", plugins).problems.map(show);
}

function show(p: TaskFileProblem): string {
  return `${p.path}${p.line === undefined ? "" : ` (line ${p.line})`}: ${p.message}`;
}

/** A v2 task with one subtask built from `subtask`, pretty-printed so lines are distinct. */
function v2(subtask: Record<string, unknown>): string {
  return JSON.stringify({ version: 2, subtasks: [subtask] }, null, 2);
}

const SCENARIO = { "Test.scenario": {} };
const RUNNER = { test_runner: { times: 2 } };

Deno.test("edit distance counts insertions, deletions, substitutions and swaps as one", () => {
  assert.equal(editDistance("runer", "runner"), 1);
  assert.equal(editDistance("constnat", "constant"), 1);
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("", "abc"), 3);
});

Deno.test("did-you-mean ignores case and rejects names that are not near", () => {
  assert.equal(closestName("dummy.DUMMY", ["Dummy.dummy", "Dummy.failure"]), "Dummy.dummy");
  assert.equal(closestName("itertion", ["iteration", "time"]), "iteration");
  assert.equal(closestName("foo", ["iteration", "time"]), undefined);
});

Deno.test("paths read like the file: dotted top keys bare, dotted inner keys quoted", () => {
  assert.equal(
    formatPath(["subtasks", 0, "runner", "constant", "times"]),
    "subtasks[0].runner.constant.times",
  );
  assert.equal(
    formatPath(["Dummy.dummy", 0, "hooks", 2, "trigger", "args", "step"]),
    "Dummy.dummy[0].hooks[2].trigger.args.step",
  );
  assert.equal(
    formatPath(["subtasks", 1, "scenario", "Dummy.dummy", "sleep"]),
    'subtasks[1].scenario["Dummy.dummy"].sleep',
  );
  assert.equal(formatPath(["my scenario", 0]), '["my scenario"][0]');
});

Deno.test("every problem is reported at once, in file order, with its path and line", () => {
  const text = v2({
    scenario: { "Test.scenario": { sleep: -1 } },
    runner: { test_runner: { times: 0 } },
    hooks: [{ action: { test_hook: "x" }, trigger: { test_trigger: { unit: "time", at: [] } } }],
  });
  const error = failure(text);
  assert.deepEqual(error.problems.map(show), [
    'subtasks[0].scenario["Test.scenario"].sleep (line 7): must be a number ≥ 0; got -1',
    "subtasks[0].runner.test_runner.times (line 12): must be an integer ≥ 1; got 0",
    "subtasks[0].hooks[0].trigger.test_trigger.at (line 23): must not be empty",
  ]);
  assert.equal(
    error.message,
    "task.json: 3 problems:\n" +
      '  subtasks[0].scenario["Test.scenario"].sleep (line 7): must be a number ≥ 0; got -1\n' +
      "  subtasks[0].runner.test_runner.times (line 12): must be an integer ≥ 1; got 0\n" +
      "  subtasks[0].hooks[0].trigger.test_trigger.at (line 23): must not be empty",
  );
});

Deno.test("unknown keys get a did-you-mean, or the allowed keys", () => {
  assert.deepEqual(problems(v2({ scenario: SCENARIO, runner: RUNNER, runer: RUNNER })), [
    'subtasks[0].runer (line 13): unknown key "runer"; did you mean "runner"?',
  ]);
  assert.deepEqual(problems('{"Test.scenario": [{"runner": {"type": "test_runner"}, "xyz": 1}]}'), [
    'Test.scenario[0].xyz (line 1): unknown key "xyz"; allowed keys: args, runner, hook, hooks, sla, context, description, resilience',
  ]);
  assert.deepEqual(
    problems('{"Test.scenario": [{"runner": {"type": "test_runner", "concurency": 2}}]}'),
    [
      'Test.scenario[0].runner.concurency (line 1): unknown key "concurency"; did you mean "concurrency"?',
    ],
  );
});

Deno.test("an unknown key in YAML points at the key's own line", () => {
  const yaml =
    "version: 2\nsubtasks:\n  - scenario: {Test.scenario: {}}\n    runer:\n      test_runner: {}\n    runner: {test_runner: {}}\n";
  assert.deepEqual(failure(yaml, "task.yaml").problems.map(show), [
    'subtasks[0].runer (line 4): unknown key "runer"; did you mean "runner"?',
  ]);
});

Deno.test("wrong types and missing keys say what was found and what is allowed", () => {
  const text = JSON.stringify({
    version: 2,
    title: 5,
    subtasks: [
      { scenario: SCENARIO, runner: RUNNER, hooks: {} },
      { scenario: SCENARIO, runner: RUNNER, hooks: [{ action: { test_hook: "x" } }] },
      { workloads: [{ runner: RUNNER }], run_in_parallel: "yes" },
      "nope",
    ],
  });
  assert.deepEqual(problems(text), [
    "title (line 1): must be a string; got 5",
    "subtasks[0].hooks (line 1): must be an array; got an object",
    'subtasks[1].hooks[0] (line 1): missing required key "trigger"',
    'subtasks[2].workloads[0] (line 1): missing required key "scenario"',
    'subtasks[2].run_in_parallel (line 1): must be true or false; got "yes"',
    'subtasks[3] (line 1): must be an object; got "nope"',
  ]);
});

Deno.test("a {name: args} object must name exactly one plugin", () => {
  assert.deepEqual(
    problems(v2({ scenario: { "Test.scenario": {}, "Test.other": {} }, runner: {} })),
    [
      'subtasks[0].scenario (line 5): must name exactly one scenario, like {"Dummy.dummy":{"sleep":0.1}}; got 2: "Test.scenario", "Test.other"',
      'subtasks[0].runner (line 9): must name exactly one runner, like {"constant":{"times":10,"concurrency":2}}; got none',
    ],
  );
});

Deno.test("unknown scenario, runner, hook, trigger and SLA names get a did-you-mean and the list", () => {
  const text = v2({
    workloads: [{
      scenario: { "Test.scenaro": {} },
      runner: { test_runer: {} },
      hooks: [{ action: { test_hok: "x" }, trigger: { test_triger: { unit: "time", at: [1] } } }],
      sla: { test_failure_rat: {} },
    }],
  });
  const found = problems(text);
  assert.deepEqual(found.slice(0, 4), [
    'subtasks[0].workloads[0].scenario (line 8): unknown scenario "Test.scenaro"; did you mean "Test.scenario"? (available: Test.other, Test.scenario)',
    'subtasks[0].workloads[0].runner (line 11): unknown runner "test_runer"; did you mean "test_runner"? (available: test_runner)',
    'subtasks[0].workloads[0].hooks[0].action (line 16): unknown hook "test_hok"; did you mean "test_hook"? (available: test_hook)',
    'subtasks[0].workloads[0].hooks[0].trigger (line 19): unknown trigger "test_triger"; did you mean "test_trigger"? (available: test_periodic, test_trigger)',
  ]);
  assert.match(
    found[4],
    /^subtasks\[0\]\.workloads\[0\]\.sla \(line 29\): unknown SLA criterion "test_failure_rat"; did you mean "test_failure_rate"\? \(available: .*test_failure_rate/,
  );
  assert.equal(found.length, 5);
});

Deno.test("unknown names in the spec's form point at the scenario key and the name fields", () => {
  const text = [
    "{",
    '  "Test.scenaro": [{"runner": {"type": "test_runner"}}],',
    '  "Test.scenario": [{',
    '    "runner": {"type": "tset_runner"},',
    '    "hook": [{"name": "test_hok", "args": "x",',
    '              "trigger": {"name": "test_triger", "args": {}}}]',
    "  }]",
    "}",
  ].join("\n");
  const found = problems(text);
  assert.match(
    found[0],
    /^Test\.scenaro \(line 2\): unknown scenario "Test\.scenaro"; did you mean "Test\.scenario"\?/,
  );
  assert.match(
    found[1],
    /^Test\.scenario\[0\]\.runner\.type \(line 4\): unknown runner "tset_runner"; did you mean "test_runner"\?/,
  );
  assert.match(
    found[2],
    /^Test\.scenario\[0\]\.hook\[0\]\.name \(line 5\): unknown hook "test_hok"/,
  );
  assert.match(
    found[3],
    /^Test\.scenario\[0\]\.hook\[0\]\.trigger\.name \(line 6\): unknown trigger "test_triger"/,
  );
  assert.equal(found.length, 4);
});

Deno.test("plugin args are checked against the plugin's schema, with enum suggestions", () => {
  const text = JSON.stringify(
    {
      "Test.scenario": [{
        args: { sleep: "x" },
        runner: { type: "test_runner", times: 1.5 },
        hooks: [
          {
            name: "test_hook",
            args: 5,
            trigger: { name: "test_trigger", args: { unit: "itertion", at: [1, 1] } },
          },
          {
            name: "test_hook",
            args: { cmd: "x", timeout: 0 },
            trigger: { name: "test_periodic", args: { unit: "time", step: 0 } },
          },
        ],
        sla: { test_failure_rate: { max: 101 } },
      }],
    },
    null,
    1,
  );
  assert.deepEqual(failure(text).problems.map((p) => `${p.path}: ${p.message}`), [
    'Test.scenario[0].args.sleep: must be a number ≥ 0; got "x"',
    "Test.scenario[0].runner.times: must be an integer ≥ 1; got 1.5",
    "Test.scenario[0].hooks[0].args: must be a string or an object; got 5",
    'Test.scenario[0].hooks[0].trigger.args.unit: must be one of: iteration, time; got "itertion"; did you mean "iteration"?',
    "Test.scenario[0].hooks[0].trigger.args.at: must not repeat values; 1 appears twice (items 0 and 1)",
    "Test.scenario[0].hooks[1].args.timeout: must be a number > 0; got 0",
    "Test.scenario[0].hooks[1].trigger.args.step: must be an integer ≥ 1; got 0",
    "Test.scenario[0].sla.test_failure_rate.max: must be a number ≤ 100; got 101",
  ]);
});

Deno.test("a oneOf value of the right shape gets the errors of that shape", () => {
  const text = '{"Test.scenario": [{"runner": {"type": "test_runner"}, "hook": [' +
    '{"name": "test_hook", "args": {"command": "x"}, "trigger": {"name": "test_trigger", "args": {"unit": "time", "at": [1]}}}]}]}';
  assert.deepEqual(failure(text).problems.map((p) => `${p.path}: ${p.message}`), [
    'Test.scenario[0].hook[0].args: missing required key "cmd"',
    'Test.scenario[0].hook[0].args.command: unknown key "command"; allowed keys: cmd, timeout',
  ]);
});

Deno.test("hook and hooks at once is an error", () => {
  const hook = {
    name: "test_hook",
    args: "x",
    trigger: { name: "test_trigger", args: { unit: "time", at: [1] } },
  };
  const text = JSON.stringify({
    "Test.scenario": [{ runner: { type: "test_runner" }, hook: [hook], hooks: [hook] }],
  });
  assert.deepEqual(problems(text), [
    'Test.scenario[0] (line 1): has both "hook" and "hooks"; they are the same key, so use only one',
  ]);
});

Deno.test("a v2 subtask needs exactly one of scenario and workloads", () => {
  const text = JSON.stringify(
    {
      version: 2,
      subtasks: [{ title: "none" }, { scenario: SCENARIO, workloads: [{ scenario: SCENARIO }] }],
    },
    null,
    1,
  );
  assert.deepEqual(failure(text).problems.map((p) => `${p.path}: ${p.message}`), [
    'subtasks[0]: missing "scenario" (one workload) or "workloads" (a list of workloads)',
    'subtasks[1]: has both "scenario" and "workloads"; use "scenario" for one workload or "workloads" for a list of them',
  ]);
});

Deno.test("the v2 version must be 2 and is required with subtasks", () => {
  assert.match(
    problems(
      '{"version": 1, "subtasks": [{"scenario": {"Test.scenario": {}}, "runner": {"test_runner": {}}}]}',
    )[0],
    /^version \(line 1\): unsupported task format version 1/,
  );
  assert.match(
    failure('{"subtasks": [{"scenario": {"Test.scenario": {}}, "runner": {"test_runner": {}}}]}')
      .message,
    /needs "version": 2/,
  );
});

Deno.test("contexts must be an object but their names are not checked", () => {
  const ok = parseTask(
    v2({ scenario: SCENARIO, runner: RUNNER, contexts: { anything: { x: 1 } } }),
    "t.json",
    { plugins: STAND_INS },
  );
  assert.deepEqual(ok.subtasks[0].workloads[0].contexts, { anything: { x: 1 } });
  assert.deepEqual(problems(v2({ scenario: SCENARIO, runner: RUNNER, contexts: [] })), [
    "subtasks[0].contexts (line 13): must be an object; got an empty array",
  ]);
  assert.deepEqual(
    problems('{"Test.scenario": [{"runner": {"type": "test_runner"}, "context": 3}]}'),
    [
      "Test.scenario[0].context (line 1): must be an object; got 3",
    ],
  );
});

Deno.test("the spec's form needs a list of workloads under each scenario name", () => {
  assert.deepEqual(problems('{"Test.scenario": {"runner": {"type": "test_runner"}}}'), [
    'Test.scenario (line 1): must be an array; got an object (a list of workloads, like [{"args": {}, "runner": {"type": "serial"}}])',
  ]);
  assert.match(failure("{}").message, /task\.json: the task has no workloads/);
});

Deno.test("a plugin with a broken schema is reported, not thrown", () => {
  const plugins = STAND_INS.with([{
    kind: "sla",
    name: "test_broken",
    description: "",
    impl: null,
    schema: { type: "nonsense" },
  }]);
  const text = v2({ scenario: SCENARIO, runner: RUNNER, sla: { test_broken: 1 } });
  const found = problems(text, plugins);
  assert.equal(found.length, 1);
  assert.match(
    found[0],
    /^subtasks\[0\]\.sla\.test_broken \(line 14\): cannot check these args: the SLA criterion plugin "test_broken" has an invalid JSON Schema/,
  );
});
