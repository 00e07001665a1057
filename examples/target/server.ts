/**
 * A small local service to load, with a fault switch: brunt's examples
 * (examples/fault_injection.json) send load to `GET /` and turn faults on
 * and off over HTTP while the load runs.
 *
 *     deno run -A examples/target/server.ts [--port 8080] [--control-port 8081]
 *
 * Endpoints (on the load port, and all but `/` on the control port too):
 *
 * - `GET /` answers 200 `ok`, after `?delay_ms=N` milliseconds (default 0),
 *   which stands in for the work a real service would do.
 * - `POST /fault` with a JSON body `{latency_ms?, error_rate?, refuse?,
 *   recovery_ms?}` sets the fault (fields left out are off): `latency_ms`
 *   delays every answer of `/`, `error_rate` (0 to 1) turns that fraction
 *   of them into 500s, spread evenly (0.2: every fifth), `refuse: true`
 *   stops the load port listening, so connections are refused (switch it
 *   back over the control port), and `recovery_ms` makes the service
 *   recover slowly: once the fault is cleared, its latency fades linearly
 *   to none over that many milliseconds (a cache warming up again).
 * - `DELETE /fault` clears the fault; `GET /fault` shows it.
 *
 * Only 127.0.0.1 is listened on.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** A fault the target injects into the answers of `GET /`. */
export interface Fault {
  /** Milliseconds added to every answer. */
  latency_ms: number;
  /** Fraction of answers (0 to 1) turned into 500s, spread evenly. */
  error_rate: number;
  /** The load port is closed: connections to it are refused. */
  refuse: boolean;
  /** Once cleared, the latency fades linearly to none over this many milliseconds. */
  recovery_ms: number;
}

/** Options of {@linkcode startTarget}. */
export interface TargetOptions {
  /**
   * Port of the load listener; 0 picks a free one.
   * @default 0
   */
  port?: number;
  /**
   * Port of the control listener (the fault switch alone); 0 picks a free one.
   * @default 0
   */
  controlPort?: number;
  /** Receives a line for each fault change. */
  log?: (line: string) => void;
}

/** A running target. */
export interface Target {
  /** URL of `GET /` on the load listener, like `http://127.0.0.1:8080/`. */
  readonly url: string;
  /** URL of the fault switch on the control listener, which stays up while the load port refuses. */
  readonly controlUrl: string;
  /** The fault in force. */
  fault(): Fault;
  /** Requests to `/` answered so far, and how many of them were injected 500s. */
  counts(): { served: number; injectedErrors: number };
  /** Stops both listeners. */
  close(): Promise<void>;
}

/** No fault: what `DELETE /fault` sets. */
export const NO_FAULT: Readonly<Fault> = Object.freeze({
  latency_ms: 0,
  error_rate: 0,
  refuse: false,
  recovery_ms: 0,
});

const HOSTNAME = "127.0.0.1";
// The largest delay a request may ask for: a stuck target must not hold a test forever.
const MAX_DELAY_MS = 60_000;

/**
 * Starts the target on 127.0.0.1; both listeners listen when it returns.
 *
 * @example
 * ```ts
 * import { startTarget } from "./server.ts";
 * const target = startTarget();
 * const res = await fetch(target.url);
 * console.assert((await res.text()) === "ok\n");
 * await target.close();
 * ```
 */
export function startTarget(options: TargetOptions = {}): Target {
  const state = new TargetState(options.log ?? (() => {}));
  const control = serve(options.controlPort ?? 0, (req) => state.handleControl(req, true));
  const load = serve(options.port ?? 0, (req) => state.handleLoad(req));
  state.attach(load, (port) => serve(port, (req) => state.handleLoad(req)));
  const loadPort = load.addr.port;
  return {
    url: `http://${HOSTNAME}:${loadPort}/`,
    controlUrl: `http://${HOSTNAME}:${control.addr.port}/fault`,
    fault: () => ({ ...state.fault }),
    counts: () => ({ served: state.served, injectedErrors: state.injectedErrors }),
    close: async () => {
      await Promise.all([state.close(), control.shutdown()]);
    },
  };
}

function serve(port: number, handler: (req: Request) => Response | Promise<Response>) {
  return Deno.serve({ hostname: HOSTNAME, port, onListen: () => {} }, handler);
}

