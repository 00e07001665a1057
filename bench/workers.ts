/**
 * Scaling out: the no-op load with `--workers 1` and `2` (and, for threads
 * against processes, the same two segments as two processes meeting at a
 * coordinator on 127.0.0.1), HTTP requests/s with 1 and 2 workers against
 * `hey` (all unpinned), how late time points start with workers, and, on
 * the simulated clock, a task split into 1, 2 and 4 segments giving
 * identical statistics, SLA and hook results.
 *
 * @module
 */
import { type BenchContext, DUMMY_TASK, HTTP_TASK } from "./bench_context.ts";
import { rateOf, REPO, runBruntCli } from "./brunt_cli.ts";
import { fmtFixed, fmtInt, fmtRatio, median, percentile } from "./figures.ts";
import { runMeasured } from "./measured_process.ts";
import type { Check, Section } from "./section.ts";
import type { WorkloadSummary } from "./results_file.ts";
import { parseTask, type WorkloadResult } from "../mod.ts";
import { runSimulated } from "../src/testing/run_simulated.ts";

/** The configurations of the no-op load, in the order each round runs them. */
const NOOP = ["in one thread", "--workers 1", "--workers 2", "2 processes"] as const;
type Noop = (typeof NOOP)[number];

/** Runs the section and builds its table. */
export async function workersSection(ctx: BenchContext): Promise<Section> {
  const rows: string[][] = [];
  const notes: string[] = [];
  const checks: Check[] = [];

  // No-op load.
  const times = ctx.quick ? 300_000 : 1_000_000;
  const rates = new Map<Noop, number[]>(NOOP.map((k) => [k, []]));
  const ratios: number[] = [];
  const processRatios: number[] = [];
  const machine: number[] = [];
  for (let round = 1; round <= ctx.runs; round++) {
    // What two threads get on this machine right now, against one: the ceiling of any ratio below.
    machine.push(await threadScaling());
    const got = new Map<Noop, number>();
    for (const config of NOOP) {
      ctx.log(`workers round ${round}/${ctx.runs}: no-op ${config}`);
      const w = await noop(ctx, times, config);
      if (w.total_iteration_count !== times) {
        throw new Error(`${config}: ${w.total_iteration_count} of ${times} iterations`);
      }
      got.set(config, rateOf(w));
      rates.get(config)!.push(rateOf(w));
    }
    ratios.push(got.get("--workers 2")! / got.get("--workers 1")!);
    processRatios.push(got.get("2 processes")! / got.get("--workers 2")!);
  }
  for (const config of NOOP) {
    const r = rates.get(config)!;
    rows.push([
      `no-op, ${config}`,
      fmtInt(median(r)),
      `${fmtInt(Math.min(...r))}–${fmtInt(Math.max(...r))}`,
      config === "--workers 2" ? `${fmtRatio(median(ratios), 1)} of 1 worker` : "",
    ]);
  }
  notes.push(
    `No-op: Dummy.dummy sleep 0, constant ${fmtInt(times)} iterations at c=10, brunt's CLI with ` +
      `its SQLite history; iterations / load_duration. "2 processes": the coordinator ` +
      `(--segment 0:1/2) and a segment process (--segment 1/2:1) on 127.0.0.1.`,
    `Ratio 2 workers / 1 worker per round: ${ratios.map((r) => fmtFixed(r, 2)).join(", ")}; ` +
      `2 processes / 2 threads per round: ${processRatios.map((r) => fmtFixed(r, 2)).join(", ")}.`,
    `The machine's own scaling before each round (a CPU-bound loop in 2 worker threads against ` +
      `1, 1 s each): ${machine.map((r) => fmtFixed(r, 2)).join(", ")}: two threads got that much ` +
      `more CPU than one, so 2 workers / 1 worker cannot exceed it.`,
  );
  checks.push({
    target: "no-op load: ≥ 1.7× from 1 to 2 workers",
    measured: `${fmtFixed(median(ratios), 2)}× (median over ${ratios.length} rounds)`,
    met: median(ratios) >= 1.7,
  });

  // HTTP.
  const http = await httpFigures(ctx);
  for (const [c, f] of http) {
    rows.push([
      `HTTP c=${c}, 1 worker`,
      fmtInt(median(f.w1)),
      spread(f.w1),
      f.hey.length ? `${fmtRatio(median(f.r1), 1)} of hey` : "",
    ]);
    rows.push([
      `HTTP c=${c}, 2 workers`,
      fmtInt(median(f.w2)),
      spread(f.w2),
      f.hey.length ? `${fmtRatio(median(f.r2), 1)} of hey` : "",
    ]);
    if (f.hey.length) rows.push([`HTTP c=${c}, hey`, fmtInt(median(f.hey)), spread(f.hey), ""]);
    checks.push({
      target: `HTTP c=${c}: 2 workers ≥ 1.2× hey`,
      measured: f.hey.length
        ? `${fmtFixed(median(f.r2), 2)}× (rounds: ${f.r2.map((r) => fmtFixed(r, 2)).join(", ")})`
        : "hey not installed",
      met: f.hey.length ? median(f.r2) >= 1.2 : undefined,
    });
  }
  notes.push(
    "HTTP: HttpRequests.check_request GET against bench/http_target.ts (Deno.serve, its own " +
      "process); brunt's CLI and hey unpinned, on the same machine as the target.",
  );

  // Time points with workers.
  const late = await timePoints(ctx);
  for (const [config, ms] of late) {
    rows.push([
      `time points, ${config}`,
      `p50 ${fmtFixed(median(ms), 2)} ms`,
      `p99 ${fmtFixed(percentile(ms, 99), 2)} ms`,
      `max ${fmtFixed(Math.max(...ms), 2)} ms, ${ms.length} points`,
    ]);
  }
  const p99 = percentile(late.get("--workers 2")!, 99);
  checks.push({
    target: "time points ≤ 2 ms late at p99 with workers",
    measured: `p99 ${fmtFixed(p99, 2)} ms with --workers 2`,
    met: p99 <= 2,
  });
  notes.push(
    "Time points: constant_for_duration 4 s of Dummy.dummy sleep 0 at c=10, sys_call /bin/true " +
      "on a periodic time trigger every 0.05 s; started_at − (start_time + t).",
  );

  // Simulated clock: 1, 2 and 4 segments.
  const sim = await simulatedSplits();
  rows.push(["simulated, 1/2/4 segments", sim.same ? "identical" : "DIFFERENT", "", sim.detail]);
  checks.push({
    target: "simulated clock: 1, 2 and 4 segments give identical statistics, SLA and hooks",
    measured: sim.detail,
    met: sim.same,
  });
  return {
    title: "7. Scaling out: workers and segments (medians, min–max over rounds)",
    header: ["load", "median", "spread", "ratio"],
    rows,
    checks,
    notes,
  };
}

