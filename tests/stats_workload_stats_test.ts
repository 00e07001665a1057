import assert from "node:assert/strict";
import type { AtomicAction, IterationRecord } from "../src/model/iteration_record.ts";
import type { StatsNode } from "../src/model/results_document.ts";
import { WorkloadStats } from "../src/stats/workload_stats.ts";

// All times are binary fractions, so every expected figure is exact.
function iteration(
  timestamp: number,
  duration: number,
  atomics: AtomicAction[] = [],
  options: { idle?: number; error?: boolean } = {},
): IterationRecord {
  return {
    timestamp,
    duration,
    idle_duration: options.idle ?? 0,
    error: options.error ? ["ValueError", "boom", "Traceback …"] : [],
    output: { additive: [], complete: [] },
    atomic_actions: atomics,
  };
}

function action(
  name: string,
  started_at: number,
  finished_at: number,
  children: AtomicAction[] = [],
  failed = false,
): AtomicAction {
  return failed
    ? { name, started_at, finished_at, children, failed: true }
    : { name, started_at, finished_at, children };
}

/** Three iterations: nested actions, a failed atomic action, a repeated one, a failed iteration. */
function handMadeStats(): WorkloadStats {
  const stats = new WorkloadStats();
  stats.add(iteration(10, 1, [
    action("foo", 10, 10.5, [action("bar", 10.125, 10.375)]),
    action("baz", 10.5, 10.75),
  ]));
  stats.add(
    iteration(11, 2, [action("foo", 11, 12, [action("bar", 11.25, 11.5, [], true)], true)], {
      idle: 0.5,
      error: true,
    }),
  );
  stats.add(iteration(12.5, 0.5, [action("baz", 12.5, 12.625), action("baz", 12.625, 12.75)]));
  return stats;
}

function node(stats: StatsNode[], ...path: string[]): StatsNode {
  let nodes = stats;
  let found: StatsNode | undefined;
  for (const name of path) {
    found = nodes.find((n) => n.display_name === name);
    assert.ok(found, `no node ${path.join(" > ")}`);
    nodes = found.children;
  }
  return found!;
}

Deno.test("workload figures: counts, failed iterations, min/max duration, start and load duration", () => {
  const stats = handMadeStats();
  assert.deepEqual(stats.toSummary(), {
    start_time: 10,
    // Last end is 11 + 2 = 13, first start 10.
    load_duration: 3,
    min_duration: 0.5,
    max_duration: 2,
    total_iteration_count: 3,
    failed_iteration_count: 1,
  });
  assert.equal(stats.iterationCount, 3);
  assert.equal(stats.failedCount, 1);
});

Deno.test("load duration runs from the earliest start to the latest end, in any completion order", () => {
  const stats = new WorkloadStats();
  stats.add(iteration(5, 0.25)); // ends 5.25
  stats.add(iteration(2, 4)); // starts first, ends last: 6
  stats.add(iteration(3, 0.5));
  assert.equal(stats.startTime, 2);
  assert.equal(stats.loadDuration, 4);
});

Deno.test("total counts duration plus idle per iteration; success is the share without error", () => {
  const { total } = handMadeStats().toStatistics().durations;
  // total per iteration: 1, 2 + 0.5, 0.5 → sorted 0.5 1 2.5.
  assert.deepEqual(total, {
    name: "total",
    display_name: "total",
    count_per_iteration: 1,
    data: {
      iteration_count: 3,
      min: 0.5,
      median: 1,
      "90%ile": total.data["90%ile"],
      "95%ile": total.data["95%ile"],
      max: 2.5,
      avg: 4 / 3,
      success: "66.7%",
    },
    children: total.children,
  });
  // k = (3 − 1) · p, between 1 and 2.5; float rounding of k aside.
  assert.ok(Math.abs(total.data["90%ile"]! - 2.2) < 1e-12);
  assert.ok(Math.abs(total.data["95%ile"]! - 2.35) < 1e-12);
  assert.deepEqual(total.children.map((c) => c.name), ["duration", "idle_duration"]);
  const [duration, idle] = total.children;
  assert.equal(duration.data.median, 1);
  assert.equal(duration.data.max, 2);
  assert.equal(duration.data.avg, 3.5 / 3);
  assert.equal(duration.data.success, "66.7%");
  assert.equal(idle.data.min, 0);
  assert.equal(idle.data.median, 0);
  assert.equal(idle.data.max, 0.5);
  assert.equal(idle.data.iteration_count, 3);
  assert.deepEqual(idle.children, []);
});

