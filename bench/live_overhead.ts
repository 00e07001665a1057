/**
 * Target 7, live outputs: what `--dashboard` and `--out prometheus-rw` cost
 * the no-op load at c=10, in back-to-back pairs of CLI runs (one without,
 * one with, in turn first), each long enough for several of the outputs'
 * once-a-second batches. The remote write goes to a local receiver that
 * answers 204 (what is measured is brunt's side, not an ingesting
 * Prometheus competing for the same two cores). Beside the pairs, whose
 * ratio the shared machine's noise blurs, `bench/live_tick_cost.ts` times
 * the outputs' work on the load's thread directly.
 *
 * @module
 */
import { type BenchContext, DUMMY_TASK } from "./bench_context.ts";
import { rateOf, REPO, runBruntCli } from "./brunt_cli.ts";
import type { LiveTickCost } from "./live_tick_cost.ts";
import { runMeasured } from "./measured_process.ts";
import { fmtInt, fmtPercent, median, percentile } from "./figures.ts";
import type { Section } from "./section.ts";

/** The outputs measured, with their flags. */
const OUTPUTS = ["dashboard", "prometheus-rw"] as const;

/** Pairs per output (a few seconds of load varies by several percent here). */
export const LIVE_PAIRS = 10;

/** Runs target 7. */
export async function liveSection(ctx: BenchContext): Promise<Section> {
  const times = ctx.quick ? 300_000 : 1_000_000;
  const pairs = ctx.quick ? 3 : LIVE_PAIRS;
  let received = 0;
  const receiver = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (r) => {
    await r.arrayBuffer();
    received++;
    return new Response(null, { status: 204 });
  });
  const flags = {
    "dashboard": ["--dashboard"],
    "prometheus-rw": ["--out", `prometheus-rw=http://127.0.0.1:${receiver.addr.port}/api/v1/write`],
  };
  // Per run: iterations a second (wall), and CPU microseconds an iteration (the process's
  // whole CPU time, start-up included, over its iterations: other jobs do not stretch it).
  type Run = { rate: number; cpuUs: number };
  const results = new Map<string, { plain: Run; live: Run }[]>();
  const load0 = Deno.loadavg()[0];
  try {
    for (const output of OUTPUTS) {
      const list: { plain: Run; live: Run }[] = [];
      for (let pair = 1; pair <= pairs; pair++) {
        ctx.log(`live outputs pair ${pair}/${pairs}: c=10 without and with ${output}`);
        const run = async (live: boolean) => {
          const r = await runBruntCli(DUMMY_TASK, {
            dir: ctx.dir,
            taskArgs: { sleep: 0, runner: { constant: { times, concurrency: 10 } }, hooks: [] },
            flags: live ? flags[output] : [],
          });
          if (live) ctx.commands.set(`brunt CLI with ${output}`, r.command);
          return {
            rate: rateOf(r.workload),
            cpuUs: r.process.cpuSeconds * 1e6 / r.workload.total_iteration_count,
          };
        };
        if (pair % 2) {
          const plain = await run(false);
          list.push({ plain, live: await run(true) });
        } else {
          const live = await run(true);
          list.push({ plain: await run(false), live });
        }
      }
      results.set(output, list);
    }
  } finally {
    await receiver.shutdown();
  }
  const tickRuns: LiveTickCost[] = [];
  for (let i = 1; i <= (ctx.quick ? 1 : 3); i++) {
    ctx.log(`live outputs: their time on the load's thread, run ${i}`);
    const args = [
      "run",
      "-A",
      `${REPO}/bench/live_tick_cost.ts`,
      JSON.stringify({ times: times * 5 }),
    ];
    const proc = await runMeasured(Deno.execPath(), args, { cwd: ctx.dir });
    if (proc.code !== 0) throw new Error(`bench/live_tick_cost.ts failed:\n${proc.stderr}`);
    tickRuns.push(JSON.parse(proc.stdout.trim().split("\n").pop()!));
    ctx.commands.set(
      "live outputs' thread time",
      `deno ${args.slice(0, 3).join(" ")} '${args[3]}'`,
    );
  }
  const load1 = Deno.loadavg()[0];
  const rows: string[][] = [];
  const checks = [];
  const quartiles = (xs: number[]) =>
    `${fmtPercent(percentile(xs, 25))} – ${fmtPercent(percentile(xs, 75))}`;
  for (const output of OUTPUTS) {
    const list = results.get(output)!;
    const wall = list.map((p) => 1 - p.live.rate / p.plain.rate);
    const cpu = list.map((p) => p.live.cpuUs / p.plain.cpuUs - 1);
    const plainRates = list.map((p) => p.plain.rate);
    const spread = (Math.max(...plainRates) - Math.min(...plainRates)) / median(plainRates);
    rows.push([
      output,
      fmtInt(median(plainRates)),
      fmtInt(median(list.map((p) => p.live.rate))),
      fmtPercent(median(wall)),
      quartiles(wall),
      fmtPercent(spread),
      `${median(list.map((p) => p.plain.cpuUs)).toFixed(2)} → ${
        median(list.map((p) => p.live.cpuUs)).toFixed(2)
      }`,
      fmtPercent(median(cpu)),
      quartiles(cpu),
    ]);
    checks.push({
      target: `7. --${
        output === "dashboard" ? "dashboard" : "out prometheus-rw"
      } costs ≤ 3 % at c=10`,
      measured: `CPU per iteration ${fmtPercent(median(cpu))} median over ${list.length} pairs ` +
        `(quartiles ${quartiles(cpu)}); iterations/s ${fmtPercent(median(wall))} (quartiles ${
          quartiles(wall)
        })`,
      met: median(cpu) <= 0.03,
    });
  }
  return {
    title: "7. Live outputs: Dummy.dummy sleep 0, constant c=10 (iterations/s, medians of pairs)",
    header: [
      "output",
      "it/s without",
      "it/s with",
      "cost (rate)",
      "quartiles",
      "spread without",
      "CPU µs/it",
      "cost (CPU)",
      "quartiles",
    ],
    rows,
    checks,
    notes: [
      `${fmtInt(times)} iterations per run; ${pairs} back-to-back pairs per output, in turn first.`,
      "Cost (rate): 1 − rate with / rate without, per pair; spread: (max − min) / median of the runs without.",
      "Cost (CPU): the process's CPU time per iteration (user + system, start-up included) with / without − 1, per pair.",
      `dashboard: no page connected; prometheus-rw: a local receiver answering 204 (${received} requests).`,
      `Load average (1 min) ${load0.toFixed(2)} before, ${load1.toFixed(2)} after.`,
      `Batches on the load's thread (both outputs, one page connected, in-process, ${
        fmtInt(times * 5)
      } iterations): ${
        median(tickRuns.map((r) => r.medianCpuMs)).toFixed(1)
      } ms CPU each at the median (wall ${
        median(tickRuns.map((r) => r.medianMs)).toFixed(1)
      } ms, largest ${Math.max(...tickRuns.map((r) => r.maxMs)).toFixed(0)} ms), ${
        fmtPercent(median(tickRuns.map((r) => r.share)))
      } of the process's CPU time during the load (runs: ${
        tickRuns.map((r) => fmtPercent(r.share)).join(", ")
      }).`,
    ],
  };
}
