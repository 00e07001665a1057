import assert from "node:assert/strict";
import { firstWindow, INFO, liveBatch, T } from "./helpers/live_batches.ts";
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
// @ts-types="../src/live/prometheus/snappyjs.d.ts"
import { uncompress } from "snappyjs";
import { PrometheusMetrics } from "../src/live/prometheus/prometheus_metrics.ts";
import { encodeWriteRequest } from "../src/live/prometheus/remote_write_request.ts";
import { RemoteWriteOutput } from "../src/live/prometheus/remote_write_output.ts";

Deno.test("the metrics are cumulative counters and a classic histogram, labelled with task, workload and run id", () => {
  const metrics = new PrometheusMetrics();
  metrics.take(liveBatch(T, { started: [INFO] }));
  const series = metrics.take(
    liveBatch(T + 1, {
      windows: [firstWindow(T + 1, [0.003, 0.02, 0.2, 7], ["", "ValueError", "", ""])],
    }),
  );
  const value = (name: string, extra: Record<string, string> = {}) => {
    const found = series.filter((s) =>
      s.labels.some(([n, v]) => n === "__name__" && v === name) &&
      Object.entries(extra).every(([k, v]) => s.labels.some(([n, x]) => n === k && x === v))
    );
    assert.equal(found.length, 1, `${name} ${JSON.stringify(extra)}`);
    assert.equal(found[0].samples.length, 1);
    assert.equal(found[0].samples[0].timestamp, (T + 1) * 1000);
    return found[0].samples[0].value;
  };
  assert.equal(value("brunt_iterations_total"), 4);
  assert.equal(value("brunt_iteration_failures_total", { etype: "ValueError" }), 1);
  assert.equal(value("brunt_iterations_in_flight"), 2);
  assert.equal(value("brunt_iteration_duration_seconds_bucket", { le: "0.005" }), 1);
  assert.equal(value("brunt_iteration_duration_seconds_bucket", { le: "0.025" }), 2);
  assert.equal(value("brunt_iteration_duration_seconds_bucket", { le: "0.25" }), 3);
  assert.equal(value("brunt_iteration_duration_seconds_bucket", { le: "5" }), 3);
  assert.equal(value("brunt_iteration_duration_seconds_bucket", { le: "+Inf" }), 4);
  assert.equal(value("brunt_iteration_duration_seconds_count"), 4);
  assert.ok(Math.abs(value("brunt_iteration_duration_seconds_sum") - 7.223) < 1e-12);
  assert.equal(value("brunt_atomic_duration_seconds_count", { action: "get" }), 4);
  assert.equal(value("brunt_hook_runs_total", { hook: "fault on", status: "success" }), 0);
  assert.equal(value("brunt_hook_active", { hook: "fault on" }), 0);
  for (const s of series) {
    const names = s.labels.map(([n]) => n);
    assert.deepEqual(names, [...names].sort(), "labels sorted by name");
    assert.ok(names.includes("run_id") && names.includes("task") && names.includes("workload"));
  }
});

Deno.test("brunt_hook_active steps to 1 at a run's exact start and back at its end, also within one second", () => {
  const metrics = new PrometheusMetrics();
  metrics.take(liveBatch(T, { started: [INFO] }));
  const run = {
    triggered_by: { event_type: "time" as const, value: 1 },
    started_at: T + 0.25,
    finished_at: T + 0.5,
    status: "failed" as const,
  };
  const series = metrics.take(liveBatch(T + 1, {
    hookRuns: [
      { type: "started", workloadUuid: "w1", hookIndex: 0, seq: 1, run },
      { type: "finished", workloadUuid: "w1", hookIndex: 0, seq: 1, run },
    ],
  }));
  const active = series.find((s) => s.labels.some(([, v]) => v === "brunt_hook_active"))!;
  assert.deepEqual(active.samples, [
    { value: 1, timestamp: (T + 0.25) * 1000 },
    { value: 0, timestamp: (T + 0.5) * 1000 },
    { value: 0, timestamp: (T + 1) * 1000 },
  ]);
  const failed = series.find((s) =>
    s.labels.some(([, v]) => v === "brunt_hook_runs_total") &&
    s.labels.some(([n, v]) => n === "status" && v === "failed")
  )!;
  assert.equal(failed.samples[0].value, 1);
});

