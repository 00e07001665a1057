/**
 * `run`'s live outputs: `--dashboard[=HOST:PORT]`, `--out
 * prometheus-rw=URL` and `--linger`, from flags to a running feed.
 *
 * @module
 */
import { RealClock } from "../clock/real_clock.ts";
import type { ProgressSink } from "../model/progress.ts";
import type { TaskSpec } from "../model/task_spec.ts";
import { LiveFeed } from "../live/live_feed.ts";
import { RemoteWriteOutput } from "../live/prometheus/remote_write_output.ts";
import { DashboardServer, type StopMode } from "../live/dashboard/dashboard_server.ts";
import { UsageError } from "./usage_error.ts";

/** The live outputs asked for on the command line. */
export interface LiveFlags {
  /** Where the dashboard listens, when asked for. */
  dashboard?: { hostname: string; port: number };
  /** Remote write endpoints. */
  remoteWrite: string[];
  /** Keep the dashboard up after the run until Ctrl-C. */
  linger: boolean;
}

/** `--dashboard` alone means the default address: `node:util` needs a value, so it gets an empty one. */
export function normalizeDashboardFlag(args: string[]): string[] {
  return args.map((a) => a === "--dashboard" ? "--dashboard=" : a);
}

/** Reads and checks the live flags; a bad one is a {@linkcode UsageError}. */
export function parseLiveFlags(
  values: { dashboard?: string; out?: string[]; linger?: boolean },
): LiveFlags {
  const flags: LiveFlags = { remoteWrite: [], linger: values.linger ?? false };
  if (values.dashboard !== undefined) flags.dashboard = parseAddress(values.dashboard);
  for (const out of values.out ?? []) {
    const eq = out.indexOf("=");
    const name = eq < 0 ? out : out.slice(0, eq);
    if (name !== "prometheus-rw") {
      throw new UsageError(
        `--out ${out}: unknown output "${name}"; use --out prometheus-rw=URL ` +
          `(a Prometheus remote write endpoint, e.g. http://127.0.0.1:9090/api/v1/write)`,
      );
    }
    const url = eq < 0 ? "" : out.slice(eq + 1);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      // Reported below.
    }
    if (!parsed || !["http:", "https:"].includes(parsed.protocol)) {
      throw new UsageError(
        `--out prometheus-rw needs an http(s) URL after "=", e.g. ` +
          `--out prometheus-rw=http://127.0.0.1:9090/api/v1/write; got "${url}"`,
      );
    }
    flags.remoteWrite.push(parsed.href);
  }
  if (flags.linger && !flags.dashboard) {
    throw new UsageError("--linger keeps the dashboard up after the run: give --dashboard too");
  }
  return flags;
}

function parseAddress(text: string): { hostname: string; port: number } {
  if (text === "") return { hostname: "127.0.0.1", port: 0 };
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:\s]*)):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535) {
    throw new UsageError(
      `--dashboard=${text}: give HOST:PORT (127.0.0.1:8080, :8080, [::1]:8080; port 0 picks ` +
        `a free one), or --dashboard alone for 127.0.0.1 and a free port`,
    );
  }
  return { hostname: m[1] ?? (m[2] || "127.0.0.1"), port };
}

/** The live outputs of one run. */
export interface LiveSession {
  /** The feed: the run's progress sink (it passes notices on to the progress line). */
  feed: LiveFeed;
  /** The dashboard, when asked for. */
  dashboard?: DashboardServer;
}

/**
 * Starts the outputs `flags` ask for (none: undefined) around a feed for
 * `spec` (read from `taskFile`), passing progress notices on to `next`.
 * @throws {UsageError} when the dashboard's address cannot be listened on.
 */
export async function startLiveOutputs(
  flags: LiveFlags,
  spec: TaskSpec,
  taskFile: string,
  next: ProgressSink | undefined,
  onStop: (mode: StopMode) => void,
): Promise<LiveSession | undefined> {
  if (!flags.dashboard && flags.remoteWrite.length === 0) return undefined;
  // A task without a title is named by its file.
  const title = spec.title || taskFile.replace(/^.*\//, "").replace(/\.[^.]*$/, "");
  const feed = new LiveFeed({ spec, title, clock: new RealClock(), next });
  let dashboard: DashboardServer | undefined;
  if (flags.dashboard) {
    try {
      dashboard = await DashboardServer.start({ ...flags.dashboard, onStop });
    } catch (e) {
      const { hostname, port } = flags.dashboard;
      throw new UsageError(
        `--dashboard: cannot listen on ${hostname}:${port}: ${
          e instanceof Error ? e.message : String(e)
        }; pick another port, or --dashboard alone for a free one`,
      );
    }
    feed.subscribe(dashboard);
  }
  for (const url of flags.remoteWrite) feed.subscribe(new RemoteWriteOutput({ url }));
  return { feed, dashboard };
}
