/**
 * Target 4, rps accuracy: Dummy.dummy (sleep 0) under the rps runner at 100,
 * 1,000 and 10,000 starts per second through the brunt CLI. From the raw
 * iterations: the achieved start rate, (n − 1) / (last start − first start),
 * and each start's deviation from the ideal schedule, start_i − (origin +
 * i / rps), the origin being the latest one no start is early for.
 *
 * @module
 */
import { type BenchContext, DUMMY_TASK } from "./bench_context.ts";
import { runBruntCli } from "./brunt_cli.ts";
import { fmtFixed, fmtInt, fmtPercent, median, percentile } from "./figures.ts";
import type { Section } from "./section.ts";

/** Achieved rate must be within this share of the target. */
const RATE_TOLERANCE = 0.005;
/** Start deviation from the ideal schedule at p99, ms. */
const DEVIATION_MS = 2;

/** One run's figures. */
interface RpsRun {
  achieved: number;
  p50: number;
  p99: number;
  max: number;
}

/** Runs target 4 and builds its table. */
export async function rpsSection(ctx: BenchContext): Promise<Section> {
  const seconds = ctx.quick ? 2 : 5;
  const rates = [100, 1_000, 10_000];
  const runs = new Map<number, RpsRun[]>(rates.map((r) => [r, []]));
  for (let round = 1; round <= ctx.runs; round++) {
    for (const rps of rates) {
      ctx.log(`rps round ${round}/${ctx.runs}: ${fmtInt(rps)}/s for ${seconds} s`);
      const run = await runBruntCli(DUMMY_TASK, {
        dir: ctx.dir,
        keepStarts: true,
        taskArgs: { sleep: 0, runner: { rps: { rps, times: rps * seconds } }, hooks: [] },
      });
      runs.get(rps)!.push(measure(run.starts, rps));
    }
  }
  const rows: string[][] = [];
  const checks: Section["checks"] = [];
  for (const rps of rates) {
    const rs = runs.get(rps)!;
    const achieved = median(rs.map((r) => r.achieved));
    const p99 = median(rs.map((r) => r.p99));
    const off = Math.abs(achieved / rps - 1);
    rows.push([
      `rps ${fmtInt(rps)}, ${fmtInt(rps * seconds)} iterations`,
      fmtFixed(achieved, 2),
      fmtPercent(achieved / rps - 1),
      fmtFixed(median(rs.map((r) => r.p50)), 3),
      fmtFixed(p99, 3),
      fmtFixed(rs.reduce((m, r) => Math.max(m, r.max), -Infinity), 3),
    ]);
    checks.push({
      target: `rps ${fmtInt(rps)}: rate within ${
        RATE_TOLERANCE * 100
      } % and p99 deviation ≤ ${DEVIATION_MS} ms`,
      measured: `rate ${fmtPercent(achieved / rps - 1)} off, p99 ${fmtFixed(p99, 3)} ms`,
      met: off <= RATE_TOLERANCE && p99 <= DEVIATION_MS,
    });
  }
  return {
    title: "4. rps accuracy: Dummy.dummy sleep 0, rps runner, brunt CLI (medians of runs)",
    header: ["workload", "achieved/s", "off by", "dev p50 ms", "dev p99 ms", "dev max ms"],
    rows,
    notes: [
      "Achieved: (n − 1) / (last start − first start). Deviation: start_i − (origin + i / rps) over every",
      "start, the origin being the latest time no start is early for (the runner's start, seen from outside).",
    ],
    checks,
  };
}

// The schedule's origin is the runner's start, a moment before the first
// iteration's: taken as the latest origin no start is early for.
function measure(starts: number[], rps: number): RpsRun {
  let origin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < starts.length; i++) origin = Math.min(origin, starts[i] - i / rps);
  const t0 = starts[0];
  const dev = starts.map((t, i) => (t - (origin + i / rps)) * 1000);
  return {
    achieved: (starts.length - 1) / (starts[starts.length - 1] - t0),
    p50: percentile(dev, 50),
    p99: percentile(dev, 99),
    max: dev.reduce((m, d) => Math.max(m, d), -Infinity),
  };
}
