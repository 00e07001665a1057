import assert from "node:assert/strict";
import { join } from "node:path";
import "../src/builtin/builtin_plugins.ts";
import { loadTaskFile, renderTaskText } from "../src/task/load.ts";
import { TaskFileError } from "../src/task/task_file_error.ts";
import { hasTemplateSyntax } from "../src/task/template_syntax.ts";
import { loadTaskArgs, parseTaskArgs } from "../src/task/task_args.ts";
import { renderTemplate } from "../src/task/template.ts";

const TEMPLATE = `{
  "Dummy.dummy": [{
    "args": {"sleep": {{ sleep | default(0) }}},
    "runner": {"type": "constant", "times": {{ times }}, "concurrency": {{ concurrency | default(2) }}}
  }]
}`;

async function templateError(promise: Promise<unknown>): Promise<TaskFileError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof TaskFileError, `expected a TaskFileError, got ${e}`);
    return e;
  }
  assert.fail("expected a TaskFileError");
}

Deno.test("args fill the template's variables and defaults fill the rest", async () => {
  const text = await renderTemplate(TEMPLATE, { times: 7, sleep: 0.5 }, "task.json");
  const data = JSON.parse(text);
  assert.deepEqual(data["Dummy.dummy"][0].args, { sleep: 0.5 });
  assert.deepEqual(data["Dummy.dummy"][0].runner, { type: "constant", times: 7, concurrency: 2 });
});

Deno.test("Jinja2 control structures render: set, for with loop, if, items(), tojson", async () => {
  const text = await renderTemplate(
    `{% set n = n or 2 %}{% for i in range(n) %}{{ i }}{% if not loop.last %},{% endif %}{% endfor %}` +
      `|{% for k, v in env.items() %}{{ k }}={{ v }};{% endfor %}|{{ list | tojson }}|{{ flag == True }}`,
    { env: { A: 1, B: "x" }, list: [1, "two"], flag: true },
    "t.json",
  );
  assert.equal(text, `0,1|A=1;B=x;|[1,"two"]|true`);
});

Deno.test("rendered values are not HTML-escaped", async () => {
  assert.equal(await renderTemplate(`{{ cmd }}`, { cmd: `echo "<a> & 'b'"` }), `echo "<a> & 'b'"`);
});

Deno.test("a variable with no value and no default is an error at its first use, each listed", async () => {
  const e = await templateError(
    renderTemplate(TEMPLATE + "\n{{ other }} {{ times }}", {}, "task.json"),
  );
  assert.equal(e.filename, "task.json");
  assert.deepEqual(
    e.problems.map((p) => [p.line, p.column, /"(\w+)"/.exec(p.message)?.[1]]),
    [[4, 48, "times"], [7, 4, "other"]],
  );
  assert.match(e.message, /template variable "times" has no value: give it in the task args/);
  assert.match(e.message, /\{\{ times \| default\(…\) \}\}/);
});

Deno.test("variables set in the template, loop variables, macro parameters and guarded reads need no args", async () => {
  const text = await renderTemplate(
    `{% set a = 1 %}{% macro m(p, q=a) %}{{ p }}{{ q }}{% endmacro %}{{ m(2) }}` +
      `{% for x in [3] %}{{ x }}{% endfor %}{{ b.c | d(4) }}{{ "y" if z is defined else "n" }}`,
    {},
  );
  assert.equal(text, "2134n");
});

Deno.test("a template syntax error names the file, line and column with the line shown", async () => {
  const e = await templateError(
    renderTemplate(`{\n  "a": {{ times | default(1) }},\n  "b": {{ foo( }}\n}`, {}, "t.json"),
  );
  assert.deepEqual([e.problems[0].line, e.problems[0].column], [3, 16]);
  assert.equal(
    e.message,
    't.json:3:16: template error: unexpected token: }}\n    "b": {{ foo( }}\n                 ^',
  );
});

Deno.test("a template error in a long line shows 80 characters around the column, as a syntax error does", async () => {
  const line = `${"x".repeat(100)} {{ times }} ${"y".repeat(100)}`;
  const e = await templateError(renderTemplate(line, {}, "t.yaml"));
  const [shown, caret] = e.problems[0].excerpt!.split("\n");
  assert.equal(shown, `…${line.slice(64, 144)}…`);
  assert.equal(shown[caret.length - 1], "t", "the caret is under the variable");
});

Deno.test("an error raised while rendering names the template line and column", async () => {
  const e = await templateError(renderTemplate(`line 1\n\n  {{ f() }}`, { f: 1 }, "t.yaml"));
  assert.equal(e.problems[0].line, 3);
  assert.equal(e.problems[0].column, 7);
  assert.match(e.message, /^t\.yaml:3:7: template error: Unable to call `f`/);
});