Deno.test("atomic actions form a tree in order of first appearance", () => {
  const { atomics } = handMadeStats().toStatistics().durations;
  assert.deepEqual(atomics.map((a) => a.display_name), ["foo", "baz", "baz (x2)"]);
  assert.deepEqual(node(atomics, "foo").children.map((a) => a.name), ["bar"]);
  assert.deepEqual(node(atomics, "baz").children, []);
});

Deno.test("an atomic action counts the iterations it ran in and its own durations", () => {
  const foo = node(handMadeStats().toStatistics().durations.atomics, "foo");
  assert.equal(foo.data.iteration_count, 2);
  assert.equal(foo.data.min, 0.5);
  assert.equal(foo.data.median, 0.75);
  assert.equal(foo.data.max, 1);
  assert.equal(foo.data.avg, 0.75);
  assert.equal(foo.count_per_iteration, 1);
  assert.equal(foo.display_name, "foo");
});

Deno.test("a failed atomic action counts as not successful, its durations still count", () => {
  const { atomics } = handMadeStats().toStatistics().durations;
  const bar = node(atomics, "foo", "bar");
  assert.equal(bar.data.success, "50.0%");
  assert.equal(bar.data.iteration_count, 2);
  assert.equal(bar.data.min, 0.25);
  assert.equal(bar.data.max, 0.25);
  assert.equal(node(atomics, "foo").data.success, "50.0%");
  assert.equal(node(atomics, "baz").data.success, "100.0%");
});

Deno.test("an action repeated in one iteration is summed there and counted in its own row name (xN), as in Rally", () => {
  const { atomics } = handMadeStats().toStatistics().durations;
  // 0.25 once in the first iteration; 0.125 twice in the third.
  const once = node(atomics, "baz");
  assert.equal(once.count_per_iteration, 1);
  assert.equal(once.data.iteration_count, 1);
  assert.equal(once.data.max, 0.25);
  const twice = node(atomics, "baz (x2)");
  assert.equal(twice.name, "baz");
  assert.equal(twice.count_per_iteration, 2);
  assert.equal(twice.data.iteration_count, 1);
  assert.equal(twice.data.min, 0.25);
  assert.equal(twice.data.max, 0.25);
});

Deno.test("actions are keyed by their path: a nested bar is not the top-level bar", () => {
  const stats = new WorkloadStats();
  stats.add(
    iteration(0, 1, [action("bar", 0, 0.5), action("foo", 0.5, 1, [action("bar", 0.5, 0.75)])]),
  );
  stats.add(
    iteration(1, 1, [action("foo", 1, 1.5, [action("bar", 1, 1.25), action("bar", 1.25, 1.5)])]),
  );
  const { atomics } = stats.toStatistics().durations;
  assert.deepEqual(atomics.map((a) => a.name), ["bar", "foo"]);
  assert.equal(node(atomics, "bar").data.iteration_count, 1);
  assert.equal(node(atomics, "bar").data.max, 0.5);
  assert.deepEqual(node(atomics, "foo").children.map((c) => c.display_name), ["bar", "bar (x2)"]);
  assert.equal(node(atomics, "foo", "bar").data.max, 0.25);
  const twice = node(atomics, "foo", "bar (x2)");
  assert.equal(twice.data.iteration_count, 1);
  assert.equal(twice.data.max, 0.5);
});

Deno.test("a failed iteration whose error came outside its actions adds Rally's <no-name-action> row", () => {
  const stats = new WorkloadStats();
  stats.add(iteration(0, 1, [action("ok", 0, 0.5)], { error: true }));
  stats.add(iteration(1, 1, [action("ok", 1, 1.5, [], true)], { error: true }));
  stats.add(iteration(2, 1, [action("ok", 2, 2.5)]));
  const { atomics } = stats.toStatistics().durations;
  assert.deepEqual(atomics.map((a) => a.display_name), ["ok", "<no-name-action>"]);
  const noName = node(atomics, "<no-name-action>");
  assert.deepEqual([noName.data.iteration_count, noName.data.max, noName.data.success], [
    1,
    0,
    "0.0%",
  ]);
});