// The fault in force and the load listener it may close and reopen.
class TargetState {
  fault: Fault = { ...NO_FAULT };
  served = 0;
  injectedErrors = 0;
  readonly #log: (line: string) => void;
  #load: Deno.HttpServer<Deno.NetAddr> | undefined;
  #port = 0;
  #listen: (port: number) => Deno.HttpServer<Deno.NetAddr> = () => {
    throw new Error("not attached");
  };
  // Changes of the load listener, one after another.
  #switching: Promise<void> = Promise.resolve();
  // Owed errors: error_rate is added per request and an error is due at each whole one.
  #errorCredit = 0;
  // A cleared fault's latency, fading to none (`recovery_ms`).
  #fading: { latencyMs: number; since: number; overMs: number } | undefined;
  #closed = false;

  constructor(log: (line: string) => void) {
    this.#log = log;
  }

  attach(
    load: Deno.HttpServer<Deno.NetAddr>,
    listen: (port: number) => Deno.HttpServer<Deno.NetAddr>,
  ): void {
    this.#load = load;
    this.#port = load.addr.port;
    this.#listen = listen;
  }

  async handleLoad(req: Request): Promise<Response> {
    const url = new URL(req.url);
    if (url.pathname !== "/") return this.handleControl(req, false);
    if (req.method !== "GET" && req.method !== "HEAD") {
      return text(405, `${req.method} / is not supported; use GET\n`, { allow: "GET, HEAD" });
    }
    const delay = Number(url.searchParams.get("delay_ms") ?? 0);
    if (!(delay >= 0 && delay <= MAX_DELAY_MS)) {
      return text(
        400,
        `delay_ms must be a number from 0 to ${MAX_DELAY_MS}; got ${
          url.searchParams.get("delay_ms")
        }\n`,
      );
    }
    const fault = this.fault;
    const wait = delay + fault.latency_ms + this.#fadingLatency();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    this.served++;
    if (fault.error_rate > 0) {
      this.#errorCredit += fault.error_rate;
      if (this.#errorCredit >= 1 - 1e-9) {
        this.#errorCredit -= 1;
        this.injectedErrors++;
        return text(500, "injected error\n");
      }
    }
    return text(200, "ok\n");
  }

  // `settle`: answer once the load port has closed or reopened. Not on the
  // load port itself, whose shutdown waits for this very request.
  async handleControl(req: Request, settle: boolean): Promise<Response> {
    const path = new URL(req.url).pathname;
    if (path !== "/fault") {
      return text(404, `No ${path} here: GET / is the load endpoint, /fault the fault switch\n`);
    }
    switch (req.method) {
      case "GET":
        return json(200, this.fault);
      case "DELETE": {
        const { latency_ms, recovery_ms } = this.fault;
        this.#set({ ...NO_FAULT });
        if (latency_ms > 0 && recovery_ms > 0) {
          this.#fading = { latencyMs: latency_ms, since: performance.now(), overMs: recovery_ms };
          this.#log(`recovering: latency fades from ${latency_ms} ms over ${recovery_ms} ms`);
        }
        if (settle) await this.#switching;
        return json(200, this.fault);
      }
      case "POST":
      case "PUT": {
        let body: unknown;
        try {
          const raw = await req.text();
          body = raw.trim() === "" ? {} : JSON.parse(raw);
        } catch (e) {
          return text(400, `The body is not JSON: ${(e as Error).message}\n`);
        }
        const parsed = parseFault(body);
        if (typeof parsed === "string") return text(400, `${parsed}\n`);
        this.#set(parsed);
        if (settle) await this.#switching;
        return json(200, this.fault);
      }
      default:
        return text(405, `${req.method} /fault is not supported; use GET, POST or DELETE\n`, {
          allow: "GET, POST, DELETE",
        });
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#switching;
    await this.#load?.shutdown();
    this.#load = undefined;
  }

  #set(fault: Fault): void {
    const was = this.fault;
    this.fault = fault;
    this.#errorCredit = 0;
    this.#fading = undefined;
    this.#log(`fault: ${describe(fault)}`);
    if (fault.refuse !== was.refuse) this.#switching = this.#switching.then(() => this.#switch());
  }

  // What is left of a cleared fault's latency, ms.
  #fadingLatency(): number {
    const f = this.#fading;
    if (!f) return 0;
    const left = 1 - (performance.now() - f.since) / f.overMs;
    if (left > 0) return f.latencyMs * left;
    this.#fading = undefined;
    return 0;
  }

  async #switch(): Promise<void> {
    if (this.#closed) return;
    if (this.fault.refuse && this.#load) {
      const load = this.#load;
      this.#load = undefined;
      await load.shutdown();
    } else if (!this.fault.refuse && !this.#load) {
      this.#load = this.#listen(this.#port);
    }
  }
}

