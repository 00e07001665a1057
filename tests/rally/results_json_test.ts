/**
 * Results JSON both ways. brunt's documents write times and durations as
 * floats, as Rally does; `--json-format rally` writes what Rally 3.3's
 * `rally task import` takes as it is (its rules, from running the importer:
 * closed objects at every level, floats for raw times, hook configs in its
 * stored form, hook errors as three strings); and brunt reads Rally's own
 * JSON reports (tests/fixtures/rally/q6_report.json with its bare
 * `Infinity`, q3_report.json with failed hooks) and the documents Rally's
 * importer accepted (tests/fixtures/rally/import/).
 */
import assert from "node:assert/strict";
import { parseTask } from "../../src/task/load.ts";
import { Hook, registerHook } from "../../src/plugins/hook.ts";
import { runSimulated } from "../../src/testing/run_simulated.ts";
import { readResultsJson, writeResultsJson } from "../../src/report/json_writer.ts";
import type { ResultsDocument } from "../../src/model/results_document.ts";
import type { MemoryStore } from "../../src/store/memory_store.ts";

const FIXTURES = new URL("../fixtures/rally/", import.meta.url);

// Keys Rally 3.3's task results schema allows at each level (TASK_SCHEMA, closed objects).
const TASK_KEYS = [
  "uuid",
  "title",
  "description",
  "version",
  "status",
  "tags",
  "env_name",
  "env_uuid",
  "created_at",
  "updated_at",
  "pass_sla",
  "subtasks",
];
const SUBTASK_KEYS = [
  "uuid",
  "task_uuid",
  "title",
  "description",
  "status",
  "pass_sla",
  "run_in_parallel",
  "created_at",
  "updated_at",
  "sla",
  "workloads",
];
const WORKLOAD_KEYS = [
  "uuid",
  "task_uuid",
  "subtask_uuid",
  "description",
  "scenario",
  "args",
  "runner",
  "runner_type",
  "hooks",
  "min_duration",
  "max_duration",
  "start_time",
  "load_duration",
  "full_duration",
  "statistics",
  "data",
  "failed_iteration_count",
  "total_iteration_count",
  "created_at",
  "updated_at",
  "contexts",
  "contexts_results",
  "position",
  "pass_sla",
  "sla_results",
  "sla",
];
// Required by the schema, and (description, hooks, start_time) read by the importer.
const WORKLOAD_REQUIRED = [
  "pass_sla",
  "sla_results",
  "sla",
  "statistics",
  "contexts",
  "data",
  "runner",
  "scenario",
  "full_duration",
  "load_duration",
  "total_iteration_count",
  "failed_iteration_count",
  "position",
  "description",
  "hooks",
  "start_time",
];
const HOOK_RUN_KEYS = ["started_at", "finished_at", "triggered_by", "status", "error", "output"];
const CHART_KEYS = ["title", "description", "chart_plugin", "data", "label", "axis_label"];

// A hook that fails as a failing sys_call does in Rally, without a real process.
class FailLikeFalse extends Hook<{ ok?: boolean }> {
  static override schema = {
    type: "object",
    properties: { ok: { type: "boolean" } },
    additionalProperties: false,
  };
  static override description = "Fails like /bin/false, or succeeds with ok.";
  override run(): Promise<void> {
    if (!this.config.ok) this.setError("n/a", "Subprocess returned 1", "stdout: ");
    return Promise.resolve();
  }
}
registerHook("RallyJsonTest.fail", FailLikeFalse);

const TASK = {
  version: 2,
  title: "to rally",
  subtasks: [
    {
      title: "hooks",
      scenario: { "Dummy.dummy": { sleep: 0 } },
      runner: { constant: { times: 20, concurrency: 2 } },
      hooks: [
        {
          description: "fails",
          action: { "RallyJsonTest.fail": {} },
          trigger: { event: { unit: "iteration", at: [5] } },
        },
        {
          action: { sys_call: "/bin/true" },
          trigger: { periodic: { unit: "iteration", step: 10 } },
        },
      ],
    },
    {
      title: "outputs and atomics",
      workloads: [
        { scenario: { "Dummy.dummy_output": {} }, runner: { serial: { times: 3 } }, sla: {} },
        {
          scenario: { "Dummy.dummy_random_fail_in_atomic": { exception_probability: 0.5 } },
          runner: { constant: { times: 10 } },
        },
      ],
    },
  ],
};

