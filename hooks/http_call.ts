/**
 * The `http_call` hook: calls an HTTP endpoint (a fault switch, an admin
 * API, a webhook) and records the response.
 *
 * @module
 */
import { realTimeClock } from "../src/clock/real_clock.ts";
import { Hook, type HookClass, hookPlugin } from "../src/plugins/hook.ts";
import type { JsonSchema, PluginEntry } from "../src/model/plugin_registry.ts";
import type { ArgsOf, Assert, Equal } from "../src/plugins/args_of.ts";
import { Http1Client } from "../src/http/http1_client.ts";
import { prepareHttpRequest } from "../src/http/prepared_request.ts";

/** The object form of `http_call`'s args. */
export interface HttpCallOptions {
  /** Absolute http(s) URL to call. */
  url: string;
  /**
   * HTTP method.
   * @default "GET"
   */
  method: string;
  /**
   * Headers to send.
   * @default {}
   */
  headers?: Record<string, string>;
  /**
   * Request body: a string is sent as it is, anything else as JSON (with
   * `Content-Type: application/json` unless a content type is given).
   */
  body?: unknown;
  /**
   * The status (or statuses) that mean success.
   * @default any 2xx
   */
  expect_status?: number | number[];
  /**
   * Seconds the call may take, redirects and reading the body included.
   * @default 10
   */
  timeout: number;
  /**
   * Follow redirects.
   * @default true
   */
  allow_redirects: boolean;
}

/** Args of `http_call`: a URL to GET, or {@linkcode HttpCallOptions}. */
export type HttpCallArgs = string | HttpCallOptions;

/** Default of {@linkcode HttpCallOptions.timeout}, in seconds. */
export const DEFAULT_HTTP_CALL_TIMEOUT_S = 10;
/** Bytes of the response body kept in the output; the rest is read and dropped. */
export const MAX_HTTP_CALL_BODY_BYTES = 65_536;

