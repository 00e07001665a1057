import assert from "node:assert/strict";
import {
  DEFAULT_HTTP_CALL_TIMEOUT_S,
  HttpCall,
  type HttpCallArgs,
  MAX_HTTP_CALL_BODY_BYTES,
} from "../hooks/http_call.ts";
import type { Clock } from "../src/clock/clock.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { hookTimeoutMs } from "../src/engine/hook_run_actor.ts";
import "../src/builtin/builtin_plugins.ts";
import { firstLine } from "../src/model/plugin_registry.ts";
import { parseTask } from "../src/task/load.ts";
import { withServer } from "./helpers/local_server.ts";
import { runHookOnce } from "./helpers/run_hook.ts";
import { steppedClock } from "./helpers/stepped_clock.ts";
import { defaultPlugins } from "../mod.ts";
import { validatedArgs } from "./helpers/validated_args.ts";

// Runs the hook with `config` as a task file would give it (defaults filled in).
const runHook = (config: unknown, init?: { clock?: Clock; signal?: AbortSignal }) =>
  runHookOnce(HttpCall, validatedArgs<HttpCallArgs>(HttpCall.schema, config), init);

Deno.test("http_call registers as the hook plugin http_call with its summary", () => {
  const entry = defaultPlugins().find("hook", "http_call");
  assert.equal(entry?.impl, HttpCall);
  assert.equal(
    firstLine(entry!.description),
    "Calls an HTTP endpoint and records the response status and body.",
  );
});

Deno.test("http_call POSTs a JSON body and records status and body in an HTTP call TextArea", async () => {
  const seen: string[] = [];
  await withServer(async (req) => {
    seen.push(`${req.method} ${req.headers.get("content-type")} ${await req.text()}`);
    return Response.json({ latency_ms: 200 });
  }, async (base) => {
    const r = await runHook({
      url: `${base}/fault`,
      method: "POST",
      body: { latency_ms: 200 },
    });
    assert.deepEqual(r, {
      status: "success",
      error: undefined,
      output: {
        additive: [],
        complete: [{
          title: "HTTP call",
          description: `POST ${base}/fault`,
          chart_plugin: "TextArea",
          data: ["Status: 200 OK", 'Body: {"latency_ms":200}'],
        }],
      },
    });
  });
  assert.deepEqual(seen, ['POST application/json {"latency_ms":200}']);
});

Deno.test("http_call given a URL string GETs it", async () => {
  await withServer((req) => new Response(req.method), async (base) => {
    const r = await runHook(`${base}/`);
    assert.equal(r.status, "success");
    assert.deepEqual(r.output.complete[0].data, ["Status: 200 OK", "Body: GET"]);
  });
});

Deno.test("http_call fails with HTTPError on a status it does not expect, the body as details", async () => {
  await withServer((req) => {
    const path = new URL(req.url).pathname;
    if (path === "/created") return new Response("made", { status: 201 });
    return new Response("no such thing", { status: 404 });
  }, async (base) => {
    const missing = await runHook(`${base}/missing`);
    assert.equal(missing.status, "failed");
    assert.deepEqual(missing.error, {
      etype: "HTTPError",
      msg: `GET ${base}/missing answered 404 Not Found; expected a 2xx status`,
      details: "no such thing",
    });
    assert.deepEqual(missing.output.complete[0].data, [
      "Status: 404 Not Found",
      "Body: no such thing",
    ]);

    const listed = await runHook({ url: `${base}/created`, expect_status: [200, 204] });
    assert.equal(
      listed.error?.msg,
      `GET ${base}/created answered 201 Created; expected one of 200, 204`,
    );
    assert.equal(
      (await runHook({ url: `${base}/created`, expect_status: [200, 201] })).status,
      "success",
    );
    assert.equal((await runHook({ url: `${base}/missing`, expect_status: 404 })).status, "success");
  });
});