async function runAndWrite(format: "brunt" | "rally") {
  const { document, store } = await runSimulated(parseTask(JSON.stringify(TASK), "t.json"), {
    seed: 5,
  });
  const dir = Deno.makeTempDirSync({ prefix: "brunt_rally_json_" });
  const path = `${dir}/results.json`;
  await writeResultsJson(path, document, (w) => (store as MemoryStore).iterations(w.uuid), format);
  const text = Deno.readTextFileSync(path);
  return {
    document,
    text,
    path,
    [Symbol.dispose]: () => Deno.removeSync(dir, { recursive: true }),
  };
}

// Every raw time written without a fraction or exponent: Rally's importer refuses them.
function integerTimes(text: string): string[] {
  const re = /"(duration|timestamp|idle_duration|started_at|finished_at)":\s*-?\d+(?=[,}\s\]])/g;
  return [...text.matchAll(re)].map((m) => m[0]);
}

function assertKeys(value: object, allowed: string[], where: string): void {
  const extra = Object.keys(value).filter((k) => !allowed.includes(k));
  assert.deepEqual(extra, [], `${where} has keys Rally refuses`);
}

Deno.test("brunt's results JSON writes times and durations as floats, 0 as 0.0", async () => {
  using run = await runAndWrite("brunt");
  assert.deepEqual(integerTimes(run.text), []);
  assert.match(run.text, /"idle_duration":0\.0,/);
  assert.match(run.text, /"timestamp":1700000000\.0,/);
  assert.match(run.text, /"load_duration": 0\.0,/);
  // ...and reads back as the same document.
  const back = await readResultsJson(run.path);
  assert.equal(back.tasks[0].uuid, run.document.tasks[0].uuid);
  assert.equal(back.tasks[0].subtasks[0].workloads[0].data?.length, 20);
});