Deno.test("/metrics text lists each family once with HELP and TYPE, label values escaped", () => {
  const metrics = new PrometheusMetrics();
  metrics.take(liveBatch(T, {
    task: { title: 'say "hi"\\', uuid: "run-1" },
    started: [INFO],
    windows: [firstWindow(T, [0.01], [""])],
  }));
  const text = metrics.exposition();
  assert.match(text, /^# HELP brunt_iterations_total /m);
  assert.match(text, /^# TYPE brunt_iteration_duration_seconds histogram$/m);
  assert.equal(text.match(/^# TYPE brunt_iteration_duration_seconds /gm)!.length, 1);
  assert.match(
    text,
    /^brunt_iterations_total\{run_id="run-1",task="say \\"hi\\"\\\\",workload="Dummy.dummy#0"\} 1$/m,
  );
});

Deno.test("a remote write request is a snappy-compressed WriteRequest with labels, samples and metadata", () => {
  const body = encodeWriteRequest(
    [{ labels: [["__name__", "up"], ["job", "x"]], samples: [{ value: 2.5, timestamp: 1234 }] }],
    [{ name: "up", type: "gauge", help: "Up." }],
  );
  const reader = new BinaryReader(uncompress(body));
  const found: unknown[] = [];
  while (reader.pos < reader.len) {
    const [field, type] = reader.tag();
    assert.equal(type, WireType.LengthDelimited);
    const inner = new BinaryReader(reader.bytes());
    const parts: unknown[] = [];
    while (inner.pos < inner.len) {
      const [f, t] = inner.tag();
      if (field === 1 && f === 1) {
        const label = new BinaryReader(inner.bytes());
        label.tag();
        const name = label.string();
        label.tag();
        parts.push([name, label.string()]);
      } else if (field === 1 && f === 2) {
        const sample = new BinaryReader(inner.bytes());
        sample.tag();
        const value = sample.double();
        sample.tag();
        parts.push({ value, timestamp: Number(sample.int64()) });
      } else if (t === WireType.Varint) parts.push(inner.int32());
      else parts.push(inner.string());
    }
    found.push([field, parts]);
  }
  assert.deepEqual(found, [
    [1, [["__name__", "up"], ["job", "x"], { value: 2.5, timestamp: 1234 }]],
    [3, [2, "up", "Up."]],
  ]);
});

Deno.test("an endpoint that refuses or never answers loses batches with a count, and close() is bounded", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const refused = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/api/v1/write`;
  listener.close();
  const hung = Promise.withResolvers<void>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => hung.promise.then(() => new Response("late")),
  );
  try {
    const refusing = new RemoteWriteOutput({ url: refused, closeTimeoutMs: 2000 });
    const silent = new RemoteWriteOutput({
      url: `http://127.0.0.1:${server.addr.port}/`,
      timeoutMs: 200,
      closeTimeoutMs: 300,
      maxQueued: 2,
    });
    for (const out of [refusing, silent]) {
      out.take(liveBatch(T, { started: [INFO] }));
      for (let i = 1; i <= 4; i++) {
        out.take(liveBatch(T + i, { windows: [firstWindow(T + i, [0.01], [""])] }));
      }
    }
    const [w1] = await refusing.close();
    assert.match(
      w1,
      /^prometheus-rw http:\/\/127\.0\.0\.1:\d+\/api\/v1\/write: 5 of 5 batches not delivered: 5× /,
    );
    const [w2] = await silent.close();
    assert.match(w2, /: 5 of 5 batches not delivered: /);
    assert.match(w2, /the queue was full/);
  } finally {
    hung.resolve();
    await server.shutdown();
  }
});
