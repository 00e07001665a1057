import type { IterationRecord } from "../src/model/iteration_record.ts";
import assert from "node:assert/strict";
import "../src/sla/failure_rate.ts";
import "../src/sla/max_seconds_per_iteration.ts";
import "../src/sla/max_avg_duration.ts";
import "../src/sla/outliers.ts";
import { SlaChecker } from "../src/sla/sla_checker.ts";
import { registerSla, Sla } from "../src/plugins/sla.ts";
import type { PluginRef } from "../src/model/task_spec.ts";
import { failed, record } from "./sla_records.ts";
import { defaultPlugins } from "../mod.ts";

function ref(name: string, args: unknown): PluginRef {
  return { name, args, raw: args };
}

const workloadSla = [
  ref("max_avg_duration", 1),
  ref("failure_rate", { max: 0 }),
  ref("max_seconds_per_iteration", 2),
];

Deno.test("SlaChecker gives one result per criterion in configuration order", () => {
  const checker = new SlaChecker(workloadSla, defaultPlugins());
  checker.addIteration(record(0.5));
  assert.deepEqual(checker.results(), [
    {
      criterion: "max_avg_duration",
      success: true,
      detail: "Average duration of one iteration 0.50s <= 1.00s - Passed",
    },
    {
      criterion: "failure_rate",
      success: true,
      detail: "Failure rate criteria 0.00% <= 0.00% <= 0.00% - Passed",
    },
    {
      criterion: "max_seconds_per_iteration",
      success: true,
      detail: "Maximum seconds per iteration 0.50s <= 2.00s - Passed",
    },
  ]);
  assert.equal(checker.passed(), true);
});

Deno.test("SlaChecker over no iterations passes with Rally's details", () => {
  const checker = new SlaChecker([ref("failure_rate", { max: 0 })], defaultPlugins());
  assert.deepEqual(checker.results(), [{
    criterion: "failure_rate",
    success: true,
    detail: "Failure rate criteria 0.00% <= 0.00% <= 0.00% - Passed",
  }]);
  assert.equal(checker.passed(), true);
});

Deno.test("SlaChecker with no criteria passes with no results", () => {
  const checker = new SlaChecker([], defaultPlugins());
  assert.equal(checker.addIteration(failed(100)), true);
  assert.deepEqual(checker.results(), []);
  assert.equal(checker.passed(), true);
});

Deno.test("SlaChecker.addIteration returns false as soon as any criterion fails", () => {
  const checker = new SlaChecker(workloadSla, defaultPlugins());
  assert.equal(checker.addIteration(record(0.5)), true);
  assert.equal(checker.addIteration(failed(0.5)), false);
  assert.equal(checker.passed(), false);
  assert.deepEqual(checker.results().map((r) => r.success), [true, false, true]);
});

Deno.test("SlaChecker feeds every criterion even after one has failed", () => {
  const checker = new SlaChecker(workloadSla, defaultPlugins());
  checker.addIteration(failed(0.5));
  assert.equal(checker.addIteration(record(3)), false);
  const [avg, rate, longest] = checker.results();
  assert.equal(avg.detail, "Average duration of one iteration 3.00s <= 1.00s - Failed");
  assert.equal(rate.detail, "Failure rate criteria 0.00% <= 50.00% <= 0.00% - Failed");
  assert.equal(longest.detail, "Maximum seconds per iteration 3.00s <= 2.00s - Failed");
});

Deno.test("SlaChecker marked aborted on SLA adds Rally's aborted_on_sla entry last", () => {
  const checker = new SlaChecker(workloadSla, defaultPlugins());
  checker.addIteration(failed(0.5));
  checker.setAbortedOnSla();
  assert.equal(checker.abortedOnSla, true);
  const results = checker.results();
  assert.equal(results.length, 4);
  assert.deepEqual(results[3], {
    criterion: "aborted_on_sla",
    success: false,
    detail: "Task was aborted due to SLA failure(s).",
  });
  assert.equal(checker.passed(), false);
});