Deno.test("a failed iteration without atomic actions counts in total only", () => {
  const stats = new WorkloadStats();
  stats.add(iteration(0, 0.25, [], { error: true }));
  stats.add(iteration(1, 0.75));
  const { total, atomics } = stats.toStatistics().durations;
  assert.deepEqual(atomics, []);
  assert.equal(total.data.success, "50.0%");
  assert.equal(total.data.min, 0.25);
  assert.equal(total.data.max, 0.75);
  assert.equal(stats.failedCount, 1);
});

Deno.test("an empty workload has a total with null figures and success n/a", () => {
  const stats = new WorkloadStats();
  const empty = {
    iteration_count: 0,
    min: null,
    median: null,
    "90%ile": null,
    "95%ile": null,
    max: null,
    avg: null,
    success: "n/a",
  };
  const leaf = (name: string): StatsNode => ({
    name,
    display_name: name,
    count_per_iteration: 1,
    data: empty,
    children: [],
  });
  assert.deepEqual(stats.toStatistics(), {
    durations: {
      total: { ...leaf("total"), children: [leaf("duration"), leaf("idle_duration")] },
      atomics: [],
    },
  });
  assert.deepEqual(stats.toSummary(), {
    start_time: null,
    load_duration: 0,
    min_duration: null,
    max_duration: null,
    total_iteration_count: 0,
    failed_iteration_count: 0,
  });
});

Deno.test("statistics nodes have exactly Rally's keys", () => {
  const { total, atomics } = handMadeStats().toStatistics().durations;
  for (const n of [total, ...total.children, ...atomics, ...atomics[0].children]) {
    assert.deepEqual(Object.keys(n).sort(), [
      "children",
      "count_per_iteration",
      "data",
      "display_name",
      "name",
    ]);
    assert.deepEqual(Object.keys(n.data).sort(), [
      "90%ile",
      "95%ile",
      "avg",
      "iteration_count",
      "max",
      "median",
      "min",
      "success",
    ]);
  }
});

Deno.test("a workload of 100 iterations like Rally's reference gives its figures at full precision", () => {
  const stats = new WorkloadStats();
  for (let i = 0; i < 100; i++) {
    const t = 1000 + i;
    const d = 0.05 + (i % 10) / 10000; // 0.0500 .. 0.0509
    stats.add(iteration(t, d, [action("foo", t, t + d, [action("bar", t, t + d)])]));
  }
  const { total, atomics } = stats.toStatistics().durations;
  assert.equal(total.data.min, 0.05);
  assert.equal(total.data.max, 0.05 + 9 / 10000);
  // Ten of each of 0.0500 .. 0.0509: the median lies between the two 0.0504/0.0505 halves.
  assert.ok(Math.abs(total.data.median! - (0.0504 + 0.0505) / 2) < 1e-15);
  assert.equal(total.data.success, "100.0%");
  assert.deepEqual(atomics.map((a) => [a.name, a.data.iteration_count]), [["foo", 100]]);
  assert.deepEqual(atomics[0].children.map((a) => [a.name, a.data.iteration_count]), [[
    "bar",
    100,
  ]]);
});

Deno.test("past maxActions distinct actions, new names are counted as dropped, not kept", () => {
  const stats = new WorkloadStats({ maxActions: 2 });
  for (let i = 0; i < 5; i++) {
    stats.add(
      iteration(i, 1, [
        action("foo", i, i + 0.5, [action("bar", i, i + 0.25)]),
        action(`get ${i}`, i, i + 0.5, [action("x", i, i + 0.1)]),
      ]),
    );
  }
  const { atomics } = stats.toStatistics().durations;
  assert.deepEqual(atomics.map((a) => a.name), ["foo"]);
  assert.equal(node(atomics, "foo", "bar").data.iteration_count, 5);
  // Each iteration drops "get i" and its child "x".
  assert.equal(stats.droppedActionRuns, 10);
});

