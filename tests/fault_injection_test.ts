import assert from "node:assert/strict";
import { startTarget } from "../examples/target/server.ts";
import { RealClock } from "../src/clock/real_clock.ts";
import { runTask } from "../src/engine/run_task.ts";
import type { IterationRecord } from "../src/model/iteration_record.ts";
import { loadTaskFile, parseTask } from "../src/task/load.ts";
import type { TaskArgs } from "../src/task/task_args.ts";
import type { WorkloadSpec } from "../src/model/task_spec.ts";

const EXAMPLES = new URL("../examples/", import.meta.url);
const EXAMPLE_URL = "http://127.0.0.1:8080/";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

Deno.test("both fault_injection examples are valid tasks with the fault on and off hooks", async () => {
  for (
    const [file, duration, on, off] of [
      ["fault_injection.json", 30, 10, 20],
      ["fault_injection_short.json", 6, 2, 4],
    ] as const
  ) {
    const spec = parseTask(await Deno.readTextFile(new URL(file, EXAMPLES)), file);
    const workload = spec.subtasks[0].workloads[0];
    assert.equal(workload.scenario.name, "HttpRequests.check_request");
    assert.deepEqual(workload.runner.args, { duration, concurrency: 4, timeout: 600 });
    assert.deepEqual(
      workload.hooks.map((h) => [h.action.name, h.trigger.args, h.fault]),
      [
        ["http_call", { unit: "time", at: [on] }, "on"],
        ["http_call", { unit: "time", at: [off] }, "off"],
      ],
    );
  }
});

Deno.test("the fault_injection.json.j2 template renders to either example's workload, as its task args say", async () => {
  const workload = (w: WorkloadSpec) => ({
    scenario: w.scenario,
    runner: w.runner,
    hooks: w.hooks,
    sla: w.sla,
    resilience: w.resilience,
  });
  const template = new URL("fault_injection.json.j2", EXAMPLES);
  for (
    const [file, args] of [
      ["fault_injection.json", undefined],
      ["fault_injection_short.json", {
        duration: 6,
        fault_on: 2,
        fault_off: 4,
        recovery_ms: 500,
        window: 0.5,
        hold: 0.5,
      }],
    ] as [string, TaskArgs | undefined][]
  ) {
    const rendered = await loadTaskFile(template, { args });
    const plain = parseTask(await Deno.readTextFile(new URL(file, EXAMPLES)), file);
    assert.deepEqual(
      workload(rendered.subtasks[0].workloads[0]),
      workload(plain.subtasks[0].workloads[0]),
      file,
    );
  }
  const elsewhere = await loadTaskFile(template, { args: { target: "http://127.0.0.1:9000/" } });
  assert.equal(
    (elsewhere.subtasks[0].workloads[0].scenario.args as { url: string }).url,
    "http://127.0.0.1:9000/?delay_ms=10",
  );
});

Deno.test("the short fault-injection example, end to end: iterations slow down and fail only between the two hook runs", async () => {
  const target = startTarget();
  try {
    const text = (await Deno.readTextFile(new URL("fault_injection_short.json", EXAMPLES)))
      .replaceAll(EXAMPLE_URL, target.url);
    assert.ok(!text.includes(EXAMPLE_URL));
    const spec = parseTask(text, "fault_injection_short.json");
    const { document, store } = await runTask(spec, { clock: new RealClock(), seed: 1 });

    const task = document.tasks[0];
    assert.equal(task.status, "finished");
    const workload = task.subtasks[0].workloads[0];
    // The runner's 6 s count from its own start, a fraction of a millisecond
    // before the first iteration's (where load_duration counts from).
    assert.ok(
      workload.load_duration > 5.99 && workload.load_duration < 8,
      `${workload.load_duration}`,
    );

    // Two hook runs, both successful, fired at 2 s and 4 s of the load.
    assert.equal(workload.hooks.length, 2);
    const [on, off] = workload.hooks.map((h) => {
      assert.deepEqual(h.summary, { success: 1 });
      assert.equal(h.results.length, 1);
      return h.results[0];
    });
    assert.deepEqual(on.triggered_by, { event_type: "time", value: 2 });
    assert.deepEqual(off.triggered_by, { event_type: "time", value: 4 });
    const loadStart = workload.start_time!;
    assert.ok(Math.abs(on.started_at - loadStart - 2) < 1, `on at ${on.started_at - loadStart}`);
    assert.ok(
      Math.abs(off.started_at - loadStart - 4) < 1,
      `off at ${off.started_at - loadStart}`,
    );
    assert.match(String(on.output?.complete[0].data), /Status: 200 OK,Body: \{"latency_ms":200/);
    assert.deepEqual(target.fault(), {
      latency_ms: 0,
      error_rate: 0,
      refuse: false,
      recovery_ms: 0,
    });

    const records: IterationRecord[] = [...store.iterations(workload.uuid)];
    const end = (r: IterationRecord) => r.timestamp + r.duration;
    const before = records.filter((r) => end(r) < on.started_at);
    const during = records.filter((r) => r.timestamp > on.finished_at && end(r) < off.started_at);
    const after = records.filter((r) => r.timestamp > off.finished_at);

    // Outside the window: every iteration succeeds, about 10 ms each (delay_ms=10).
    for (const outside of [before, after]) {
      assert.ok(outside.length > 20, `only ${outside.length} iterations outside the fault`);
      assert.deepEqual(outside.filter((r) => r.error.length), []);
      assert.ok(median(outside.map((r) => r.duration)) < 0.1);
    }
    // Inside: 200 ms more each, and every fifth answer a 500.
    assert.ok(during.length >= 10, `only ${during.length} iterations during the fault`);
    assert.ok(during.every((r) => r.duration >= 0.2));
    const failed = during.filter((r) => r.error.length);
    assert.ok(failed.length >= 1);
    for (const r of failed) {
      assert.deepEqual(r.error.slice(0, 2), [
        "ValueError",
        "Expected HTTP request code is `200` actual `500`",
      ]);
    }
    assert.equal(workload.failed_iteration_count, records.filter((r) => r.error.length).length);
    assert.ok(workload.failed_iteration_count >= failed.length);

    // The analysis: a baseline, the fault's window (slower, failing), the recovery's window.
    const analysis = workload.resilience!;
    assert.deepEqual(analysis.windows.map((w) => [w.kind, w.fault]), [
      ["fault", "on"],
      ["recovery", "off"],
    ]);
    const [fault, recovery] = analysis.windows;
    assert.ok(fault.impact !== null && fault.failure_rate! > 0);
    assert.ok(fault.degradation!.mean_relative! > 5, `${fault.degradation?.mean_relative}`);
    assert.ok(recovery.recovery !== null);
  } finally {
    await target.close();
  }
});
