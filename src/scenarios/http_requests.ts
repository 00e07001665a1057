/**
 * Rally's HTTP scenarios, `HttpRequests.check_request` and
 * `HttpRequests.check_random_request`: send a request, read the response to
 * the end, and fail the iteration unless the status is the expected one.
 * Names, args, the `requests.check_request` atomic action and the
 * `ValueError` message are Rally's, so Rally task files using them run
 * unchanged; the request itself goes through brunt's keep-alive HTTP/1.1
 * client (src/http/http1_client.ts), which keeps up with `hey`.
 *
 * Importing this module registers both scenarios.
 *
 * @module
 */
import { realTimeClock } from "../clock/real_clock.ts";
import type { PluginEntry } from "../model/plugin_registry.ts";
import {
  type ScenarioContext,
  type ScenarioFn,
  type ScenarioPlugin,
  scenarioPlugin,
} from "../plugins/scenario.ts";
import { Http1Client } from "../http/http1_client.ts";
import type { TlsCheck } from "../http/connection.ts";
import { type PreparedHttpRequest, prepareHttpRequest } from "../http/prepared_request.ts";
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";

/** A value of a query parameter: one value, or a list for a repeated key. */
export type QueryValue = string | number | boolean | (string | number | boolean)[];

/** One HTTP request, as Rally's `requests.request(method, url, **kwargs)` takes it. */
export interface HttpRequestSpec {
  /** Absolute http(s) URL. */
  url: string;
  /** HTTP method (`GET`, `POST` …), any case. */
  method: string;
  /** Headers to send. @default {} */
  headers?: Record<string, string>;
  /** Query parameters added to the URL (`requests`' `params`). */
  params?: Record<string, QueryValue>;
  /**
   * Request body: a string is sent as it is, anything else as JSON (with
   * `Content-Type: application/json` unless a content type is given).
   */
  body?: unknown;
  /**
   * Rally's (`requests`') `data`: a string is sent as it is, an object as an
   * `application/x-www-form-urlencoded` form.
   */
  data?: string | Record<string, QueryValue>;
  /** Rally's (`requests`') `json`: sent as JSON. */
  json?: unknown;
  /**
   * Seconds the request (connecting, redirects and reading the body) may
   * take before the iteration fails with `TimeoutError`.
   * @default no limit but the runner's iteration timeout
   */
  timeout?: number;
  /**
   * Follow redirects (301, 302, 303, 307, 308); when false the redirect's
   * own status is checked.
   * @default true
   */
  allow_redirects: boolean;
  /**
   * requests' `verify`: check https servers' certificates against the
   * default roots (true), against the CA certificates in a PEM file (its
   * path), or not at all (false, for a test service's self-signed one).
   * @default true
   */
  verify?: boolean | string;
  /** HTTP Basic credentials, `[user, password]` (requests' `auth`). */
  auth?: string[];
  /** Cookies to send, `{name: value}` (requests' `cookies`). */
  cookies?: Record<string, string>;
}

/** Args of `HttpRequests.check_request`: a request and the status it must get. */
export interface CheckRequestArgs extends HttpRequestSpec {
  /** The expected response status. */
  status_code: number;
}

/** One request of `HttpRequests.check_random_request`. */
export interface RandomRequestSpec extends HttpRequestSpec {
  /** The status this request must get; the common `status_code` when not given. */
  status_code?: number;
}

/** Args of `HttpRequests.check_random_request`. */
export interface CheckRandomRequestArgs {
  /** Requests to choose from, each with an optional `status_code` of its own. */
  requests: RandomRequestSpec[];
  /** The expected status of requests that give none. */
  status_code: number;
}

const STATUS_SCHEMA = {
  type: "integer",
  minimum: 100,
  maximum: 599,
  description: "The expected response status code.",
} as const;

const SCALAR = { type: ["string", "number", "boolean"] } as const;
const QUERY_VALUES = {
  type: "object",
  additionalProperties: { anyOf: [SCALAR, { type: "array", items: SCALAR }] },
} as const;