Deno.test("includes are read from the given folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "runner.json"), `{"type": "serial", "times": {{ times }}}`);
    await Deno.writeTextFile(join(dir, "broken.json"), `{{ oops( }}`);
    const text = await renderTemplate(
      `{"runner": {% include "runner.json" %}}`,
      { times: 3 },
      "t.json",
      {
        includeDir: dir,
      },
    );
    assert.equal(text, `{"runner": {"type": "serial", "times": 3}}`);
    const e = await templateError(
      renderTemplate(`{% include "broken.json" %}`, {}, "t.json", { includeDir: dir }),
    );
    assert.match(
      e.message,
      /template error: unexpected token: }} \(in .*broken\.json \[Line 1, Column 10\]\)/,
    );
    assert.equal(
      e.problems[0].line,
      undefined,
      "a line of another file is not given as the task file's",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("template syntax is recognized by {{, {% and {#, not by JSON braces", () => {
  assert.equal(hasTemplateSyntax(`{"a": {"b": 1}}`), false);
  assert.equal(hasTemplateSyntax(`{"a": {{ a }}}`), true);
  assert.equal(hasTemplateSyntax(`{% set a = 1 %}`), true);
  assert.equal(hasTemplateSyntax(`{# note #}`), true);
});

Deno.test("text without template syntax and without args is used as written", async () => {
  const text = `{"cmd": "echo {not a template}"}`;
  assert.equal(await renderTaskText(text, "t.json"), text);
  assert.equal(await renderTaskText(`{"a": {{ a | default(1) }}}`, "t.json"), `{"a": 1}`);
});

Deno.test("task args are a JSON or YAML object; anything else is refused", () => {
  assert.deepEqual(parseTaskArgs(`{"times": 5, "name": "x"}`, "--task-args"), {
    times: 5,
    name: "x",
  });
  assert.deepEqual(parseTaskArgs(`times: 5\nlist: [1, 2]\n`, "args.yaml"), {
    times: 5,
    list: [1, 2],
  });
  assert.throws(
    () => parseTaskArgs(`[1, 2]`, "--task-args"),
    (e: Error) =>
      e instanceof TaskFileError && e.message ===
        `--task-args: task args must be an object of variable names and values (like {"times": 10}); got a list`,
  );
  assert.throws(() => parseTaskArgs(`5`, "--task-args"), /got number/);
  assert.throws(() => parseTaskArgs(``, "--task-args"), /got nothing/);
  assert.throws(
    () => parseTaskArgs(`{"times": 5,,}`, "--task-args"),
    (e: Error) =>
      e instanceof TaskFileError && e.problems[0].line === 1 &&
      /not valid JSON or YAML/.test(e.message),
  );
});

Deno.test("inline task args override the args file's values", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "args.yaml");
    await Deno.writeTextFile(file, "times: 5\nsleep: 1\n");
    assert.deepEqual(await loadTaskArgs({ argsFile: file, args: `{"times": 9}` }), {
      times: 9,
      sleep: 1,
    });
    assert.equal(await loadTaskArgs({}), undefined);
    await assert.rejects(
      loadTaskArgs({ argsFile: join(dir, "missing.yaml") }),
      /missing\.yaml: cannot read the task args file: no such file/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("loadTaskFile renders with args; the rendered task is the recorded input", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "task.json");
    await Deno.writeTextFile(file, TEMPLATE);
    const spec = await loadTaskFile(file, { args: { times: 4 } });
    const workload = spec.subtasks[0].workloads[0];
    assert.deepEqual(workload.runner.args, { times: 4, concurrency: 2, timeout: 600 });
    assert.deepEqual(
      (spec.input as Record<string, { runner: unknown }[]>)["Dummy.dummy"][0].runner,
      {
        type: "constant",
        times: 4,
        concurrency: 2,
      },
    );
    const missing = await templateError(loadTaskFile(file));
    assert.equal(missing.filename, file);
    assert.match(missing.message, /:4:48: template variable "times" has no value/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a problem in the rendered task names the file as rendered", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "task.json");
    await Deno.writeTextFile(file, TEMPLATE);
    const e = await templateError(loadTaskFile(file, { args: { times: -1 } }));
    assert.equal(e.filename, `${file} (rendered)`);
    assert.match(e.message, /times/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// What Rally 3.3 renders (research/rally FINDINGS, section 7), as expected values.

Deno.test("Rally's globals min, max, ceil, round, Python's % and range render what Rally renders", async () => {
  const text = await renderTemplate(
    `{% set n = 7 %}globals min={{ min(3, 5) }} max={{ max(3, 5) }} ceil={{ ceil(2.1) }} ` +
      `round25={{ round(2.5) }} round35={{ round(3.5) }} round26={{ round(2.6) }} ` +
      `pct={{ "%d" % n }} pctf={{ "%05.2f" % 3.14159 }} range={{ range(3) | list }} ` +
      `times={{ times }} conc={{ concurrency }}`,
    { times: 3, concurrency: 2 },
    "globals.yaml",
  );
  assert.equal(
    text,
    "globals min=3 max=5 ceil=3 round25=2 round35=4 round26=3 pct=7 pctf=03.14 " +
      "range=[0, 1, 2] times=3 conc=2",
  );
});

Deno.test("Jinja2's formatting, tuples, dict, namespace and filters give Rally's values", async () => {
  const cases: [string, string][] = [
    [`{{ "%d" % 2.7 }}`, "2"],
    [`{{ "%s-%s" % (1, 2) }}`, "1-2"],
    [`{{ "%.1f" % 2 }}`, "2.0"],
    [`{{ namespace(a=1).a }}`, "1"],
    [`{{ dict(a=1).a }}`, "1"],
    [`{{ "3" | int }}`, "3"],
    [`{{ 2.567 | round(1) }}`, "2.6"],
    [`{{ 2.5 | round }} {{ 3.5 | round }} {{ 2.675 | round(2) }}`, "2 4 2.67"],
    [`{{ -7 % 3 }}`, "2"],
    [`{{ "%(a)s=%(b)03d" % {"a": "x", "b": 7} }}`, "x=007"],
  ];
  const rendered = await renderTemplate(cases.map(([t]) => t).join("|"), {}, "u.yaml");
  assert.deepEqual(rendered.split("|"), cases.map(([, want]) => want));
  const error = await templateError(renderTemplate(`{{ "%d" % "x" }}`, {}, "u.yaml"));
  assert.match(error.message, /template error: %d format: a real number is required, not str/);
});