/** Reads a `POST /fault` body; returns what is wrong with it as a string. */
export function parseFault(body: unknown): Fault | string {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return `The fault must be a JSON object {latency_ms?, error_rate?, refuse?, recovery_ms?}; got ${
      JSON.stringify(body)
    }`;
  }
  const b = body as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (!(key in NO_FAULT)) {
      return `Unknown fault field ${
        JSON.stringify(key)
      }; use latency_ms, error_rate, refuse or recovery_ms`;
    }
  }
  const fault: Fault = { ...NO_FAULT };
  if (b.latency_ms !== undefined) {
    if (typeof b.latency_ms !== "number" || !(b.latency_ms >= 0 && b.latency_ms <= MAX_DELAY_MS)) {
      return `latency_ms must be a number of milliseconds from 0 to ${MAX_DELAY_MS}; got ${
        JSON.stringify(b.latency_ms)
      }`;
    }
    fault.latency_ms = b.latency_ms;
  }
  if (b.error_rate !== undefined) {
    if (typeof b.error_rate !== "number" || !(b.error_rate >= 0 && b.error_rate <= 1)) {
      return `error_rate must be a fraction from 0 to 1 (0.2: every fifth request fails); got ${
        JSON.stringify(b.error_rate)
      }`;
    }
    fault.error_rate = b.error_rate;
  }
  if (b.refuse !== undefined) {
    if (typeof b.refuse !== "boolean") {
      return `refuse must be true or false; got ${JSON.stringify(b.refuse)}`;
    }
    fault.refuse = b.refuse;
  }
  if (b.recovery_ms !== undefined) {
    if (
      typeof b.recovery_ms !== "number" || !(b.recovery_ms >= 0 && b.recovery_ms <= MAX_DELAY_MS)
    ) {
      return `recovery_ms must be a number of milliseconds from 0 to ${MAX_DELAY_MS}; got ${
        JSON.stringify(b.recovery_ms)
      }`;
    }
    fault.recovery_ms = b.recovery_ms;
  }
  return fault;
}

function describe(fault: Fault): string {
  const parts = [];
  if (fault.latency_ms) parts.push(`latency ${fault.latency_ms} ms`);
  if (fault.error_rate) parts.push(`error rate ${fault.error_rate}`);
  if (fault.refuse) parts.push("refusing connections");
  if (fault.recovery_ms) parts.push(`recovering over ${fault.recovery_ms} ms once cleared`);
  return parts.length ? parts.join(", ") : "none";
}

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { "content-type": "text/plain", ...headers } });
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body) + "\n", {
    status,
    headers: { "content-type": "application/json" },
  });
}

async function main(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string" },
      "control-port": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(
      "Usage: deno run -A examples/target/server.ts [--port 8080] [--control-port 8081]\n" +
        "Ports also from TARGET_PORT and TARGET_CONTROL_PORT; the control port defaults to port + 1.",
    );
    return 0;
  }
  const port = portOf("--port", values.port ?? Deno.env.get("TARGET_PORT") ?? "8080");
  const controlPort = portOf(
    "--control-port",
    values["control-port"] ?? Deno.env.get("TARGET_CONTROL_PORT") ??
      String(port === 0 ? 0 : port + 1),
  );
  const target = startTarget({
    port,
    controlPort,
    log: (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  console.log(`target: ${target.url}`);
  console.log(
    `fault switch: ${target.url}fault (and ${target.controlUrl}, which stays up while refusing)`,
  );
  const stop = new Promise<void>((resolve) => {
    Deno.addSignalListener("SIGINT", resolve);
    Deno.addSignalListener("SIGTERM", resolve);
  });
  await stop;
  await target.close();
  return 0;
}

function portOf(flag: string, value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    console.error(`${flag} must be a port number from 0 to 65535; got ${JSON.stringify(value)}`);
    Deno.exit(2);
  }
  return port;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
