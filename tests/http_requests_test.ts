import assert from "node:assert/strict";
import { withServer } from "./helpers/local_server.ts";
import { RealClock } from "../src/clock/real_clock.ts";
import { IterationExecutor } from "../src/engine/iteration_executor.ts";
import type { IterationRecord } from "../src/model/iteration_record.ts";
import { iterationRandom } from "../src/engine/seeded_random.ts";
import { firstLine, type PluginEntry } from "../src/model/plugin_registry.ts";
import type { ScenarioPlugin } from "../src/plugins/scenario.ts";
import type { Http1Client } from "../src/http/http1_client.ts";
import { CHECK_REQUEST_ACTION } from "../src/scenarios/http_requests.ts";
import { defaultPlugins } from "../mod.ts";
import { validatedArgs } from "./helpers/validated_args.ts";
import { parseTask } from "../src/task/load.ts";
import type { TaskFileError } from "../src/task/task_file_error.ts";

const checkRequest = defaultPlugins().get<ScenarioPlugin>("scenario", "HttpRequests.check_request");
const checkRandomRequest = defaultPlugins().get<ScenarioPlugin>(
  "scenario",
  "HttpRequests.check_random_request",
);

// Runs iterations as the engine runs them, on the real clock, with one
// client for them all as a workload has, and `args` as a task file gives
// them (validated, defaults filled in).
async function iterate(
  scenario: PluginEntry<ScenarioPlugin>,
  args: unknown,
  options: { times?: number; seed?: number; timeoutMs?: number } = {},
): Promise<IterationRecord[]> {
  const client = scenario.impl.workloadState!.create() as Http1Client;
  const executor = new IterationExecutor({
    scenario: scenario.impl.run,
    workloadState: client,
    args: validatedArgs(scenario.schema, args),
    clock: new RealClock(),
    random: iterationRandom(options.seed ?? 1),
    timeoutMs: options.timeoutMs,
  });
  const records = [];
  for (let n = 1; n <= (options.times ?? 1); n++) records.push(await executor.run(n));
  executor.dispose();
  client.closeIdle();
  return records;
}

// `promise`'s value, or `late` if it takes longer than `ms` (a bound, not a wait).
async function within<T, L>(ms: number, promise: Promise<T>, late: L): Promise<T | L> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<L>((r) => timer = setTimeout(() => r(late), ms)),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("HttpRequests scenarios register under Rally's names with their summaries", () => {
  assert.equal(
    firstLine(checkRequest.description),
    "Sends an HTTP request and checks the response status.",
  );
  assert.equal(
    firstLine(checkRandomRequest.description),
    "Sends one request chosen at random from a list and checks its status.",
  );
});

Deno.test("check_request with the expected status succeeds and times requests.check_request", async () => {
  let calls = 0;
  await withServer(() => {
    calls++;
    return new Response("fine");
  }, async (base) => {
    const args = { url: `${base}/`, method: "GET", status_code: 200 };
    const [record] = await iterate(checkRequest, args);
    assert.deepEqual(record.error, []);
    assert.equal(record.atomic_actions.length, 1);
    const action = record.atomic_actions[0];
    assert.equal(action.name, CHECK_REQUEST_ACTION);
    assert.equal(action.name, "requests.check_request");
    assert.equal(action.failed, undefined);
    assert.ok(action.finished_at >= action.started_at);
    assert.equal(calls, 1);
  });
});

Deno.test("check_request fails with Rally's ValueError when the status differs", async () => {
  await withServer(() => new Response("nope", { status: 404 }), async (base) => {
    const args = { url: `${base}/missing`, method: "GET", status_code: 200 };
    const [record] = await iterate(checkRequest, args);
    assert.equal(record.error[0], "ValueError");
    assert.equal(record.error[1], "Expected HTTP request code is `200` actual `404`");
    assert.equal(record.atomic_actions[0].failed, true);
  });
});

Deno.test("check_request sends method, headers, params and a JSON body", async () => {
  const seen: string[] = [];
  await withServer(async (req) => {
    seen.push(
      `${req.method} ${new URL(req.url).search} ${req.headers.get("content-type")} ${
        req.headers.get("x-token")
      } ${await req.text()}`,
    );
    return new Response(null, { status: 201 });
  }, async (base) => {
    const args = {
      url: `${base}/items`,
      method: "post",
      status_code: 201,
      headers: { "X-Token": "t" },
      params: { a: 1, b: ["x", "y"] },
      json: { name: "n" },
    };
    const [record] = await iterate(checkRequest, args);
    assert.deepEqual(record.error, []);
    const form = {
      url: `${base}/f`,
      method: "PUT",
      status_code: 201,
      data: { k: "v w" },
    };
    await iterate(checkRequest, form);
  });
  assert.deepEqual(seen, [
    'POST ?a=1&b=x&b=y application/json t {"name":"n"}',
    "PUT  application/x-www-form-urlencoded null k=v+w",
  ]);
});