Deno.test("--json-format rally writes the document Rally's importer takes: its keys, floats, hook form", async () => {
  using run = await runAndWrite("rally");
  assert.deepEqual(integerTimes(run.text), []);
  const doc = JSON.parse(run.text);
  assert.equal(doc.info.format_version, "1.2");
  for (const [t, task] of doc.tasks.entries()) {
    assertKeys(task, TASK_KEYS, `tasks[${t}]`);
    assert.match(task.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
    for (const [s, subtask] of task.subtasks.entries()) {
      assertKeys(subtask, SUBTASK_KEYS, `subtasks[${s}]`);
      for (const [i, w] of subtask.workloads.entries()) {
        const where = `subtasks[${s}].workloads[${i}]`;
        assertKeys(w, WORKLOAD_KEYS, where);
        for (const key of WORKLOAD_REQUIRED) assert.ok(key in w, `${where} needs ${key}`);
        for (const r of w.sla_results.sla) {
          assert.deepEqual(Object.keys(r), ["criterion", "success", "detail"]);
        }
        for (const hook of w.hooks) {
          assert.deepEqual(Object.keys(hook), ["config", "results", "summary"]);
          assert.ok(Array.isArray(hook.config.action) && hook.config.action.length === 2);
          assert.ok(Array.isArray(hook.config.trigger) && hook.config.trigger.length === 2);
          assert.equal(typeof hook.config.description, "string");
          for (const r of hook.results) {
            assertKeys(r, HOOK_RUN_KEYS, `${where} hook run`);
            if (r.error) {
              assert.ok(
                r.error.length === 3 && r.error.every((e: unknown) => typeof e === "string"),
              );
            }
          }
        }
        for (const it of w.data) {
          for (const chart of [...it.output.additive, ...it.output.complete]) {
            assertKeys(chart, CHART_KEYS, `${where} chart`);
          }
        }
      }
    }
  }
  const [hooks] = doc.tasks[0].subtasks[0].workloads;
  assert.deepEqual(hooks.hooks[0].config, {
    description: "fails",
    action: ["RallyJsonTest.fail", {}],
    trigger: ["event", { unit: "iteration", at: [5] }],
  });
  assert.deepEqual(hooks.hooks[0].results[0].error, ["n/a", "Subprocess returned 1", "stdout: "]);
  assert.deepEqual(hooks.sla, { failure_rate: { max: 0 } });
});

Deno.test("a Rally-form document brunt wrote reads back in brunt with the same verdicts and runs", async () => {
  using run = await runAndWrite("rally");
  const back = await readResultsJson(run.path);
  const summary = (doc: ResultsDocument) =>
    doc.tasks[0].subtasks.flatMap((s) =>
      s.workloads.map((w) => [w.pass_sla, w.total_iteration_count, w.hooks.map((h) => h.summary)])
    );
  assert.deepEqual(summary(back), summary(run.document));
});

Deno.test("Rally's own JSON report reads as a brunt document: Infinity, v2 hooks, statistics from its data", async () => {
  const doc = await readResultsJson(new URL("q6_report.json", FIXTURES).pathname);
  const rally = JSON.parse(
    Deno.readTextFileSync(new URL("q6_report.json", FIXTURES)).replaceAll("Infinity", "null"),
  );
  const w = doc.tasks[0].subtasks[0].workloads[0];
  const rw = rally.tasks[0].subtasks[0].workloads[0];
  // An unbounded periodic trigger: Rally writes "end": Infinity, brunt leaves end out.
  assert.deepEqual(w.hooks[0].config, {
    action: { sys_call: "/bin/true" },
    trigger: { periodic: { unit: "iteration", step: 5, start: 1 } },
    description: "every 5 iterations",
  });
  assert.deepEqual(w.hooks.map((h) => h.results.map((r) => r.triggered_by.value)), [[1, 6, 11], [
    0,
    1,
  ]]);
  assert.deepEqual(w.sla_results, rw.sla_results);
  assert.equal(w.total_iteration_count, rw.total_iteration_count);
  assert.equal(w.data?.length, rw.data.length);
  // Rally's statistics, to its 3 decimals.
  const rallyTotal = rw.statistics.durations.total.data;
  assert.equal(
    Math.round(w.statistics.durations.total.data.median! * 1000) / 1000,
    rallyTotal.median,
  );
  assert.equal(w.statistics.durations.total.data.success, rallyTotal.success);
  assert.equal(doc.tasks[0].seed, 0);
});

Deno.test("Rally's report with failed hooks reads with each hook error as {etype, msg, details}", async () => {
  const doc = await readResultsJson(new URL("q3_report.json", FIXTURES).pathname);
  const hooks = doc.tasks[0].subtasks[0].workloads[0].hooks;
  assert.equal(hooks.length, 17);
  assert.deepEqual(hooks[0].results[0].error, {
    etype: "n/a",
    msg: "Subprocess returned 3",
    details: "stdout: only-stdout\n",
  });
  // The hook whose command printed a StatsTable chart.
  assert.equal(hooks[8].results[0].output?.additive[0].chart_plugin, "StatsTable");
});

Deno.test("documents Rally's importer accepted read as brunt documents, hook errors in array form too", async () => {
  for (const name of ["minimal", "example_valid", "hook_internal_form"]) {
    const doc = await readResultsJson(new URL(`import/${name}.json`, FIXTURES).pathname);
    assert.equal(doc.tasks.length, 1, name);
  }
  const doc = await readResultsJson(new URL("import/hook_internal_form.json", FIXTURES).pathname);
  const run = doc.tasks[0].subtasks[0].workloads[0].hooks[0].results[0];
  assert.deepEqual(run.error, { etype: "n/a", msg: "Subprocess returned 1", details: "stdout: " });
});
