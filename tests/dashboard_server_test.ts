import assert from "node:assert/strict";
import { firstWindow, INFO, liveBatch, T } from "./helpers/live_batches.ts";
import { DashboardServer, type StopMode } from "../src/live/dashboard/dashboard_server.ts";
import type {
  DashboardSnapshot,
  DashboardUpdate,
} from "../src/live/dashboard/dashboard_history.ts";

// `completed` iterations of 10, 20, … ms, the first failing with a ValueError.
function window(at: number, completed: number) {
  const durations = Array.from({ length: completed }, (_, i) => 0.01 * (i + 1));
  return firstWindow(at, durations, ["ValueError"]);
}

/** Reads server-sent events from `url` as `[event, data]`. */
async function* events(url: string): AsyncGenerator<[string, unknown]> {
  const response = await fetch(url);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  try {
    while (true) {
      let end;
      while ((end = text.indexOf("\n\n")) < 0) {
        const { value, done } = await reader.read();
        if (done) return;
        text += value;
      }
      const block = text.slice(0, end);
      text = text.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) yield [event, JSON.parse(data)];
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

async function withDashboard(
  fn: (d: DashboardServer, stops: StopMode[]) => Promise<void>,
  maxBehind?: number,
) {
  const stops: StopMode[] = [];
  const dashboard = await DashboardServer.start({ onStop: (m) => stops.push(m), maxBehind });
  try {
    await fn(dashboard, stops);
  } finally {
    await dashboard.close();
  }
}

Deno.test("every page gets the whole run on connecting, then each second's changes, then the end", async () => {
  await withDashboard(async (dashboard) => {
    dashboard.take(liveBatch(T + 1, { started: [INFO], windows: [window(T + 1, 10)] }));
    const first = events(`${dashboard.url}events`);
    const second = events(`${dashboard.url}events`);
    const [event, snap] = (await first.next()).value as [string, DashboardSnapshot];
    assert.equal(event, "snapshot");
    assert.equal(snap.task.uuid, "run-1");
    assert.equal(snap.workloads[0].info.key, "Dummy.dummy#0");
    assert.equal(snap.workloads[0].points.length, 1);
    assert.equal(snap.workloads[0].points[0].t, 1);
    assert.equal(snap.workloads[0].points[0].rate, 10);
    assert.equal((await second.next()).value![0], "snapshot");
    const run = {
      triggered_by: { event_type: "time" as const, value: 1 },
      started_at: T + 1.5,
      finished_at: T + 1.75,
      status: "success" as const,
    };
    dashboard.take(liveBatch(T + 2, {
      windows: [window(T + 2, 20)],
      hookRuns: [{ type: "started", workloadUuid: "w1", hookIndex: 0, seq: 1, run }],
    }));
    for (const stream of [first, second]) {
      const [e, update] = (await stream.next()).value as [string, DashboardUpdate];
      assert.equal(e, "update");
      const w = update.workloads[0];
      assert.equal(w.points[0].t, 2);
      assert.deepEqual(w.runs.map((r) => [r.trigger, r.from, r.to, r.status]), [
        ["time 1", 1.5, null, "running"],
      ]);
      assert.deepEqual(w.totals?.failures, { ValueError: 1 });
    }
    dashboard.finish(
      { status: "finished", pass_sla: true, report: true },
      () => "<!DOCTYPE html><title>report</title>",
    );
    const [e, end] = (await first.next()).value as [string, { report: boolean }];
    assert.equal(e, "end");
    assert.equal(end.report, true);
    await first.return(undefined);
    await second.return(undefined);
  });
});

Deno.test("stopping needs the token from the printed URL; the page, /metrics and /report are served", async () => {
  await withDashboard(async (dashboard, stops) => {
    assert.match(dashboard.privateUrl, /^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{32}$/);
    const stop = async (body: unknown) => {
      const r = await fetch(`${dashboard.url}stop`, { method: "POST", body: JSON.stringify(body) });
      return [r.status, await r.json()];
    };
    assert.deepEqual((await stop({ mode: "soft" }))[0], 403);
    assert.deepEqual((await stop({ token: "0".repeat(32), mode: "soft" }))[0], 403);
    assert.deepEqual(stops, []);
    assert.deepEqual(await stop({ token: dashboard.token, mode: "soft" }), [202, {
      stopping: "soft",
    }]);
    assert.deepEqual(await stop({ token: dashboard.token, mode: "hard" }), [202, {
      stopping: "hard",
    }]);
    assert.equal((await stop({ token: dashboard.token, mode: "now" }))[0], 400);
    assert.deepEqual(stops, ["soft", "hard"]);

    const page = await (await fetch(dashboard.url)).text();
    assert.match(page, /uPlot/);
    assert.match(page, /new EventSource\("\/events"\)/);
    dashboard.take(liveBatch(T + 1, { started: [INFO], windows: [window(T + 1, 3)] }));
    const metrics = await fetch(`${dashboard.url}metrics`);
    assert.match(metrics.headers.get("content-type")!, /^text\/plain; version=0\.0\.4/);
    assert.match(
      await metrics.text(),
      /^brunt_iterations_total\{run_id="run-1",task="nightly",workload="Dummy.dummy#0"\} 3$/m,
    );
    const early = await fetch(`${dashboard.url}report`);
    assert.equal(early.status, 404);
    assert.match(await early.text(), /made when the run ends/);
    dashboard.finish({ status: "finished", pass_sla: true, report: true }, () => "<p>report</p>");
    assert.equal(await (await fetch(`${dashboard.url}report`)).text(), "<p>report</p>");
    assert.equal((await stop({ token: dashboard.token, mode: "soft" }))[0], 409);
  });
});

Deno.test("a page that falls behind is cut off and counted; the others go on", async () => {
  await withDashboard(async (dashboard) => {
    const slow = events(`${dashboard.url}events`);
    assert.equal((await slow.next()).value![0], "snapshot");
    // Ten batches at once, before the server could send any: more than 3 behind.
    dashboard.take(liveBatch(T, { started: [INFO] }));
    for (let i = 1; i <= 10; i++) dashboard.take(liveBatch(T + i, { windows: [window(T + i, 1)] }));
    await assert.rejects(async () => {
      for await (const _ of slow) { /* drain until the server cuts it off */ }
    });
    const fresh = events(`${dashboard.url}events`);
    const [, snap] = (await fresh.next()).value as [string, DashboardSnapshot];
    assert.equal(snap.workloads[0].points.length, 10, "a reconnecting page gets the whole run");
    await fresh.return(undefined);
    const [warning] = await dashboard.close();
    assert.match(
      warning,
      /^dashboard: 1 page connection\(s\) fell behind and were cut off \(\d+ batches not sent/,
    );
  }, 3);
});
