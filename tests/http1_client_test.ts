import assert from "node:assert/strict";
import { withServer as withLocalServer } from "./helpers/local_server.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { Http1Client } from "../src/http/http1_client.ts";
import { prepareHttpRequest } from "../src/http/prepared_request.ts";
import { MAX_REDIRECTS } from "../src/http/redirect.ts";
import { HttpConnectionError, HttpTimeoutError } from "../src/http/http_errors.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

// A local server, and a client whose connections are closed before it stops.
function withServer(
  handler: Deno.ServeHandler<Deno.NetAddr>,
  fn: (base: string, client: Http1Client) => Promise<void>,
): Promise<void> {
  const client = new Http1Client();
  return withLocalServer(handler, (base) => fn(base, client), () => client.closeIdle());
}

// A TCP server that answers each connection's requests with the given raw
// responses, in order (one per request it reads), then closes the connection.
async function withRawServer(
  answers: string[][],
  fn: (base: string, client: Http1Client, received: string[]) => Promise<void>,
): Promise<void> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const received: string[] = [];
  const conns = new Set<Deno.Conn>();
  const serving = (async () => {
    for (const script of answers) {
      const conn = await listener.accept();
      conns.add(conn);
      const buf = new Uint8Array(65_536);
      for (const answer of script) {
        const n = await conn.read(buf);
        if (n === null) break;
        received.push(text(buf.subarray(0, n)));
        await conn.write(new TextEncoder().encode(answer));
      }
      conn.close();
      conns.delete(conn);
    }
  })();
  const client = new Http1Client();
  try {
    await fn(`http://127.0.0.1:${listener.addr.port}`, client, received);
  } finally {
    client.closeIdle();
    listener.close();
    for (const c of conns) c.close();
    await serving.catch(() => {});
  }
}

Deno.test("a GET reads status, headers and body and reuses the connection for the next request", async () => {
  const peers = new Set<number>();
  await withServer(
    (_req) => new Response("hello", { headers: { "x-a": "1" } }),
    async (base, client) => {
      const req = prepareHttpRequest("GET", `${base}/`);
      for (let i = 0; i < 3; i++) {
        const res = await client.request(req, { keepBodyBytes: 100 });
        assert.equal(res.status, 200);
        assert.equal(res.statusText, "OK");
        assert.equal(res.headers.get("x-a"), "1");
        assert.equal(text(res.body), "hello");
        assert.equal(res.bodyBytes, 5);
      }
    },
  );
  // One connection served all three (Deno.serve reports the peer port).
  await withServer((_req, info) => {
    peers.add(info.remoteAddr.port);
    return new Response("x");
  }, async (base, client) => {
    const req = prepareHttpRequest("GET", `${base}/`);
    for (let i = 0; i < 3; i++) await client.request(req);
  });
  assert.equal(peers.size, 1);
});

Deno.test("a request body is sent with its Content-Length and given headers", async () => {
  await withServer(async (req) => {
    const body = await req.text();
    return Response.json({
      method: req.method,
      type: req.headers.get("content-type"),
      length: req.headers.get("content-length"),
      agent: req.headers.get("user-agent"),
      body,
    });
  }, async (base, client) => {
    const req = prepareHttpRequest(
      "post",
      `${base}/x?q=1`,
      { "Content-Type": "text/plain" },
      new TextEncoder().encode("héllo"),
    );
    const res = await client.request(req, { keepBodyBytes: 1000 });
    const echoed = JSON.parse(text(res.body));
    assert.equal(echoed.method, "POST");
    assert.equal(echoed.type, "text/plain");
    assert.equal(echoed.length, "6");
    assert.match(echoed.agent, /^brunt\//);
    assert.equal(echoed.body, "héllo");
  });
});

Deno.test("chunked, close-delimited and bodiless responses are read to their end", async () => {
  await withRawServer(
    [[
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n",
      "HTTP/1.1 204 No Content\r\n\r\n",
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
    ], ["HTTP/1.0 200 OK\r\n\r\nuntil the end"]],
    async (base, client) => {
      const get = prepareHttpRequest("GET", `${base}/`);
      const chunked = await client.request(get, { keepBodyBytes: 100 });
      assert.equal(text(chunked.body), "hello world");
      const empty = await client.request(get, { keepBodyBytes: 100 });
      assert.equal(empty.status, 204);
      assert.equal(empty.bodyBytes, 0);
      const afterContinue = await client.request(get, { keepBodyBytes: 100 });
      assert.equal(afterContinue.status, 200);
      assert.equal(text(afterContinue.body), "ok");
      // The server closes the first connection here: the client notices on
      // reuse and sends again on a new one, which gets a close-delimited body.
      const toEnd = await client.request(get, { keepBodyBytes: 100 });
      assert.equal(text(toEnd.body), "until the end");
    },
  );
});

Deno.test("a HEAD response's Content-Length is not read as a body", async () => {
  await withRawServer(
    [[
      "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n",
      "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nz",
    ]],
    async (base, client) => {
      const head = await client.request(prepareHttpRequest("HEAD", `${base}/`));
      assert.equal(head.bodyBytes, 0);
      const next = await client.request(prepareHttpRequest("GET", `${base}/`), {
        keepBodyBytes: 9,
      });
      assert.equal(text(next.body), "z");
    },
  );
});

Deno.test("only keepBodyBytes of a body are kept, and the whole body is counted", async () => {
  await withServer(() => new Response("a".repeat(100_000)), async (base, client) => {
    const res = await client.request(prepareHttpRequest("GET", `${base}/`), { keepBodyBytes: 10 });
    assert.equal(res.body.length, 10);
    assert.equal(res.bodyBytes, 100_000);
  });
});

Deno.test("a response that is not HTTP fails with ConnectionError naming the url", async () => {
  await withRawServer([["SSH-2.0-OpenSSH\r\n\r\n"]], async (base, client) => {
    await assert.rejects(
      client.request(prepareHttpRequest("GET", `${base}/`)),
      (e: Error) => {
        assert.ok(e instanceof HttpConnectionError);
        assert.equal(e.name, "ConnectionError");
        assert.match(
          e.message,
          new RegExp(`${base}/ failed: the response does not start with an HTTP/1.x status line`),
        );
        return true;
      },
    );
  });
});

Deno.test("a response cut short fails with ConnectionError", async () => {
  await withRawServer(
    [["HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"]],
    async (base, client) => {
      await assert.rejects(
        client.request(prepareHttpRequest("GET", `${base}/`)),
        /failed: the server closed the connection 3 bytes into a 10-byte body/,
      );
    },
  );
});

Deno.test("a refused connection fails with ConnectionError naming the url", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = listener.addr.port;
  listener.close();
  await assert.rejects(
    new Http1Client().request(prepareHttpRequest("GET", `http://127.0.0.1:${port}/`)),
    (e: Error) => {
      assert.equal(e.name, "ConnectionError");
      assert.equal(
        e.message,
        `Connection to http://127.0.0.1:${port}/ refused: nothing is listening there`,
      );
      return true;
    },
  );
});