Deno.test("SlaChecker marked aborted manually or with an unexpected error fails", () => {
  const checker = new SlaChecker([ref("failure_rate", { max: 0 })], defaultPlugins());
  checker.addIteration(record(1));
  assert.equal(checker.abortedOnSla, false);
  checker.setAbortedManually();
  checker.setUnexpectedFailure(new Error("store is full"));
  assert.deepEqual(checker.results().slice(1), [
    {
      criterion: "aborted_manually",
      success: false,
      detail: "Task was aborted due to abort signal.",
    },
    {
      criterion: "something_went_wrong",
      success: false,
      detail: "Unexpected error: store is full",
    },
  ]);
  assert.equal(checker.passed(), false);
});

Deno.test("SlaChecker passes validated args to each criterion", () => {
  const checker = new SlaChecker(
    [ref("outliers", { max: 1, min_iterations: 3, sigmas: 3 })],
    defaultPlugins(),
  );
  for (const d of [1, 1, 1, 10]) checker.addIteration(record(d));
  assert.deepEqual(checker.results(), [{
    criterion: "outliers",
    success: true,
    detail: "Maximum number of outliers 1 <= 1 - Passed",
  }]);
});

Deno.test("SlaChecker names an unknown criterion", () => {
  assert.throws(
    () => new SlaChecker([ref("failure_rat", { max: 0 })], defaultPlugins()),
    /failure_rat/,
  );
});

Deno.test("a criterion that throws fails the SLA with its name, and the criteria after it still see every iteration", () => {
  class Throws extends Sla<unknown> {
    static override schema = {};
    static override description = "Throws on every iteration.";
    addIteration(): boolean {
      throw new Error("boom");
    }
    success(): boolean {
      return true;
    }
    detail(): string {
      return "never";
    }
  }
  registerSla("sla_checker_test_throws", Throws);
  const checker = new SlaChecker([
    { name: "sla_checker_test_throws", args: {}, raw: {} },
    { name: "max_seconds_per_iteration", args: 1, raw: 1 },
  ], defaultPlugins());
  assert.equal(checker.addIteration(record(0.5)), false);
  assert.equal(checker.addIteration(record(2)), false);
  assert.equal(checker.passed(), false);
  const results = checker.results();
  const wrong = results.find((r) => r.criterion === "something_went_wrong");
  assert.match(wrong!.detail, /SLA criterion "sla_checker_test_throws" threw: boom/);
  // The second criterion saw the 2 s iteration despite the first one throwing.
  assert.equal(results.find((r) => r.criterion === "max_seconds_per_iteration")!.success, false);
});

Deno.test("criteria that merge figures give, merged from shares of the iterations, the whole's verdicts and details", () => {
  const refs = [
    { name: "failure_rate", args: { min: 0, max: 20 }, raw: {} },
    { name: "max_avg_duration", args: 0.75, raw: 0.75 },
    { name: "max_seconds_per_iteration", args: 1.5, raw: 1.5 },
    { name: "performance_degradation", args: { max_degradation: 500 }, raw: {} },
    { name: "max_avg_duration_per_atomic", args: { a: 0.5 }, raw: {} },
  ];
  const records = Array.from({ length: 300 }, (_, i): IterationRecord => ({
    timestamp: i,
    duration: 0.25 + (i % 7) / 8,
    idle_duration: 0,
    error: i % 6 === 0 ? ["E", "m", ""] : [] as [],
    output: { additive: [], complete: [] },
    atomic_actions: [{ name: "a", started_at: i, finished_at: i + (i % 5) / 8, children: [] }],
  }));
  const whole = new SlaChecker(refs, defaultPlugins());
  for (const r of records) whole.addIteration(r);
  const shares = [0, 1, 2].map(() => new SlaChecker(refs, defaultPlugins()));
  records.forEach((r, i) => shares[i % 3].addIteration(r, undefined, "mergeable"));
  const merged = new SlaChecker(refs, defaultPlugins());
  for (const s of shares) merged.mergeStates(JSON.parse(JSON.stringify(s.states())));
  assert.equal(merged.needsRecords, false);
  assert.deepEqual(merged.results(), whole.results());
  assert.equal(merged.holds(), whole.holds());
});

Deno.test("outliers depends on the order of iterations: a split load judges it on every record", () => {
  const checker = new SlaChecker(
    [{ name: "outliers", args: { max: 0 }, raw: {} }],
    defaultPlugins(),
  );
  assert.equal(checker.needsRecords, true);
  assert.deepEqual(checker.states(), [null]);
});