function spread(values: number[]): string {
  return `${fmtInt(Math.min(...values))}–${fmtInt(Math.max(...values))}`;
}

async function noop(ctx: BenchContext, times: number, config: Noop): Promise<WorkloadSummary> {
  const taskArgs = { sleep: 0, runner: { constant: { times, concurrency: 10 } }, hooks: [] };
  if (config !== "2 processes") {
    const flags = config === "in one thread" ? [] : config.split(" ");
    const run = await runBruntCli(DUMMY_TASK, { dir: ctx.dir, taskArgs, flags });
    ctx.commands.set(`no-op ${config}`, run.command);
    return run.workload;
  }
  const port = freePort();
  const cluster = ["--segment-sequence", "0,1/2,1", "--coordinator", `127.0.0.1:${port}`];
  const token = ["--token", "bench"];
  const other = runMeasured(Deno.execPath(), [
    "run",
    "-A",
    `${REPO}/mod.ts`,
    "run",
    DUMMY_TASK,
    "--task-args",
    JSON.stringify(taskArgs),
    "--segment",
    "1/2:1",
    ...cluster,
    ...token,
    "--quiet",
  ], { cwd: ctx.dir });
  const run = await runBruntCli(DUMMY_TASK, {
    dir: ctx.dir,
    taskArgs,
    flags: ["--segment", "0:1/2", ...cluster, ...token],
  });
  const segment = await other;
  if (segment.code !== 0) throw new Error(`the segment process failed:\n${segment.stderr}`);
  ctx.commands.set("no-op 2 processes (coordinator)", run.command);
  return run.workload;
}

interface HttpFigures {
  w1: number[];
  w2: number[];
  hey: number[];
  /** Per round: 1 worker / hey. */
  r1: number[];
  /** Per round: 2 workers / hey. */
  r2: number[];
}