const REQUEST_PROPERTIES = {
  url: {
    type: "string",
    pattern: "^[Hh][Tt][Tt][Pp][Ss]?://",
    description: 'Absolute http(s) URL, like "http://127.0.0.1:8080/".',
  },
  method: {
    type: "string",
    pattern: "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$",
    description: "HTTP method: GET, POST, PUT, DELETE, HEAD …",
  },
  headers: {
    type: "object",
    additionalProperties: { type: "string" },
    description: "Headers to send, {name: value}.",
  },
  params: { ...QUERY_VALUES, description: "Query parameters added to the URL." },
  body: { description: "Request body: a string as it is, anything else as JSON." },
  data: {
    anyOf: [{ type: "string" }, QUERY_VALUES],
    description: "Rally's form body: a string as it is, an object form-encoded.",
  },
  json: { description: "Rally's JSON body." },
  timeout: {
    type: "number",
    exclusiveMinimum: 0,
    maximum: 86_400,
    description: "Seconds the request may take before the iteration fails with TimeoutError.",
  },
  allow_redirects: {
    type: "boolean",
    default: true,
    description: "Follow redirects; when false the redirect's own status is checked.",
  },
  verify: {
    anyOf: [{ type: "boolean" }, { type: "string", minLength: 1 }],
    description: "Check https certificates: true (default roots), a CA PEM file's path, " +
      "or false (accept any: a test service's self-signed certificate).",
  },
  auth: {
    type: "array",
    items: { type: "string" },
    minItems: 2,
    maxItems: 2,
    description: "HTTP Basic credentials: [user, password].",
  },
  cookies: {
    type: "object",
    additionalProperties: { type: "string" },
    description: "Cookies to send, {name: value}.",
  },
} as const;

/** JSON Schema of {@linkcode CheckRequestArgs}. */
const CHECK_REQUEST_SCHEMA = {
  type: "object",
  properties: { ...REQUEST_PROPERTIES, status_code: STATUS_SCHEMA },
  required: ["url", "method", "status_code"],
  additionalProperties: false,
} as const;
type _CheckedRequestArgs = Assert<Equal<CheckRequestArgs, ArgsOf<typeof CHECK_REQUEST_SCHEMA>>>;

/** JSON Schema of {@linkcode CheckRandomRequestArgs}. */
const CHECK_RANDOM_REQUEST_SCHEMA = {
  type: "object",
  properties: {
    requests: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        properties: { ...REQUEST_PROPERTIES, status_code: STATUS_SCHEMA },
        required: ["url", "method"],
        additionalProperties: false,
      },
      description: "Requests to choose from, each {url, method, status_code?, headers?, …}.",
    },
    status_code: {
      ...STATUS_SCHEMA,
      description: "The expected status of requests that give none.",
    },
  },
  required: ["requests", "status_code"],
  additionalProperties: false,
} as const;
type _CheckedRandomRequestArgs = Assert<
  Equal<CheckRandomRequestArgs, ArgsOf<typeof CHECK_RANDOM_REQUEST_SCHEMA>>
>;

/** The name of the atomic action that times each request (Rally's). */
export const CHECK_REQUEST_ACTION = "requests.check_request";

/**
 * The error of a response whose status is not the expected one, named
 * `ValueError` as in Rally: "Expected HTTP request code is `200` actual `500`".
 */
export class ValueError extends Error {
  /** Creates the error with `message`. */
  constructor(message: string) {
    super(message);
    this.name = "ValueError";
  }
}

/**
 * The client a workload of either scenario sends with: one per workload, so
 * its keep-alive connections outlive iterations (that is the point) and are
 * closed when the workload's iterations are done.
 */
const CLIENT_PER_WORKLOAD = {
  create: (): Http1Client => new Http1Client(),
  dispose: (client: Http1Client): void => client.closeIdle(),
};

