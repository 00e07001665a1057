import assert from "node:assert/strict";
import { RESULTS_SCHEMA, validateResults } from "../src/report/results_schema.ts";

// deno-lint-ignore no-explicit-any
type Json = any;

function fixture(name: string): Json {
  return JSON.parse(
    Deno.readTextFileSync(new URL(`./fixtures/results/${name}.json`, import.meta.url)),
  );
}

/** The first workload of the hooks fixture, and the document holding it. */
function hooksDoc(): { doc: Json; w: Json } {
  const doc = fixture("hooks");
  return { doc, w: doc.tasks[0].subtasks[0].workloads[0] };
}

const W = "tasks[0].subtasks[0].workloads[0]";

Deno.test("the schema is a draft-07 JSON Schema", () => {
  assert.equal(RESULTS_SCHEMA.$schema, "http://json-schema.org/draft-07/schema#");
});

Deno.test("the sample documents validate", () => {
  for (const name of ["minimal", "hooks"]) {
    assert.deepEqual(validateResults(fixture(name)), [], name);
  }
});

Deno.test("a failed hook run without an error is rejected at the run's error path", () => {
  const { doc, w } = hooksDoc();
  delete w.hooks[0].results[1].error;
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[0].results[1].error: a failed run needs "error": {etype, msg, details}`,
  ]);
});

Deno.test("a successful hook run with an error is rejected", () => {
  const { doc, w } = hooksDoc();
  w.hooks[0].results[0].error = { etype: "X", msg: "m", details: "" };
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[0].results[0]: "error" must be absent unless status is "failed"`,
  ]);
});

Deno.test("a hook error needs etype, msg and details and nothing else", () => {
  const { doc, w } = hooksDoc();
  w.hooks[0].results[1].error = { etype: "X", msg: "m", stack: "" };
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[0].results[1].error.details: is required`,
    `${W}.hooks[0].results[1].error.stack: unknown key; allowed keys are etype, msg, details`,
  ]);
});

Deno.test("a hook run status other than success or failed is rejected with the allowed values", () => {
  const { doc, w } = hooksDoc();
  w.hooks[1].results[1].status = "ok";
  w.hooks[1].summary = { ok: 1, success: 1 };
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[1].results[1].status: must be one of "success", "failed"; got "ok"`,
    `${W}.hooks[1].summary.ok: summary counts only the statuses "success" and "failed"`,
  ]);
});

Deno.test("triggered_by.event_type must be iteration or time", () => {
  const { doc, w } = hooksDoc();
  w.hooks[1].results[0].triggered_by.event_type = "seconds";
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[1].results[0].triggered_by.event_type: must be one of "iteration", "time"; got "seconds"`,
  ]);
});

Deno.test("iteration trigger points are whole numbers from 1; time points may be fractional", () => {
  const { doc, w } = hooksDoc();
  w.hooks[0].results[0].triggered_by.value = 2.5;
  w.hooks[0].results[1].triggered_by.value = 0;
  w.hooks[1].results[1].triggered_by.value = 0.25;
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[0].results[0].triggered_by.value: an iteration trigger point is a whole number of completed iterations; got 2.5`,
    `${W}.hooks[0].results[1].triggered_by.value: an iteration trigger point is at least 1; got 0`,
  ]);
});

Deno.test("closed objects reject extra keys and name the allowed ones", () => {
  const { doc, w } = hooksDoc();
  w.hooks[0].results[0].duration = 1;
  w.hooks[0].results[0].triggered_by.at = 1;
  w.hooks[0].extra = true;
  w.data[0].extra = 1;
  w.data[0].atomic_actions[0].children[0].extra = 1;
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[0].extra: unknown key; allowed keys are config, results, summary, not_reached`,
    `${W}.hooks[0].results[0].duration: unknown key; allowed keys are triggered_by, started_at, finished_at, status, output, error`,
    `${W}.hooks[0].results[0].triggered_by.at: unknown key; allowed keys are event_type, value`,
    `${W}.data[0].extra: unknown key; allowed keys are timestamp, duration, idle_duration, error, output, atomic_actions`,
    `${W}.data[0].atomic_actions[0].children[0].extra: unknown key; allowed keys are name, started_at, finished_at, children, failed`,
  ]);
});

Deno.test("task, subtask and workload objects accept extra keys from later format versions", () => {
  const { doc, w } = hooksDoc();
  doc.tasks[0].env_name = "local";
  doc.tasks[0].subtasks[0].created_at = "2026-01-31T12:00:00Z";
  w.contexts_results = [];
  assert.deepEqual(validateResults(doc), []);
});

Deno.test("hook output must be {additive, complete} with Rally charts", () => {
  const { doc, w } = hooksDoc();
  w.hooks[0].results[0].output = { complete: [] };
  w.hooks[1].results[0].output.complete[0].chart_plugin = "Bars";
  w.hooks[1].results[0].output.additive[0].data = [["p50", [[0, 1]]]];
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[0].results[0].output.additive: is required`,
    `${W}.hooks[1].results[0].output.additive[0].data[0][1]: must be number; got [[0,1]]`,
    `${W}.hooks[1].results[0].output.complete[0].chart_plugin: must be one of "StackedArea", "Lines", "Pie", "Table", "TextArea", "StatsTable"; got "Bars"`,
  ]);
});