Deno.test("a record with a non-finite or negative time is refused, naming the field, and not counted", () => {
  const stats = new WorkloadStats();
  assert.throws(
    () => stats.add(iteration(0, NaN)),
    /duration must be a finite number of seconds ≥ 0; got NaN/,
  );
  assert.throws(() => stats.add(iteration(0, -1)), /duration/);
  assert.throws(
    () => stats.add(iteration(0, 1, [action("foo", 0, 1, [action("bar", 0, Infinity)])])),
    /atomic_actions\[0\]\.children\[0\]\.finished_at \(action "bar"\)/,
  );
  assert.equal(stats.iterationCount, 0);
  assert.equal(stats.toStatistics().durations.atomics.length, 0);
  assert.throws(() => new WorkloadStats({ maxActions: -1 }), /maxActions/);
});

Deno.test("statistics can be read while iterations are still being added", () => {
  const stats = new WorkloadStats();
  stats.add(iteration(0, 1));
  assert.equal(stats.toStatistics().durations.total.data.max, 1);
  stats.add(iteration(1, 3));
  assert.equal(stats.toStatistics().durations.total.data.max, 3);
  assert.equal(stats.toStatistics().durations.total.data.median, 2);
});

Deno.test("statistics of a load split any way and merged are exactly the whole's", () => {
  const records: IterationRecord[] = [];
  for (let i = 0; i < 3000; i++) {
    const t = 1000 + i / 64;
    const d = ((i * 37) % 101) / 256 + i / 2 ** 20;
    const actions = [action("a", t, t + d / 2, i % 3 ? [] : [action("b", t, t + d / 4)])];
    if (i % 5 === 0) actions.push(action("c", t, t + d / 8, [], i % 10 === 0));
    records.push(iteration(t, d, actions, { idle: (i % 7) / 128, error: i % 11 === 0 }));
  }
  const whole = new WorkloadStats();
  for (const r of records) whole.add(r);
  for (const parts of [2, 4]) {
    const shares = Array.from({ length: parts }, () => new WorkloadStats());
    records.forEach((r, i) => shares[(i * 13) % parts].add(r));
    const merged = new WorkloadStats();
    for (const share of shares) {
      merged.merge(WorkloadStats.fromState(JSON.parse(JSON.stringify(share.toState()))));
    }
    assert.deepEqual(merged.toStatistics(), whole.toStatistics());
    assert.deepEqual(merged.toSummary(), whole.toSummary());
  }
});

Deno.test("merging empty statistics changes nothing", () => {
  const stats = new WorkloadStats();
  stats.add(iteration(10, 0.5));
  const before = stats.toStatistics();
  stats.merge(new WorkloadStats());
  stats.merge(WorkloadStats.fromState(new WorkloadStats().toState()));
  assert.deepEqual(stats.toStatistics(), before);
  assert.equal(stats.startTime, 10);
});

Deno.test("figures count failures by error type and name nested atomic actions by their path", () => {
  const stats = new WorkloadStats();
  const action = (name: string, at: number, children: AtomicAction[] = []): AtomicAction => ({
    name,
    started_at: at,
    finished_at: at + 0.25,
    children,
  });
  const record = (error: IterationRecord["error"]): IterationRecord => ({
    timestamp: 100,
    duration: 0.5,
    idle_duration: 0,
    error,
    output: { additive: [], complete: [] },
    atomic_actions: [action("foo", 100, [action("bar", 100.1)])],
  });
  stats.add(record([]));
  stats.add(record(["TimeoutError", "slow", ""]));
  stats.add(record(["ValueError", "bad", ""]));
  stats.add(record(["TimeoutError", "slow", ""]));
  const figures = stats.figures();
  assert.equal(figures.completed, 4);
  assert.equal(figures.failed, 3);
  assert.deepEqual(figures.failures, { TimeoutError: 2, ValueError: 1 });
  assert.equal(figures.durations.count, 4);
  assert.equal(figures.durations.sum, 2);
  // A failed iteration whose error came outside its actions adds Rally's <no-name-action> row,
  // which times nothing: left out.
  assert.deepEqual(Object.keys(figures.atomics), ["foo", "foo > bar"]);
  assert.equal(figures.atomics["foo > bar"].count, 4);
  stats.add({ ...record([]), atomic_actions: [action("foo", 100), action("foo", 100.5)] });
  assert.deepEqual(Object.keys(stats.figures().atomics), ["foo", "foo > bar", "foo (x2)"]);
  assert.equal(stats.figures().atomics["foo (x2)"].sum, 0.5);
});