async function httpFigures(ctx: BenchContext): Promise<Map<number, HttpFigures>> {
  const server = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${REPO}/bench/http_target.ts`],
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const figures = new Map<number, HttpFigures>();
  try {
    const reader = server.stdout.getReader();
    const { value } = await reader.read();
    reader.releaseLock();
    const url = new TextDecoder().decode(value).split("\n")[0].trim();
    const requests = ctx.quick ? 50_000 : 200_000;
    for (const c of [10, 100]) {
      const f: HttpFigures = { w1: [], w2: [], hey: [], r1: [], r2: [] };
      figures.set(c, f);
      for (let round = 1; round <= ctx.runs; round++) {
        let hey = NaN;
        if (ctx.hey) {
          ctx.log(`workers round ${round}/${ctx.runs}: HTTP c=${c} hey`);
          const out = await runMeasured("hey", ["-n", String(requests), "-c", String(c), url]);
          const m = out.stdout.match(/Requests\/sec:\s+([\d.]+)/);
          if (out.code !== 0 || !m) throw new Error(`hey failed:\n${out.stdout}${out.stderr}`);
          hey = Number(m[1]);
          f.hey.push(hey);
        }
        for (const workers of [1, 2]) {
          ctx.log(`workers round ${round}/${ctx.runs}: HTTP c=${c} --workers ${workers}`);
          const run = await runBruntCli(HTTP_TASK, {
            dir: ctx.dir,
            taskArgs: { url, runner: { constant: { times: requests, concurrency: c } } },
            flags: ["--workers", String(workers)],
          });
          if (run.workload.failed_iteration_count) {
            throw new Error(`HTTP c=${c}: ${run.workload.failed_iteration_count} requests failed`);
          }
          const rate = rateOf(run.workload);
          (workers === 1 ? f.w1 : f.w2).push(rate);
          if (ctx.hey) (workers === 1 ? f.r1 : f.r2).push(rate / hey);
        }
      }
    }
  } finally {
    server.kill();
    await server.status;
  }
  return figures;
}

async function timePoints(ctx: BenchContext): Promise<Map<string, number[]>> {
  const late = new Map<string, number[]>([["in one thread", []], ["--workers 2", []]]);
  const taskArgs = {
    sleep: 0,
    runner: { constant_for_duration: { duration: 4, concurrency: 10 } },
    hooks: [{
      action: { sys_call: "/bin/true" },
      trigger: { periodic: { unit: "time", step: 0.05, start: 0.05, end: 3.95 } },
    }],
  };
  for (let round = 1; round <= ctx.runs; round++) {
    for (const [config, ms] of late) {
      ctx.log(`workers round ${round}/${ctx.runs}: time points ${config}`);
      const flags = config === "--workers 2" ? ["--workers", "2"] : [];
      const { workload: w } = await runBruntCli(DUMMY_TASK, { dir: ctx.dir, taskArgs, flags });
      for (const r of w.hooks[0].results) {
        ms.push((r.started_at - (w.start_time + r.triggered_by.value)) * 1000);
      }
    }
  }
  return late;
}

// One task on the simulated clock, unsplit and split into 1, 2 and 4 segments.
async function simulatedSplits(): Promise<{ same: boolean; detail: string }> {
  const task = parseTask(
    JSON.stringify({
      version: 2,
      title: "split",
      subtasks: [{
        title: "w",
        workloads: [{
          scenario: { "Dummy.dummy_random_fail_in_atomic": { exception_probability: 0.1 } },
          runner: { rps: { rps: 200, times: 20_000 } },
          hooks: [{
            action: { sys_call: "/bin/true" },
            trigger: { periodic: { unit: "iteration", step: 2500 } },
          }],
          sla: { failure_rate: { max: 20 }, max_avg_duration: 1 },
        }],
      }],
    }),
    "split.json",
  );
  const same = (w: WorkloadResult) =>
    JSON.stringify({
      statistics: w.statistics,
      counts: [w.total_iteration_count, w.failed_iteration_count, w.start_time, w.load_duration],
      sla: w.sla_results,
      hooks: w.hooks.map((h) => h.results.map((r) => [r.triggered_by, r.status])),
    });
  const figures: string[] = [];
  for (const workers of [undefined, 1, 2, 4]) {
    const { document } = await runSimulated(task, { seed: 5, workers });
    figures.push(same(document.tasks[0].subtasks[0].workloads[0]));
  }
  const identical = figures.every((f) => f === figures[0]);
  return {
    same: identical,
    detail: `rps 200 × 20,000 with random failures, a hook every 2,500 iterations and two SLA ` +
      `criteria: unsplit, 1, 2 and 4 segments ${identical ? "identical" : "differ"}`,
  };
}

// Work done in 1 s by a CPU-bound loop in two worker threads, over that of one.
async function threadScaling(): Promise<number> {
  const code = `self.onmessage = () => {
    let x = 0, n = 0;
    const t = performance.now();
    while (performance.now() - t < 1000) { for (let i = 0; i < 10000; i++) x = (x * 31 + i) | 0; n++; }
    self.postMessage(n + (x & 0));
  };`;
  const url = URL.createObjectURL(new Blob([code], { type: "application/javascript" }));
  const work = async (threads: number) => {
    const workers = Array.from({ length: threads }, () => new Worker(url, { type: "module" }));
    const done = await Promise.all(workers.map((w) =>
      new Promise<number>((resolve) => {
        w.onmessage = (e) => resolve(e.data);
        w.postMessage(0);
      })
    ));
    for (const w of workers) w.terminate();
    return done.reduce((a, b) => a + b, 0);
  };
  const one = await work(1);
  const two = await work(2);
  URL.revokeObjectURL(url);
  return two / one;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}
