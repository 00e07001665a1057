import assert from "node:assert/strict";
import { ProgressLine } from "../src/cli/progress_line.ts";
import type { WorkloadProgress } from "../src/model/progress.ts";
import type { WorkloadResult } from "../src/model/results_document.ts";
import type { HookSpec, WorkloadSpec } from "../src/model/task_spec.ts";

const HOOK: HookSpec = {
  description: "fault on",
  action: { name: "http_call", args: "http://127.0.0.1:1/fault", raw: {} },
  trigger: { name: "event", args: { unit: "time", at: [10] }, raw: {} },
  config: {
    description: "fault on",
    action: { http_call: "http://127.0.0.1:1/fault" },
    trigger: { event: { unit: "time", at: [10] } },
  },
  path: "subtasks[0].hooks[0]",
};

/** A workload whose counters the test sets. */
function fakeWorkload(plan: WorkloadProgress["plan"], hooks: HookSpec[] = []) {
  const state = { done: 0, failed: 0 };
  const progress: WorkloadProgress = {
    spec: { scenario: { name: "Dummy.dummy", args: {} }, hooks } as unknown as WorkloadSpec,
    uuid: crypto.randomUUID(),
    plan,
    started: () => state.done,
    completed: () => state.done,
    failed: () => state.failed,
    hookRuns: () => ({ fired: 1, failed: 0 }),
    loadStart: () => undefined,
    durationQuantiles: (ps) => ps.map((p) => (state.done === 0 ? null : p < 0.9 ? 0.0101 : 0.0126)),
  };
  return { progress, state };
}

function printer(tty: boolean, workloads = 1, columns = 200) {
  const written: string[] = [];
  let now = 0;
  const line = new ProgressLine({
    write: (t) => void written.push(t),
    tty,
    workloads,
    columns: () => columns,
    now: () => now,
    everyMs: 60_000,
  });
  return { line, written, advance: (ms: number) => now += ms };
}

Deno.test("the rate is measured over the last 3 s, so a bursty load never reads 0/s", () => {
  const { line, advance } = printer(false);
  const { progress, state } = fakeWorkload({ iterations: 1000 });
  line.workloadStarted(progress);
  try {
    // 100 iterations in a burst every second; the line is drawn every 200 ms.
    const rates: string[] = [];
    for (let ms = 200; ms <= 6000; ms += 200) {
      advance(200);
      if (ms % 1000 === 0) state.done += 100;
      rates.push(/ · ([\d.]+)\/s · /.exec(line.lines()[0])![1]);
    }
    // After the first window, every reading is close to the true 100/s.
    for (const rate of rates.slice(15)) assert.ok(Math.abs(Number(rate) - 100) <= 20, rate);
    assert.ok(!rates.slice(5).includes("0"));
  } finally {
    line.stop();
  }
});

Deno.test("a workload of known length shows workload i of N, a bar, percent, p50/p95 so far and ETA", () => {
  const { line, advance } = printer(true, 4);
  const { progress, state } = fakeWorkload({ iterations: 200 }, [HOOK]);
  line.workloadStarted(progress);
  try {
    advance(1000);
    state.done = 50;
    state.failed = 2;
    assert.equal(
      line.lines()[0],
      "[1/4] Dummy.dummy █████░░░░░░░░░░░░░░░ 25% 50/200 it · 50/s · ETA 3 s · 2 failed · " +
        "p50 10.1 ms p95 12.6 ms · hooks 1 fired",
    );
  } finally {
    line.stop();
  }
  const timed = printer(false);
  const { progress: forDuration } = fakeWorkload({ seconds: 30 });
  timed.line.workloadStarted(forDuration);
  try {
    timed.advance(12_000);
    // Off a terminal: no bar.
    assert.match(timed.line.lines()[0], /^Dummy\.dummy 40% 0 it · 0\/s · ETA 18 s · 0 failed$/);
  } finally {
    timed.line.stop();
  }
});

Deno.test("each hook run and each finished workload gets a line of its own", () => {
  for (const tty of [false, true]) {
    const { line, written } = printer(tty, 2);
    const { progress } = fakeWorkload({ iterations: 10 }, [HOOK]);
    line.workloadStarted(progress);
    line.hookRunFinished({
      workloadUuid: progress.uuid,
      hookIndex: 0,
      seq: 1,
      run: {
        triggered_by: { event_type: "time", value: 10 },
        started_at: 1,
        finished_at: 1.0123,
        status: "failed",
        error: { etype: "ConnectionError", msg: "refused", details: "" },
      },
    });
    line.workloadFinished({
      uuid: progress.uuid,
      status: "finished",
      total_iteration_count: 10,
      failed_iteration_count: 0,
      load_duration: 1.5,
      pass_sla: true,
      sla_results: { sla: [{ criterion: "failure_rate", success: true, detail: "" }] },
    } as unknown as WorkloadResult);
    const lines = tty
      ? written.join("").split("\n").map((l) => l.replaceAll("\r\x1b[2K", "")).filter(Boolean)
      : written;
    assert.deepEqual(lines, [
      "[1/2] hook #0 http_call (fault on) at time 10 s: failed in 12.3 ms: ConnectionError: refused",
      "[1/2] Dummy.dummy finished: 10 iterations, 0 failed in 1.5 s, SLA passed",
    ]);
    // Off a terminal, a line is a line: no blank lines between them.
    if (!tty) assert.ok(written.every((t) => !t.includes("\n")));
  }
});

Deno.test("on a narrow terminal the line keeps what matters most and leaves out whole parts", () => {
  const { line, written, advance } = printer(true, 4, 81);
  const { progress, state } = fakeWorkload({ iterations: 200 }, [HOOK]);
  line.workloadStarted(progress);
  try {
    advance(1000);
    state.done = 50;
    line.draw();
    assert.equal(
      written.at(-1),
      "\r\x1b[2K[1/4] Dummy.dummy █████░░░░░░░░░░░░░░░ 25% 50/200 it · 50/s · ETA 3 s · 0 failed",
    );
  } finally {
    line.stop();
  }
});