Deno.test("check_request times out after `timeout` seconds with TimeoutError naming the url", async () => {
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  await withServer(async () => {
    await released;
    return new Response("late");
  }, async (base) => {
    try {
      const args = {
        url: `${base}/slow`,
        method: "GET",
        status_code: 200,
        timeout: 0.1,
      };
      const [record] = await iterate(checkRequest, args);
      assert.equal(record.error[0], "TimeoutError");
      assert.equal(record.error[1], `Request to ${base}/slow timed out after 0.1 s`);
      assert.ok(record.duration >= 0.1 && record.duration < 5, `took ${record.duration} s`);
      assert.equal(record.atomic_actions[0].failed, true);
    } finally {
      release();
    }
  });
});

Deno.test("the runner's iteration timeout cancels the request in flight and closes its connection", async () => {
  // A server that reads the request, never answers, and reports when the client hangs up.
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const hungUp = (async () => {
    const conn = await listener.accept();
    const buf = new Uint8Array(4096);
    try {
      await conn.read(buf);
      return await conn.read(buf); // null once the client closes the connection
    } finally {
      conn.close();
    }
  })();
  try {
    const url = `http://127.0.0.1:${listener.addr.port}/`;
    const [record] = await iterate(checkRequest, { url, method: "GET", status_code: 200 }, {
      timeoutMs: 100,
    });
    assert.equal(record.error[0], "TimeoutError");
    assert.equal(record.error[1], "Iteration timed out after 0.1 s");
    assert.equal(await within(2_000, hungUp, "still open"), null);
  } finally {
    listener.close();
  }
});

Deno.test("check_request to a closed port fails with ConnectionError naming the url", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${listener.addr.port}/`;
  listener.close();
  const [record] = await iterate(checkRequest, { url, method: "GET", status_code: 200 });
  assert.equal(record.error[0], "ConnectionError");
  assert.equal(record.error[1], `Connection to ${url} refused: nothing is listening there`);
  assert.equal(record.atomic_actions[0].failed, true);
});

Deno.test("check_request follows redirects unless allow_redirects is false", async () => {
  await withServer((req) => {
    if (new URL(req.url).pathname === "/old") {
      return new Response(null, { status: 302, headers: { location: "/new" } });
    }
    return new Response("new");
  }, async (base) => {
    const followed = await iterate(checkRequest, {
      url: `${base}/old`,
      method: "GET",
      status_code: 200,
    });
    assert.deepEqual(followed[0].error, []);
    const kept = await iterate(checkRequest, {
      url: `${base}/old`,
      method: "GET",
      status_code: 302,
      allow_redirects: false,
    });
    assert.deepEqual(kept[0].error, []);
    const wrong = await iterate(checkRequest, {
      url: `${base}/old`,
      method: "GET",
      status_code: 200,
      allow_redirects: false,
    });
    assert.equal(wrong[0].error[1], "Expected HTTP request code is `200` actual `302`");
  });
});

Deno.test("check_random_request picks requests with the seeded random source: same seed, same sequence", async () => {
  const paths: string[] = [];
  await withServer((req) => {
    paths.push(new URL(req.url).pathname);
    return new Response("x");
  }, async (base) => {
    const args = {
      requests: ["a", "b", "c", "d"].map((p) => ({ url: `${base}/${p}`, method: "GET" })),
      status_code: 200,
    };
    const run = async (seed: number) => {
      paths.length = 0;
      const records = await iterate(checkRandomRequest, args, { times: 20, seed });
      assert.ok(records.every((r) => r.error.length === 0));
      return [...paths];
    };
    const first = await run(7);
    assert.deepEqual(await run(7), first);
    // Each choice is floor(random() × 4) of its iteration's own source.
    const random = iterationRandom(7);
    assert.deepEqual(first, first.map((_, i) => `/${"abcd"[Math.floor(random(i + 1)() * 4)]}`));
    assert.notDeepEqual(await run(8), first);
    assert.ok(new Set(first).size > 1);
  });
});

Deno.test("check_random_request checks a request's own status_code before the common one", async () => {
  await withServer((req) => {
    return new Response(null, { status: new URL(req.url).pathname === "/gone" ? 410 : 200 });
  }, async (base) => {
    const args = {
      requests: [
        { url: `${base}/gone`, method: "GET", status_code: 410 },
        { url: `${base}/here`, method: "GET" },
      ],
      status_code: 200,
    };
    const records = await iterate(checkRandomRequest, args, { times: 10 });
    assert.ok(
      records.every((r) => r.error.length === 0),
      JSON.stringify(records.map((r) => r.error)),
    );
  });
});

Deno.test("HttpRequests args the schema cannot judge are rejected before the load starts", () => {
  const problem = (name: string, args: unknown) =>
    defaultPlugins().find("scenario", name)!.validate!(args);
  assert.equal(
    problem("HttpRequests.check_request", {
      url: "http://[bad/",
      method: "GET",
      status_code: 200,
    }),
    'Invalid URL "http://[bad/": give an absolute http(s) URL like "http://127.0.0.1:8080/"',
  );
  assert.equal(
    problem("HttpRequests.check_request", {
      url: "http://x/",
      method: "POST",
      status_code: 200,
      json: {},
      data: "a",
    }),
    'give one request body, not "data" and "json"',
  );
  assert.match(
    problem("HttpRequests.check_random_request", {
      requests: [{ url: "http://x/", method: "GET" }, {
        url: "http://x/",
        method: "GET",
        headers: { "a b": "1" },
      }],
      status_code: 200,
    }) as string,
    /^requests\[1\]: Invalid HTTP header name "a b"/,
  );
  assert.equal(
    problem("HttpRequests.check_request", { url: "http://x/", method: "GET", status_code: 200 }),
    undefined,
  );
});

// --- requests' verify, auth and cookies ---------------------------------------

const TLS_DIR = new URL("./fixtures/tls/", import.meta.url);
const CERT = Deno.readTextFileSync(new URL("cert.pem", TLS_DIR));
const KEY = Deno.readTextFileSync(new URL("key.pem", TLS_DIR));

// An https service with a self-signed certificate (CN=localhost, 127.0.0.1), as Rally's test had.
async function withHttpsServer(fn: (base: string) => Promise<void>): Promise<void> {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, cert: CERT, key: KEY, onListen() {} },
    () => new Response("ok"),
  );
  try {
    await fn(`https://127.0.0.1:${server.addr.port}/`);
  } finally {
    await server.shutdown();
  }
}

