/**
 * A real Prometheus (Debian's `prometheus` package) for tests: started on
 * 127.0.0.1 with a free port, a temporary storage folder and the remote
 * write receiver on, queried through its HTTP API, and stopped at the end.
 *
 * @module
 */

/** Where Prometheus is expected (Debian's package). */
export const PROMETHEUS = "/usr/bin/prometheus";

/** Whether {@linkcode PROMETHEUS} exists. */
export function hasPrometheus(): boolean {
  try {
    return Deno.statSync(PROMETHEUS).isFile;
  } catch {
    return false;
  }
}

/** A running Prometheus. */
export interface LocalPrometheus {
  /** Its remote write endpoint. */
  writeUrl: string;
  /** An instant query's result: each series' labels and value (as a number). */
  query(expr: string, at?: number): Promise<{ metric: Record<string, string>; value: number }[]>;
}

/**
 * Starts Prometheus, waits (at most 20 s) until it is ready, hands it to
 * `use`, then stops it and removes its storage, whatever happens.
 */
export async function withPrometheus<T>(use: (p: LocalPrometheus) => Promise<T>): Promise<T> {
  const dir = await Deno.makeTempDir({ prefix: "brunt_prometheus_" });
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  await Deno.writeTextFile(`${dir}/prometheus.yml`, "global:\n  scrape_interval: 1m\n");
  const child = new Deno.Command(PROMETHEUS, {
    args: [
      `--config.file=${dir}/prometheus.yml`,
      `--storage.tsdb.path=${dir}/data`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--web.enable-remote-write-receiver",
    ],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  const log = new Response(child.stderr).text();
  try {
    await ready(`${base}/-/ready`, 20_000, child.status);
    return await use({
      writeUrl: `${base}/api/v1/write`,
      async query(expr, at) {
        const params = new URLSearchParams({ query: expr });
        if (at !== undefined) params.set("time", String(at));
        const response = await fetch(`${base}/api/v1/query?${params}`);
        const body = await response.json();
        if (body.status !== "success") {
          throw new Error(`query ${expr}: ${JSON.stringify(body)}`);
        }
        return (body.data.result as { metric: Record<string, string>; value: [number, string] }[])
          .map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
      },
    });
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${(e as Error).message}\nprometheus said:\n${(await log).slice(-2000)}`);
  } finally {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already gone.
    }
    await child.status;
    await log.catch(() => "");
    await Deno.remove(dir, { recursive: true });
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function ready(url: string, deadlineMs: number, exited: Promise<unknown>): Promise<void> {
  let gone = false;
  exited.then(() => gone = true);
  const until = Date.now() + deadlineMs;
  while (Date.now() < until && !gone) {
    try {
      const r = await fetch(url);
      await r.body?.cancel();
      if (r.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    gone ? "prometheus exited at start" : `prometheus not ready within ${deadlineMs} ms`,
  );
}
