/**
 * The live outputs' time on the load's thread, measured directly: runs the
 * no-op load at c=10 in this process with a live feed feeding a dashboard
 * (one page connected, reading its event stream) and a remote write output
 * (to a local receiver answering 204), and times every batch from the
 * reading of the figures to the last output's return, in wall time and in
 * the process's CPU time (which a busy machine's preemption does not
 * inflate). The batches' CPU time over the process's CPU time during the
 * load is the share the outputs took. Prints one JSON line.
 *
 *     deno run -A bench/live_tick_cost.ts '{"times": 1000000}'
 *
 * @module
 */
import process from "node:process";
import { loadTaskFile, RealClock, runTask } from "../mod.ts";
import { DUMMY_TASK } from "./bench_context.ts";
import { LiveFeed } from "../src/live/live_feed.ts";
import { DashboardServer } from "../src/live/dashboard/dashboard_server.ts";
import { RemoteWriteOutput } from "../src/live/prometheus/remote_write_output.ts";

/** What the child prints. */
export interface LiveTickCost {
  /** Batches taken while the load ran. */
  ticks: number;
  /** Wall milliseconds per batch, median. */
  medianMs: number;
  /** The largest. */
  maxMs: number;
  /** CPU milliseconds per batch, median. */
  medianCpuMs: number;
  /** Seconds of load. */
  loadSeconds: number;
  /** Share of the process's CPU time during the load spent in batches. */
  share: number;
}

/** A feed that times its batches. */
class TimedFeed extends LiveFeed {
  readonly times: number[] = [];
  readonly cpu: number[] = [];
  override tick(): void {
    const t0 = performance.now();
    const c0 = cpuMs();
    super.tick();
    this.cpu.push(cpuMs() - c0);
    this.times.push(performance.now() - t0);
  }
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
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
  const cpu0 = cpuMs();
  // Records are dropped, as the CLI's history commits and forgets them: a heap holding
  // a million of them would put collector pauses into the batches' times.
  const store = {
    openWorkload: () => ({ write() {}, writeChunk() {}, flush() {}, close() {} }),
    iterations: () => [],
  };
  const { document } = await runTask(spec, {
    store,
    progress: feed,
    onStart: (uuid) => {
      feed.taskStarted(uuid);
      feed.start();
    },
  });
  const loadCpu = cpuMs() - cpu0;
  feed.stop();
  // The last batch comes after the load.
  const ticks = feed.times.slice(0, -1);
  const cpu = feed.cpu.slice(0, -1);
  await feed.close();
  await reading;
  await receiver.shutdown();
  const w = document.tasks[0].subtasks[0].workloads[0];
  const mid = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0;
  const result: LiveTickCost = {
    ticks: ticks.length,
    medianMs: mid(ticks),
    maxMs: Math.max(0, ...ticks),
    medianCpuMs: mid(cpu),
    loadSeconds: w.load_duration,
    share: cpu.reduce((a, b) => a + b, 0) / loadCpu,
  };
  console.log(JSON.stringify(result));
}