Deno.test("check_request to a self-signed https service fails by default and succeeds with verify false, as in Rally", async () => {
  await withHttpsServer(async (url) => {
    const [checked] = await iterate(checkRequest, { url, method: "GET", status_code: 200 });
    assert.equal(checked.error[0], "ConnectionError");
    assert.match(checked.error[1] ?? "", /certificate/i);
    const records = await iterate(checkRequest, {
      url,
      method: "GET",
      status_code: 200,
      verify: false,
    }, { times: 3 });
    assert.deepEqual(records.map((r) => r.error), [[], [], []]);
  });
});

Deno.test("check_request with verify set to a CA file trusts that certificate", async () => {
  await withHttpsServer(async (url) => {
    const [record] = await iterate(checkRequest, {
      url,
      method: "GET",
      status_code: 200,
      verify: new URL("cert.pem", TLS_DIR).pathname,
    });
    assert.deepEqual(record.error, []);
  });
});

Deno.test("check_request sends auth as HTTP Basic and cookies as a Cookie header", async () => {
  const seen: (string | null)[][] = [];
  await withServer((req) => {
    seen.push([req.headers.get("authorization"), req.headers.get("cookie")]);
    return new Response(req.headers.get("authorization") ? "ok" : "no", {
      status: req.headers.get("authorization") === "Basic dXNlcjpwYXNz" ? 200 : 401,
    });
  }, async (base) => {
    const [record] = await iterate(checkRequest, {
      url: `${base}/auth`,
      method: "GET",
      status_code: 200,
      auth: ["user", "pass"],
      cookies: { session: "abc", theme: "dark" },
    });
    assert.deepEqual(record.error, []);
  });
  assert.deepEqual(seen, [["Basic dXNlcjpwYXNz", "session=abc; theme=dark"]]);
});

Deno.test("requests arguments brunt cannot honour are refused naming them, and a missing CA file too", () => {
  const problem = (args: Record<string, unknown>) =>
    checkRequest.validate!({ url: "https://x/", method: "GET", status_code: 200, ...args });
  assert.match(
    problem({ verify: "/no/such/ca.pem" }) as string,
    /^verify: cannot read the CA certificates file "\/no\/such\/ca.pem": no such file/,
  );
  assert.equal(
    problem({ auth: ["u", "p"], headers: { Authorization: "Bearer t" } }),
    'give "auth" or an Authorization header, not both',
  );
  const task = (args: Record<string, unknown>) =>
    JSON.stringify({
      "HttpRequests.check_request": [{
        args: { url: "http://x/", method: "GET", status_code: 200, ...args },
      }],
    });
  const refused = (args: Record<string, unknown>) => {
    try {
      parseTask(task(args), "t.json");
      return "";
    } catch (e) {
      return (e as TaskFileError).problems.map((p) => `${p.path}: ${p.message}`).join("\n");
    }
  };
  assert.match(
    refused({ proxies: { http: "http://p:1" } }),
    /^HttpRequests\.check_request\[0\]\.args\.proxies: unknown key "proxies"/,
  );
  assert.match(refused({ cert: "/c.pem" }), /args\.cert: unknown key "cert"/);
});
