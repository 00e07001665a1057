import assert from "node:assert/strict";
import { NO_FAULT, parseFault, startTarget, type Target } from "../examples/target/server.ts";

async function withTarget(fn: (target: Target) => Promise<void>): Promise<void> {
  const target = startTarget();
  try {
    await fn(target);
  } finally {
    await target.close();
  }
}

async function call(
  url: string,
  method = "GET",
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const res = await fetch(url, {
    method,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

Deno.test("the target answers GET / with 200 ok, after delay_ms when asked", async () => {
  await withTarget(async (target) => {
    assert.match(target.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.deepEqual(await call(target.url), { status: 200, text: "ok\n" });
    const started = performance.now();
    assert.equal((await call(`${target.url}?delay_ms=30`)).status, 200);
    assert.ok(performance.now() - started >= 29);
    assert.deepEqual(await call(`${target.url}?delay_ms=-1`), {
      status: 400,
      text: "delay_ms must be a number from 0 to 60000; got -1\n",
    });
    assert.equal((await call(`${target.url}nothing`)).status, 404);
    assert.deepEqual(target.counts(), { served: 2, injectedErrors: 0 });
  });
});

Deno.test("POST /fault sets the fault (fields left out are off), GET shows it, DELETE clears it", async () => {
  await withTarget(async (target) => {
    const fault = `${target.url}fault`;
    assert.deepEqual(JSON.parse((await call(fault)).text), NO_FAULT);
    await call(fault, "POST", { latency_ms: 5, error_rate: 0.5 });
    assert.deepEqual(JSON.parse((await call(fault)).text), {
      latency_ms: 5,
      error_rate: 0.5,
      refuse: false,
      recovery_ms: 0,
    });
    await call(fault, "POST", { error_rate: 0.1 });
    assert.deepEqual(target.fault(), {
      latency_ms: 0,
      error_rate: 0.1,
      refuse: false,
      recovery_ms: 0,
    });
    const cleared = await call(target.controlUrl, "DELETE");
    assert.deepEqual(JSON.parse(cleared.text), NO_FAULT);
    assert.deepEqual(target.fault(), NO_FAULT);
  });
});

Deno.test("with recovery_ms, a cleared fault's latency fades out instead of stopping at once", async () => {
  await withTarget(async (target) => {
    const fault = `${target.url}fault`;
    await call(fault, "POST", { latency_ms: 400, error_rate: 1, recovery_ms: 400 });
    assert.deepEqual(JSON.parse((await call(fault, "DELETE")).text), NO_FAULT);
    const started = performance.now();
    // No more errors at once, but still slow: over 200 ms of the 400 are left for 200 ms.
    assert.equal((await call(target.url)).status, 200);
    assert.ok(performance.now() - started >= 100, `${performance.now() - started} ms`);
    assert.deepEqual(target.counts(), { served: 1, injectedErrors: 0 });
  });
  assert.equal(
    parseFault({ recovery_ms: -1 }),
    "recovery_ms must be a number of milliseconds from 0 to 60000; got -1",
  );
});

Deno.test("a bad fault is refused with 400 saying what is allowed", async () => {
  await withTarget(async (target) => {
    const fault = `${target.url}fault`;
    assert.deepEqual(await call(fault, "POST", { latency: 5 }), {
      status: 400,
      text: 'Unknown fault field "latency"; use latency_ms, error_rate, refuse or recovery_ms\n',
    });
    assert.equal((await call(fault, "POST", "{")).status, 400);
    assert.equal((await call(fault, "PATCH")).status, 405);
    assert.deepEqual(target.fault(), NO_FAULT);
  });
  assert.equal(
    parseFault({ error_rate: 2 }),
    "error_rate must be a fraction from 0 to 1 (0.2: every fifth request fails); got 2",
  );
  assert.equal(
    parseFault({ latency_ms: "200" }),
    'latency_ms must be a number of milliseconds from 0 to 60000; got "200"',
  );
  assert.equal(parseFault({ refuse: 1 }), "refuse must be true or false; got 1");
  assert.deepEqual(parseFault({}), NO_FAULT);
});

Deno.test("error_rate 0.2 makes every fifth answer a 500, and latency_ms delays every answer", async () => {
  await withTarget(async (target) => {
    await call(`${target.url}fault`, "POST", { error_rate: 0.2, latency_ms: 20 });
    const statuses = [];
    const started = performance.now();
    for (let i = 0; i < 10; i++) statuses.push((await call(target.url)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 500, 200, 200, 200, 200, 500]);
    assert.ok(performance.now() - started >= 10 * 19);
    assert.deepEqual(target.counts(), { served: 10, injectedErrors: 2 });
  });
});

Deno.test("refuse closes the load port until the fault is cleared over the control port", async () => {
  await withTarget(async (target) => {
    assert.equal((await call(target.controlUrl, "POST", { refuse: true })).status, 200);
    await assert.rejects(fetch(target.url), TypeError);
    assert.equal((await call(target.controlUrl)).status, 200);
    await call(target.controlUrl, "DELETE");
    assert.deepEqual(await call(target.url), { status: 200, text: "ok\n" });
  });
});