/**
 * Sends `spec` and fails with {@linkcode ValueError} unless the response
 * status is `statusCode`, timing it as the atomic action
 * {@linkcode CHECK_REQUEST_ACTION}; what both scenarios do.
 *
 * @throws {ValueError} on another status.
 * @throws {import("../http/http_errors.ts").HttpConnectionError} (`ConnectionError`) when the request cannot be made.
 * @throws {import("../http/http_errors.ts").HttpTimeoutError} (`TimeoutError`) when `spec.timeout` runs out.
 */
export function checkRequest(
  spec: HttpRequestSpec,
  statusCode: number,
  ctx: ScenarioContext<Http1Client>,
): Promise<void> {
  const prepared = preparedOf(spec);
  const tls = tlsCheckOf(spec);
  return ctx.atomic(CHECK_REQUEST_ACTION, async () => {
    // Real work: on a simulated clock it takes no simulated time, and its
    // timeout counts real time.
    const response = await ctx.realWork(
      ctx.workloadState.request(prepared, {
        signal: ctx.signal,
        timeoutS: spec.timeout,
        clock: realTimeClock(ctx.clock),
        followRedirects: spec.allow_redirects,
        tls,
      }),
    );
    if (response.status !== statusCode) {
      throw new ValueError(
        `Expected HTTP request code is \`${statusCode}\` actual \`${response.status}\``,
      );
    }
  });
}

/**
 * Returns what is wrong with a request spec that its schema cannot see (a
 * URL that does not parse or is not http(s), a bad header, two bodies), or
 * undefined when it can be sent.
 */
export function requestSpecProblem(spec: HttpRequestSpec): string | undefined {
  const bodies = (["body", "data", "json"] as const).filter((k) => spec[k] !== undefined);
  if (bodies.length > 1) {
    return `give one request body, not ${bodies.map((k) => `"${k}"`).join(" and ")}`;
  }
  const headers = Object.keys(spec.headers ?? {}).map((h) => h.toLowerCase());
  if (spec.auth !== undefined && headers.includes("authorization")) {
    return 'give "auth" or an Authorization header, not both';
  }
  try {
    preparedOf(spec);
    tlsCheckOf(spec);
  } catch (e) {
    return (e as Error).message;
  }
  return undefined;
}

// One TLS check per args object (the same for every iteration of a workload).
const tlsChecks = new WeakMap<HttpRequestSpec, TlsCheck | undefined>();

/** requests' `verify` as the client's TLS check; undefined for the default check. */
function tlsCheckOf(spec: HttpRequestSpec): TlsCheck | undefined {
  if (tlsChecks.has(spec)) return tlsChecks.get(spec);
  let check: TlsCheck | undefined;
  if (spec.verify === false) check = { verify: false, key: "verify=false" };
  else if (typeof spec.verify === "string") {
    let pem: string;
    try {
      pem = Deno.readTextFileSync(spec.verify);
    } catch (e) {
      throw new TypeError(
        `verify: cannot read the CA certificates file ${JSON.stringify(spec.verify)}: ${
          e instanceof Deno.errors.NotFound ? "no such file" : (e as Error).message
        }; give a PEM file's path, true, or false`,
      );
    }
    check = { caCerts: [pem], key: `verify=${spec.verify}` };
  }
  tlsChecks.set(spec, check);
  return check;
}

const checkRequestScenario: ScenarioFn<CheckRequestArgs, Http1Client> = (args, ctx) =>
  checkRequest(args, args.status_code, ctx);

const checkRandomRequestScenario: ScenarioFn<CheckRandomRequestArgs, Http1Client> = (
  args,
  ctx,
) => {
  // Rally's random.choice, drawn from the task's seeded source.
  const spec = args.requests[Math.floor(ctx.random() * args.requests.length)];
  return checkRequest(spec, spec.status_code ?? args.status_code, ctx);
};