Deno.test("the timeout runs on the given clock and fails the request with TimeoutError when it ends", async () => {
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  await withServer(async () => {
    await released;
    return new Response("late");
  }, async (base, client) => {
    try {
      const clock = new SimulatedClock();
      const pending = client.request(prepareHttpRequest("GET", `${base}/`), { timeoutS: 2, clock });
      let settled = false;
      const outcome = pending.then(() => "resolved", (e) => e).finally(() => settled = true);
      await clock.advance(1_999);
      assert.equal(settled, false);
      await clock.advance(1);
      const error = await outcome;
      assert.ok(error instanceof HttpTimeoutError);
      assert.equal((error as Error).message, `Request to ${base}/ timed out after 2 s`);
    } finally {
      release();
    }
  });
});

Deno.test("an aborted signal rejects with its reason", async () => {
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);
  await withServer(async () => {
    await released;
    return new Response("late");
  }, async (base, client) => {
    try {
      const controller = new AbortController();
      const pending = client.request(prepareHttpRequest("GET", `${base}/`), {
        signal: controller.signal,
      });
      const reason = new Error("stop now");
      setTimeout(() => controller.abort(reason), 20);
      await assert.rejects(pending, (e) => e === reason);
    } finally {
      release();
    }
  });
});

Deno.test("redirects are followed as requests follows them: 303 becomes GET, 307 keeps the method", async () => {
  const seen: string[] = [];
  await withServer(async (req) => {
    const path = new URL(req.url).pathname;
    seen.push(`${req.method} ${path} ${await req.text()}`);
    if (path === "/see-other") {
      return new Response(null, { status: 303, headers: { location: "/done" } });
    }
    if (path === "/temporary") {
      return new Response(null, { status: 307, headers: { location: "/done" } });
    }
    if (path === "/loop") {
      return new Response(null, { status: 302, headers: { location: "/loop" } });
    }
    return new Response("done");
  }, async (base, client) => {
    const body = new TextEncoder().encode("b");
    const r303 = await client.request(prepareHttpRequest("POST", `${base}/see-other`, [], body));
    assert.equal(r303.status, 200);
    assert.equal(r303.url.href, `${base}/done`);
    assert.equal(r303.redirects, 1);
    await client.request(prepareHttpRequest("POST", `${base}/temporary`, [], body));
    assert.deepEqual(seen, [
      "POST /see-other b",
      "GET /done ",
      "POST /temporary b",
      "POST /done b",
    ]);

    const unfollowed = await client.request(prepareHttpRequest("GET", `${base}/see-other`), {
      followRedirects: false,
    });
    assert.equal(unfollowed.status, 303);
    await assert.rejects(
      client.request(prepareHttpRequest("GET", `${base}/loop`)),
      (e: Error) =>
        e.name === "TooManyRedirects" &&
        e.message.startsWith(`Exceeded ${MAX_REDIRECTS} redirects`),
    );
  });
});

Deno.test("prepareHttpRequest rejects bad URLs, methods and headers with what would be right", () => {
  assert.throws(
    () => prepareHttpRequest("GET", "127.0.0.1:8080/"),
    /Unsupported URL scheme|Invalid URL/,
  );
  assert.throws(
    () => prepareHttpRequest("GET", "ftp://x/"),
    /Unsupported URL scheme "ftp:" in ftp:\/\/x\/: use http: or https:/,
  );
  assert.throws(() => prepareHttpRequest("GE T", "http://x/"), /Invalid HTTP method "GE T"/);
  assert.throws(
    () => prepareHttpRequest("GET", "http://x/", { "a b": "1" }),
    /Invalid HTTP header name "a b"/,
  );
  assert.throws(
    () => prepareHttpRequest("GET", "http://x/", { a: "1\r\nb: 2" }),
    /Invalid value of HTTP header "a": .* \(a string without line breaks or NUL is needed\)/,
  );
  const wire = text(prepareHttpRequest("GET", "http://u:p%40ss@x:81/a?b=1", { Host: "y" }).wire);
  assert.match(wire, /^GET \/a\?b=1 HTTP\/1\.1\r\nHost: y\r\n/);
  assert.match(wire, /authorization: Basic dTpwQHNz\r\n/);
  assert.doesNotMatch(wire, /host: x/);
});
