import assert from "node:assert/strict";
import type { IterationRecord } from "../src/model/iteration_record.ts";
import type { TaskResult, WorkloadResult } from "../src/model/results_document.ts";
import { taskSummary, taskVerdict, workloadSummary } from "../src/report/run_summary.ts";
import { renderTable } from "../src/report/text_table.ts";
import { WorkloadStats } from "../src/stats/workload_stats.ts";

function record(timestamp: number, error: IterationRecord["error"] = []): IterationRecord {
  return {
    timestamp,
    duration: 0.02,
    idle_duration: 0,
    error,
    output: { additive: [], complete: [] },
    atomic_actions: [],
  };
}

const REFUSED: IterationRecord["error"] = [
  "ConnectionError",
  "Cannot connect to http://127.0.0.1:8080/: refused",
  "tb",
];
const RECORDS = [
  record(100),
  record(100.5, REFUSED),
  record(101, ["ValueError", "Expected HTTP request code is `200` actual `500`", ""]),
  record(101.5, REFUSED),
];

function workload(overrides: Partial<WorkloadResult> = {}): WorkloadResult {
  const stats = new WorkloadStats();
  for (const r of RECORDS) stats.add(r);
  return {
    uuid: "w1",
    position: 0,
    description: "",
    scenario: { "HttpRequests.check_request": {} },
    runner: { constant: { times: 4 } },
    hooks: [],
    sla: { failure_rate: { max: 0 } },
    sla_results: {
      sla: [{
        criterion: "failure_rate",
        success: false,
        detail: "Failure rate criteria 0.00% <= 75.00% <= 0.00% - Failed",
      }],
    },
    pass_sla: false,
    contexts: {},
    status: "finished",
    start_time: 100,
    load_duration: 2,
    full_duration: 2.1,
    min_duration: 0.02,
    max_duration: 0.02,
    total_iteration_count: 4,
    failed_iteration_count: 3,
    statistics: stats.toStatistics(),
    ...overrides,
  };
}

function task(workloads: WorkloadResult[], passSla: boolean): TaskResult {
  return {
    uuid: "t-1",
    title: "t",
    description: "",
    status: "finished",
    tags: [],
    env_uuid: "",
    env_name: "",
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    pass_sla: passSla,
    seed: 1,
    subtasks: workloads.map((w, i) => ({
      uuid: `s${i}`,
      title: i === 0 ? "GET / while the target refuses" : "HttpRequests.check_request",
      description: "",
      status: "finished",
      tags: [],
      created_at: "",
      updated_at: "",
      sla: {},
      contexts: {},
      run_in_parallel: false,
      pass_sla: w.pass_sla,
      workloads: [w],
    })),
  } as unknown as TaskResult;
}

Deno.test("a workload's heading names it once, with its status, verdict, counts and throughput", () => {
  const text = workloadSummary(workload(), {
    number: 2,
    count: 3,
    subtask: "GET / while the target refuses",
  });
  const [heading, figures] = text.split("\n");
  assert.equal(
    heading,
    "[2/3] GET / while the target refuses (HttpRequests.check_request): finished, SLA FAILED",
  );
  assert.equal(figures, "4 iterations (3 failed, 75.0 %) at 2/s; load 2 s, full 2.1 s");
  assert.equal(text.split("HttpRequests.check_request").length, 2, "the scenario is named once");
});

Deno.test("the summary says what failed: errors grouped from the raw iterations, with the first one", () => {
  let reads = 0;
  const text = workloadSummary(workload(), { number: 1, count: 1, subtask: "s" }, {
    iterationsOf: () => {
      reads++;
      return RECORDS;
    },
  });
  assert.equal(reads, 1);
  assert.match(
    text,
    /\| ConnectionError: Cannot connect to http:\/\/127\.0\.0\.1:8080\/: refused \| +2 \| 66\.7 % \| #2 at \+500 ms \|/,
  );
  assert.match(
    text,
    /\| ValueError: Expected HTTP request code is `200` actual `500` +\| +1 \| 33\.3 % \| #3 at \+1 s +\|/,
  );
  // A workload without failures never reads its iterations.
  workloadSummary(workload({ failed_iteration_count: 0 }), { number: 1, count: 1, subtask: "s" }, {
    iterationsOf: () => {
      reads++;
      return [];
    },
  });
  assert.equal(reads, 1);
});

Deno.test("a caller's section comes after the built-in tables and fits the same width", () => {
  const text = workloadSummary(workload(), { number: 1, count: 1, subtask: "s" }, {
    width: 50,
    sections: [(w, options) =>
      renderTable(
        [{ header: "Window", wrap: true }, { header: "Failures", align: "right" }],
        [[`fault of ${Object.keys(w.scenario)[0]}`, w.failed_iteration_count]],
        { ...options, title: "Resilience" },
      )],
  });
  const lines = text.split("\n");
  assert.deepEqual(lines.filter((l) => l.length > 50), []);
  const sla = lines.findIndex((l) => /^\| +SLA +\|$/.test(l));
  const extra = lines.findIndex((l) => l.includes("Resilience"));
  assert.ok(sla > 0 && extra > sla, text);
});

Deno.test("the verdict names every workload that failed its SLA and each failed criterion", () => {
  const passed = workload({
    uuid: "w0",
    pass_sla: true,
    failed_iteration_count: 0,
    sla_results: {
      sla: [{ criterion: "failure_rate", success: true, detail: "… - Passed" }],
    },
  });
  const verdict = taskVerdict(task([workload(), passed], false));
  assert.deepEqual(verdict.split("\n"), [
    "Task t-1: finished, SLA FAILED (1 of 2 workloads)",
    "  [1/2] GET / while the target refuses (HttpRequests.check_request): failure_rate: Failure rate criteria 0.00% <= 75.00% <= 0.00% - Failed",
  ]);
  assert.equal(taskVerdict(task([passed], true)), "Task t-1: finished, SLA passed");
  const narrow = taskVerdict(task([workload(), passed], false), { width: 60 }).split("\n");
  assert.ok(narrow.every((l) => l.length <= 60), narrow.join("\n"));
  assert.ok(narrow.slice(2).every((l) => l.startsWith("    ")), "continuation lines indent");
});

Deno.test("a task summary numbers its workloads and names each subtask once", () => {
  const text = taskSummary(task([workload(), workload({ uuid: "w2", pass_sla: true })], false));
  assert.match(text, /^\[1\/2\] GET \/ while the target refuses \(HttpRequests.check_request\):/m);
  // A subtask titled with the scenario's name is not named twice.
  assert.match(text, /^\[2\/2\] HttpRequests.check_request: finished, SLA passed$/m);
});
