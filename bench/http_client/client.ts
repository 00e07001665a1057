/**
 * One HTTP client under load: keeps `concurrency` requests in flight against
 * `url` for `seconds`, consuming every response body, and prints one JSON
 * line `{client, concurrency, requests, errors, rps}`. `brunt` is brunt's own
 * keep-alive client (src/http/http1_client.ts), the one the HttpRequests
 * scenarios use.
 *
 *     deno run -A bench/http_client/client.ts brunt|fetch|node_http|undici URL CONCURRENCY SECONDS
 *
 * @module
 */
import http from "node:http";
import { Agent, request as undiciRequest } from "undici";
import { Http1Client } from "../../src/http/http1_client.ts";
import { prepareHttpRequest } from "../../src/http/prepared_request.ts";

/** Sends one GET and resolves with its status once the body is read. */
type Send = () => Promise<number>;

const [kind, url, concurrencyArg, secondsArg] = Deno.args;
const concurrency = Number(concurrencyArg ?? 10);
const seconds = Number(secondsArg ?? 3);

function fetchClient(): Send {
  return async () => {
    const response = await fetch(url);
    await response.arrayBuffer();
    return response.status;
  };
}

function nodeHttpClient(): Send {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  return () =>
    new Promise((resolve, reject) => {
      const req = http.request(url, { method: "GET", agent }, (res) => {
        res.on("data", () => {});
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
}

function undiciClient(): Send {
  const dispatcher = new Agent({ connections: concurrency });
  return async () => {
    const response = await undiciRequest(url, { method: "GET", dispatcher });
    await response.body.arrayBuffer();
    return response.statusCode;
  };
}

function bruntClient(): Send {
  const client = new Http1Client();
  const request = prepareHttpRequest("GET", url);
  return async () => (await client.request(request)).status;
}

const clients: Record<string, () => Send> = {
  brunt: bruntClient,
  fetch: fetchClient,
  node_http: nodeHttpClient,
  undici: undiciClient,
};
if (!clients[kind] || !url) {
  console.error(`usage: client.ts ${Object.keys(clients).join("|")} URL CONCURRENCY SECONDS`);
  Deno.exit(2);
}

const send = clients[kind]();
let requests = 0;
let errors = 0;
const start = performance.now();
const deadline = start + seconds * 1000;
async function worker(): Promise<void> {
  while (performance.now() < deadline) {
    try {
      if ((await send()) === 200) requests++;
      else errors++;
    } catch {
      errors++;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const elapsed = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({ client: kind, concurrency, requests, errors, rps: requests / elapsed }),
);
Deno.exit(0);