/** The `HttpRequests.check_request` scenario plugin. */
export const HTTP_REQUESTS_CHECK_REQUEST_SCENARIO: PluginEntry<ScenarioPlugin> = scenarioPlugin(
  "HttpRequests.check_request",
  checkRequestScenario,
  {
    description: "Sends an HTTP request and checks the response status.\n" +
      "The request (url, method, headers, params, body | data | json) is timed as the " +
      "atomic action requests.check_request and its body read to the end over a kept-alive " +
      "connection; a status other than status_code fails the iteration with ValueError " +
      "(Expected HTTP request code is `X` actual `Y`), a refused or broken connection with " +
      "ConnectionError, and running out of `timeout` seconds with TimeoutError.",
    schema: CHECK_REQUEST_SCHEMA,
    validate: (args) => requestSpecProblem(args as CheckRequestArgs),
    workloadState: CLIENT_PER_WORKLOAD,
  },
);

/** The `HttpRequests.check_random_request` scenario plugin. */
export const HTTP_REQUESTS_CHECK_RANDOM_REQUEST_SCENARIO: PluginEntry<ScenarioPlugin> =
  scenarioPlugin("HttpRequests.check_random_request", checkRandomRequestScenario, {
    description: "Sends one request chosen at random from a list and checks its status.\n" +
      "Each iteration picks one of `requests` with the task's seeded random source (so a " +
      "seed repeats the sequence) and checks it as HttpRequests.check_request does, against " +
      "the request's own status_code or else the common one.",
    schema: CHECK_RANDOM_REQUEST_SCHEMA,
    workloadState: CLIENT_PER_WORKLOAD,
    validate: (args) => {
      const requests = (args as CheckRandomRequestArgs).requests;
      for (let i = 0; i < requests.length; i++) {
        const problem = requestSpecProblem(requests[i]);
        if (problem) return `requests[${i}]: ${problem}`;
      }
      return undefined;
    },
  });

// Args objects are the same for every iteration of a workload: encode each
// request once.
const preparedRequests = new WeakMap<HttpRequestSpec, PreparedHttpRequest>();

function preparedOf(spec: HttpRequestSpec): PreparedHttpRequest {
  let request = preparedRequests.get(spec);
  if (!request) {
    request = prepare(spec);
    preparedRequests.set(spec, request);
  }
  return request;
}

function prepare(spec: HttpRequestSpec): PreparedHttpRequest {
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    throw new TypeError(
      `Invalid URL ${
        JSON.stringify(spec.url)
      }: give an absolute http(s) URL like "http://127.0.0.1:8080/"`,
    );
  }
  for (const [key, value] of Object.entries(spec.params ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(v));
  }
  const headers: [string, string][] = Object.entries(spec.headers ?? {});
  if (spec.auth) {
    const basic = new TextEncoder().encode(`${spec.auth[0]}:${spec.auth[1]}`);
    headers.push(["authorization", `Basic ${btoa(String.fromCharCode(...basic))}`]);
  }
  if (spec.cookies && Object.keys(spec.cookies).length > 0) {
    const jar = Object.entries(spec.cookies).map(([name, value]) => `${name}=${value}`).join("; ");
    const at = headers.findIndex(([name]) => name.toLowerCase() === "cookie");
    if (at >= 0) headers[at] = [headers[at][0], `${headers[at][1]}; ${jar}`];
    else headers.push(["cookie", jar]);
  }
  const hasType = headers.some(([name]) => name.toLowerCase() === "content-type");
  let body: string | undefined;
  let type: string | undefined;
  if (spec.json !== undefined) {
    body = JSON.stringify(spec.json);
    type = "application/json";
  } else if (typeof spec.data === "string") {
    body = spec.data;
  } else if (spec.data !== undefined) {
    body = formOf(spec.data);
    type = "application/x-www-form-urlencoded";
  } else if (typeof spec.body === "string") {
    body = spec.body;
  } else if (spec.body !== undefined) {
    body = JSON.stringify(spec.body);
    type = "application/json";
  }
  if (type && !hasType) headers.push(["content-type", type]);
  return prepareHttpRequest(
    spec.method,
    url,
    headers,
    body === undefined ? undefined : new TextEncoder().encode(body),
  );
}

function formOf(data: Record<string, QueryValue>): string {
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(data)) {
    for (const v of Array.isArray(value) ? value : [value]) form.append(key, String(v));
  }
  return form.toString();
}
