/**
 * The live outputs' time on the load's thread, measured directly: runs the
 * no-op load at c=10 in this process with a live feed feeding a dashboard
 * (one page connected, reading its event stream) and a remote write output
 * (to a local receiver answering 204), and times every batch from the
 * reading of the figures to the last output's return. Their sum over the
 * load's duration is the share of the thread the outputs took. Prints one
 * JSON line.
 *
 *     deno run -A bench/live_tick_cost.ts '{"times": 1000000}'
 *
 * @module
 */
import { loadTaskFile, RealClock, runTask } from "../mod.ts";
import { DUMMY_TASK } from "./bench_context.ts";
import { LiveFeed } from "../src/live/live_feed.ts";
import { DashboardServer } from "../src/live/dashboard/dashboard_server.ts";
import { RemoteWriteOutput } from "../src/live/prometheus/remote_write_output.ts";

/** What the child prints. */
export interface LiveTickCost {
  /** Batches taken while the load ran. */
  ticks: number;
  /** Milliseconds per batch: median and largest. */
  medianMs: number;
  /** The largest. */
  maxMs: number;
  /** Seconds of load. */
  loadSeconds: number;
  /** Share of the load's time spent in batches. */
  share: number;
}

/** A feed that times its batches. */
class TimedFeed extends LiveFeed {
  readonly times: number[] = [];
  override tick(): void {
    const t0 = performance.now();
    super.tick();
    this.times.push(performance.now() - t0);
  }
}

if (import.meta.main) {
  const { times } = JSON.parse(Deno.args[0] ?? "{}") as { times?: number };
  const spec = await loadTaskFile(DUMMY_TASK, {
    args: {
      sleep: 0,
      runner: { constant: { times: times ?? 1_000_000, concurrency: 10 } },
      hooks: [],
    },
  });
  const receiver = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (r) => {
    await r.arrayBuffer();
    return new Response(null, { status: 204 });
  });
  const dashboard = await DashboardServer.start({ onStop() {} });
  const feed = new TimedFeed({ spec, clock: new RealClock() });
  feed.subscribe(dashboard);
  feed.subscribe(new RemoteWriteOutput({ url: `http://127.0.0.1:${receiver.addr.port}/` }));
  const page = await fetch(`${dashboard.url}events`);
  const reading = page.body!.pipeTo(new WritableStream()).catch(() => {});
  const { document } = await runTask(spec, {
    progress: feed,
    onStart: (uuid) => {
      feed.taskStarted(uuid);
      feed.start();
    },
  });
  feed.stop();
  const ticks = feed.times.slice(0, -1); // the last one comes after the load
  await feed.close();
  await reading;
  await receiver.shutdown();
  const w = document.tasks[0].subtasks[0].workloads[0];
  const sorted = [...ticks].sort((a, b) => a - b);
  const result: LiveTickCost = {
    ticks: ticks.length,
    medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    maxMs: sorted.at(-1) ?? 0,
    loadSeconds: w.load_duration,
    share: ticks.reduce((a, b) => a + b, 0) / 1000 / w.load_duration,
  };
  console.log(JSON.stringify(result));
}