/** JSON Schema of {@linkcode HttpCallArgs}. */
const HTTP_CALL_SCHEMA = {
  // One schema for both forms, not a oneOf: ajv fills `default`s only outside oneOf,
  // and the timeout default must reach the engine, which bounds the run by it.
  type: ["string", "object"],
  pattern: "^[Hh][Tt][Tt][Pp][Ss]?://",
  description: "A URL to GET, or {url, method?, headers?, body?, expect_status?, timeout?, " +
    "allow_redirects?}",
  properties: {
    url: {
      type: "string",
      pattern: "^[Hh][Tt][Tt][Pp][Ss]?://",
      description: 'Absolute http(s) URL, like "http://127.0.0.1:8080/fault"',
    },
    method: {
      type: "string",
      pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
      default: "GET",
      description: "HTTP method (default GET)",
    },
    headers: {
      type: "object",
      additionalProperties: { type: "string" },
      description: "Headers to send, {name: value}",
    },
    body: { description: "Request body: a string as it is, anything else as JSON" },
    expect_status: {
      oneOf: [
        { type: "integer", minimum: 100, maximum: 599 },
        {
          type: "array",
          items: { type: "integer", minimum: 100, maximum: 599 },
          minItems: 1,
        },
      ],
      description: "Status or statuses that mean success (default any 2xx)",
    },
    timeout: {
      type: "number",
      exclusiveMinimum: 0,
      maximum: 86_400,
      default: DEFAULT_HTTP_CALL_TIMEOUT_S,
      description: `Seconds the call may take (default ${DEFAULT_HTTP_CALL_TIMEOUT_S})`,
    },
    allow_redirects: {
      type: "boolean",
      default: true,
      description: "Follow redirects (default true)",
    },
  },
  required: ["url"],
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<Equal<HttpCallArgs, ArgsOf<typeof HTTP_CALL_SCHEMA>>>;

/**
 * Calls an HTTP endpoint and records the response status and body in an
 * "HTTP call" TextArea output.
 *
 * - A status in `expect_status` (by default any 2xx) is success; any other
 *   fails the run with etype `HTTPError` and the body as details.
 * - A connection that is refused, reset or unanswered fails it with
 *   `ConnectionError`, a call longer than `timeout` with `TimeoutError`;
 *   both messages name the URL.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RealClock } from "@brunt/brunt";
 * import { HttpCall } from "./http_call.ts";
 * const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () => new Response("ok"));
 * const hook = new HttpCall({
 *   config: {
 *     url: `http://127.0.0.1:${server.addr.port}/`,
 *     method: "POST",
 *     body: { on: true },
 *     timeout: 5,
 *     allow_redirects: true,
 *   },
 *   signal: new AbortController().signal,
 *   clock: new RealClock(),
 * });
 * await hook.run();
 * assert.equal(hook.status, "success");
 * await server.shutdown();
 * ```
 */
export class HttpCall extends Hook<HttpCallArgs> {
  /** JSON Schema of the args: a URL, or `{url, method?, headers?, body?, expect_status?, timeout?, allow_redirects?}`. */
  static override schema: JsonSchema = HTTP_CALL_SCHEMA;

  /** What the hook does. */
  static override description: string =
    "Calls an HTTP endpoint and records the response status and body.\n" +
    "Args: a URL to GET, or {url, method? (default GET), headers?, body? (a string, or " +
    "JSON), expect_status? (a status or a list; default any 2xx), timeout? (seconds, " +
    `default ${DEFAULT_HTTP_CALL_TIMEOUT_S}), allow_redirects? (default true)}. ` +
    "Another status fails the run with HTTPError; a refused connection with ConnectionError.";

  /** Returns what is wrong with args the schema cannot see (a bad URL or header), or undefined. */
  static validate(args: unknown): string | undefined {
    try {
      prepare(options(args as HttpCallArgs));
    } catch (e) {
      return (e as Error).message;
    }
    return undefined;
  }

  /** Makes the call and records the outcome; never throws for a failing call. */
  async run(): Promise<void> {
    const opts = options(this.config);
    const request = prepare(opts);
    // A client per run: the hook leaves no connection open behind it.
    const client = new Http1Client();
    try {
      // Real work: on a simulated clock it takes no simulated time, and its
      // timeout counts real time.
      const response = await this.realWork(
        client.request(request, {
          signal: this.signal,
          timeoutS: opts.timeout,
          clock: realTimeClock(this.clock),
          followRedirects: opts.allow_redirects,
          keepBodyBytes: MAX_HTTP_CALL_BODY_BYTES,
        }),
      );
      const body = new TextDecoder().decode(response.body);
      const shown = response.bodyBytes > response.body.length
        ? `${body}\n… (truncated: the first ${response.body.length} of ${response.bodyBytes} bytes kept)`
        : body;
      const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
      this.addOutput({
        complete: {
          title: "HTTP call",
          description: `${request.method} ${response.url.href}`,
          chart_plugin: "TextArea",
          data: [`Status: ${status}`, `Body: ${response.bodyBytes ? shown : "(empty)"}`],
        },
      });
      if (!expected(opts.expect_status, response.status)) {
        this.setError(
          "HTTPError",
          `${request.method} ${request.url.href} answered ${status}; expected ${
            expectation(opts.expect_status)
          }`,
          shown,
        );
      }
    } catch (e) {
      if (e === this.signal.reason) throw e;
      const error = e as Error;
      this.setError(error.name, error.message, failureDetails(request, error));
    } finally {
      client.closeIdle();
    }
  }
}

// What the request was and why it failed, cause by cause: no stack trace,
// which says where brunt is installed and nothing about the call.
function failureDetails(request: { method: string; url: URL }, error: Error): string {
  const lines = [`${request.method} ${request.url.href}`];
  for (let cause = error.cause; cause instanceof Error; cause = cause.cause) {
    lines.push(`caused by ${cause.name}: ${cause.message}`);
  }
  return lines.join("\n");
}

/** The `http_call` hook plugin. */
export const HTTP_CALL_HOOK: PluginEntry<HookClass> = hookPlugin("http_call", HttpCall);

// The object form of the args; a URL alone gets the defaults the schema
// fills in for the object form.
function options(args: HttpCallArgs): HttpCallOptions {
  return typeof args === "string"
    ? { url: args, method: "GET", timeout: DEFAULT_HTTP_CALL_TIMEOUT_S, allow_redirects: true }
    : args;
}

function prepare(opts: HttpCallOptions) {
  const headers: [string, string][] = Object.entries(opts.headers ?? {});
  let body: string | undefined;
  if (typeof opts.body === "string") body = opts.body;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.some(([n]) => n.toLowerCase() === "content-type")) {
      headers.push(["content-type", "application/json"]);
    }
  }
  return prepareHttpRequest(
    opts.method,
    opts.url,
    headers,
    body === undefined ? undefined : new TextEncoder().encode(body),
  );
}

function expected(expect: number | number[] | undefined, status: number): boolean {
  if (expect === undefined) return status >= 200 && status < 300;
  return Array.isArray(expect) ? expect.includes(status) : expect === status;
}

function expectation(expect: number | number[] | undefined): string {
  if (expect === undefined) return "a 2xx status";
  if (!Array.isArray(expect)) return `${expect}`;
  return expect.length === 1 ? `${expect[0]}` : `one of ${expect.join(", ")}`;
}