Deno.test("a hook run whose command printed Rally's StatsTable chart output is a valid result", () => {
  const { doc, w } = hooksDoc();
  // What Rally 3.3 recorded for a sys_call hook printing these charts (FINDINGS §3, case 5).
  w.hooks[0].results[0].output = {
    additive: [{
      title: "Hook additive StatsTable",
      description: "additive from hook",
      chart_plugin: "StatsTable",
      data: [["foo", 1.5], ["bar", 2]],
    }],
    complete: [{
      title: "Hook complete Lines",
      description: "complete from hook",
      chart_plugin: "Lines",
      data: [["line a", [[1, 10], [2, 20]]]],
      label: "y label",
      axis_label: "x label",
    }, {
      title: "Hook complete Table",
      chart_plugin: "Table",
      data: { cols: ["name", "value"], rows: [["a", 1], ["b", 2]] },
    }],
  };
  assert.deepEqual(validateResults(doc), []);
  w.hooks[0].results[0].output.additive[0].data = [["foo", [[0, 1]]]];
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[0].results[0].output.additive[0].data[0][1]: must be number; got [[0,1]]`,
  ]);
});

Deno.test("chart data is checked per chart plugin", () => {
  const { doc, w } = hooksDoc();
  const complete = w.hooks[1].results[0].output.complete;
  complete.push({ title: "Text", chart_plugin: "TextArea", data: ["ok", 3] });
  complete.push({ title: "Rally pie", chart_plugin: "Pie", data: [["a", 1], ["b", "x"]] });
  complete.push({ title: "Lines", chart_plugin: "Lines", data: [["a", [[0, 1, 2]]]] });
  complete.push({ title: "Table", chart_plugin: "Table", data: { cols: ["a"] } });
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[1].results[0].output.complete[3].data[1]: TextArea data must be a list of strings; got 3`,
    `${W}.hooks[1].results[0].output.complete[4].data[1][1]: must be a number or [[x, y], ...] points; got "x"`,
    `${W}.hooks[1].results[0].output.complete[5].data[0][1][0]: each point must be [x, y]; got [0,1,2]`,
    `${W}.hooks[1].results[0].output.complete[6].data.rows: is required`,
  ]);
});

Deno.test("an iteration error is [] or [etype, msg, details]", () => {
  const { doc, w } = hooksDoc();
  w.data[0].error = ["ValueError"];
  w.data[2].error = [1, 2, 3];
  assert.deepEqual(validateResults(doc), [
    `${W}.data[0].error: must be [] for a successful iteration or [etype, msg, details] for a failed one`,
    `${W}.data[2].error[0]: must be string; got 1`,
    `${W}.data[2].error[1]: must be string; got 2`,
    `${W}.data[2].error[2]: must be string; got 3`,
  ]);
});

Deno.test("nested atomic actions are checked at every depth", () => {
  const { doc, w } = hooksDoc();
  const bar = w.data[1].atomic_actions[0].children[0];
  bar.children.push({ name: "baz", started_at: 1, finished_at: "2", failed: false });
  assert.deepEqual(validateResults(doc), [
    `${W}.data[1].atomic_actions[0].children[0].children[0].children: is required`,
    `${W}.data[1].atomic_actions[0].children[0].children[0].finished_at: must be number; got "2"`,
    `${W}.data[1].atomic_actions[0].children[0].children[0].failed: is true when the action threw, else absent; got false`,
  ]);
});

Deno.test("raw iterations need every field", () => {
  const { doc, w } = hooksDoc();
  delete w.data[0].idle_duration;
  w.data[0].duration = -1;
  assert.deepEqual(validateResults(doc), [
    `${W}.data[0].idle_duration: is required`,
    `${W}.data[0].duration: must be >= 0; got -1`,
  ]);
});

Deno.test("a hook summary must count the runs per status", () => {
  const { doc, w } = hooksDoc();
  w.hooks[0].summary = { success: 2 };
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[0].summary: says 2 "success" run(s) but results hold 1`,
    `${W}.hooks[0].summary: says 0 "failed" run(s) but results hold 1`,
  ]);
});

Deno.test("a zero count in a hook summary is rejected: only statuses that occurred are listed", () => {
  const { doc, w } = hooksDoc();
  w.hooks[1].summary = { success: 2, failed: 0 };
  assert.deepEqual(validateResults(doc), [
    `${W}.hooks[1].summary.failed: must be >= 1; got 0`,
  ]);
});

Deno.test("workload and task fields are typed, with paths for odd keys", () => {
  const { doc, w } = hooksDoc();
  doc.tasks[0].status = "done";
  w.statistics.durations.total.data["90%ile"] = "0.2";
  w.start_time = "now";
  assert.deepEqual(validateResults(doc), [
    `tasks[0].status: must be one of "running", "finished", "aborted", "crashed"; got "done"`,
    `${W}.start_time: must be number or null; got "now"`,
    `${W}.statistics.durations.total.data["90%ile"]: must be number or null; got "0.2"`,
  ]);
});

Deno.test("a value that is not a document is reported at the root", () => {
  assert.deepEqual(validateResults(null), ["(document): must be object; got null"]);
  assert.deepEqual(
    validateResults({
      info: { brunt_version: "1", generated_at: "yesterday", format_version: "2.0" },
      tasks: [],
    }),
    [
      `info.generated_at: must be an ISO 8601 time like "2026-01-31T12:00:00.000Z"; got "yesterday"`,
      `info.format_version: this reader understands format 1.x; got "2.0"`,
    ],
  );
});