Deno.test("http_call to a closed port fails with ConnectionError naming the url; details say the call and its causes, no stack", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${listener.addr.port}/fault`;
  listener.close();
  const r = await runHook({ url, method: "DELETE" });
  assert.equal(r.status, "failed");
  assert.equal(r.error?.etype, "ConnectionError");
  assert.equal(r.error?.msg, `Connection to ${url} refused: nothing is listening there`);
  assert.match(r.error!.details, new RegExp(`^DELETE ${url}\ncaused by ConnectionRefused: `));
  assert.doesNotMatch(r.error!.details, /file:|\.ts:\d+|\bat /);
  assert.deepEqual(r.output, { additive: [], complete: [] });
});

Deno.test("http_call fails with TimeoutError when the call outlasts its timeout on the task clock", async () => {
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  await withServer(async () => {
    await released;
    return new Response("late");
  }, async (base) => {
    try {
      const { clock, advance } = steppedClock();
      let done = false;
      const running = runHook({ url: `${base}/slow`, timeout: 3 }, { clock }).finally(() =>
        done = true
      );
      await advance(2_999);
      assert.equal(done, false);
      await advance(1);
      const r = await running;
      assert.equal(r.error?.etype, "TimeoutError");
      assert.equal(r.error?.msg, `Request to ${base}/slow timed out after 3 s`);
    } finally {
      release();
    }
  });
});

Deno.test("on a simulated clock a call takes no simulated time and its timeout counts real time", async () => {
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  await withServer(async (req) => {
    if (new URL(req.url).pathname === "/slow") await released;
    else await new Promise((r) => setTimeout(r, 100));
    return new Response("late");
  }, async (base) => {
    try {
      const clock = new SimulatedClock();
      const start = clock.now();
      const started = performance.now();
      let done = 0;
      const [answered, hung] = [
        runHook(`${base}/`, { clock }),
        runHook({ url: `${base}/slow`, timeout: 0.2 }, { clock }),
      ].map((run) => run.finally(() => done++));
      // A timer due long before either call ends does not fire until both have.
      let fired = false;
      clock.setTimeout(() => fired = true, 1);
      await clock.runUntil(() => done === 2 && fired);
      const took = performance.now() - started;
      assert.equal((await answered).status, "success");
      assert.equal((await hung).error?.msg, `Request to ${base}/slow timed out after 0.2 s`);
      assert.ok(took >= 190 && took < 5_000, `took ${took} ms`);
      assert.equal(clock.now(), start + 1);
    } finally {
      release();
    }
  });
});

Deno.test("http_call keeps at most 64 KiB of the body and says it was truncated", async () => {
  const big = "x".repeat(MAX_HTTP_CALL_BODY_BYTES + 1000);
  await withServer(() => new Response(big), async (base) => {
    const r = await runHook(`${base}/`);
    const body = (r.output.complete[0].data as string[])[1];
    assert.equal(
      body,
      `Body: ${
        "x".repeat(MAX_HTTP_CALL_BODY_BYTES)
      }\n… (truncated: the first ${MAX_HTTP_CALL_BODY_BYTES} of ${big.length} bytes kept)`,
    );
  });
});

Deno.test("http_call's timeout defaults to 10 s in the task, which bounds the hook run", () => {
  const spec = parseTask(
    JSON.stringify({
      "Dummy.dummy": [{
        runner: { type: "serial", times: 1 },
        hooks: [{
          name: "http_call",
          args: { url: "http://127.0.0.1:8080/fault", method: "DELETE" },
          trigger: { name: "event", args: { unit: "iteration", at: [1] } },
        }],
      }],
    }),
    "task.json",
  );
  const hook = spec.subtasks[0].workloads[0].hooks[0];
  assert.equal((hook.action.args as { timeout: number }).timeout, DEFAULT_HTTP_CALL_TIMEOUT_S);
  assert.equal(DEFAULT_HTTP_CALL_TIMEOUT_S, 10);
  // The engine gives a run its own timeout plus a grace period, instead of the 600 s default.
  assert.equal(hookTimeoutMs(hook), 15_000);
});

Deno.test("http_call args with a bad URL or header are rejected before the load starts", () => {
  assert.throws(
    () =>
      parseTask(
        JSON.stringify({
          "Dummy.dummy": [{
            runner: { type: "serial", times: 1 },
            hooks: [{
              name: "http_call",
              args: { url: "http://127.0.0.1:8080/", headers: { "bad name": "1" } },
              trigger: { name: "event", args: { unit: "iteration", at: [1] } },
            }],
          }],
        }),
        "task.json",
      ),
    /Invalid HTTP header name "bad name"/,
  );
  assert.equal(
    HttpCall.validate("ftp://x/"),
    'Unsupported URL scheme "ftp:" in ftp://x/: use http: or https:',
  );
  assert.equal(HttpCall.validate({ url: "http://127.0.0.1/", method: "PUT" }), undefined);
});
