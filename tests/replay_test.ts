/**
 * Identical replays: the same task with the same seed on the simulated
 * clock writes a byte-identical results document every run, also when its
 * hooks run real commands and call a real local service, and its
 * iterations send real HTTP requests.
 */
import assert from "node:assert/strict";
import { startTarget } from "../examples/target/server.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { runTask } from "../src/engine/run_task.ts";
import { writeResultsJson } from "../src/report/json_writer.ts";
import { parseTask } from "../src/task/load.ts";
import type { ResultsDocument } from "../src/model/results_document.ts";
import type { IterationRecord } from "../src/model/iteration_record.ts";

const T0 = 1_700_000_000_000;

function task(url: string): string {
  const sysCall = (cmd: string, unit: string, at: number[]) => ({
    action: { sys_call: cmd },
    trigger: { event: { unit, at } },
  });
  const httpCall = (method: string, body: unknown, at: number) => ({
    action: { http_call: { url: `${url}fault`, method, ...(body ? { body } : {}) } },
    trigger: { event: { unit: "time", at: [at] } },
  });
  return JSON.stringify({
    version: 2,
    title: "replay",
    subtasks: [
      {
        title: "HTTP load with a fault from 1 s to 2 s",
        scenario: {
          "HttpRequests.check_request": {
            url: `${url}?delay_ms=2`,
            method: "GET",
            status_code: 200,
            timeout: 5,
          },
        },
        runner: { rps: { rps: 20, times: 60 } },
        hooks: [
          httpCall("POST", { error_rate: 0.25 }, 1),
          httpCall("DELETE", undefined, 2),
          sysCall("/bin/echo hello", "iteration", [10]),
          sysCall("/bin/sh -c 'echo oops >&2; exit 3'", "time", [0.5]),
        ],
        sla: { failure_rate: { max: 50 } },
      },
      {
        title: "Dummy load with commands",
        scenario: { "Dummy.dummy": { sleep: 0.1 } },
        runner: { constant: { times: 30, concurrency: 5 } },
        hooks: [
          sysCall("/bin/echo half", "iteration", [15]),
          {
            action: { sys_call: "/bin/true" },
            trigger: { periodic: { unit: "time", step: 0.25 } },
          },
        ],
      },
    ],
  });
}

// Runs the task once on a fresh simulated clock; returns the document and the JSON file's bytes.
async function replay(
  text: string,
  dir: string,
): Promise<{ document: ResultsDocument; bytes: Uint8Array; records: IterationRecord[][] }> {
  const clock = new SimulatedClock({ start: T0 });
  let n = 0;
  const newId = () => `id-${++n}`;
  let done = false;
  const running = runTask(parseTask(text, "replay.json"), { clock, seed: 42, newId })
    .finally(() => done = true);
  await clock.runUntil(() => done);
  const { document, store } = await running;
  const path = `${dir}/run_${crypto.randomUUID()}.json`;
  await writeResultsJson(path, document, (w) => store.iterations(w.uuid));
  const records = document.tasks[0].subtasks.map((s) => [...store.iterations(s.workloads[0].uuid)]);
  return { document, bytes: await Deno.readFile(path), records };
}

Deno.test("the same task and seed on the simulated clock gives byte-identical results with real commands and HTTP", async () => {
  const target = startTarget();
  const dir = await Deno.makeTempDir();
  try {
    const text = task(target.url);
    const first = await replay(text, dir);
    const second = await replay(text, dir);
    assert.equal(new TextDecoder().decode(second.bytes), new TextDecoder().decode(first.bytes));

    // And what was replayed is the task as written, every real step in zero simulated time.
    const [http, dummy] = first.document.tasks[0].subtasks.map((s) => s.workloads[0]);
    assert.equal(http.start_time, T0 / 1000);
    const at = (r: { started_at: number }) => Math.round((r.started_at - T0 / 1000) * 1e6) / 1e6;
    const [on, off, echo, failing] = http.hooks.map((h) => {
      assert.equal(h.results.length, 1);
      const [run] = h.results;
      assert.equal(run.finished_at, run.started_at, "real work takes no simulated time");
      return run;
    });
    assert.deepEqual([on, off, failing].map(at), [1, 2, 0.5]);
    assert.deepEqual([on.status, off.status, echo.status], ["success", "success", "success"]);
    assert.deepEqual(echo.triggered_by, { event_type: "iteration", value: 10 });
    assert.equal(failing.error?.msg, "Subprocess returned 3");
    assert.equal(failing.error?.details, "oops\n");

    // Requests started at 1 s up to 2 s meet the fault: every fourth fails.
    const [records] = first.records;
    assert.equal(records.length, 60);
    assert.ok(records.every((r) => r.duration === 0));
    const failed = records.flatMap((r) => r.error.length ? [r.timestamp - T0 / 1000] : []);
    assert.deepEqual(failed.map((s) => Math.round(s * 100) / 100), [1.15, 1.35, 1.55, 1.75, 1.95]);

    assert.equal(dummy.total_iteration_count, 30);
    assert.equal(dummy.hooks[0].results[0].status, "success");
    // The Dummy load takes 6 × 0.1 s; time points 0, 0.25 and 0.5 fall in it.
    assert.deepEqual(dummy.hooks[1].results.map((r) => r.triggered_by.value), [0, 0.25, 0.5]);
  } finally {
    await target.close();
    await Deno.remove(dir, { recursive: true });
  }
});
