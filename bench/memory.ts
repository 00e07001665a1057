/**
 * Target 2, memory: peak RSS of the brunt CLI running Dummy.dummy (sleep 0)
 * at concurrency 10 for 100,000, 1,000,000 and 3,000,000 iterations, to show
 * it stays flat in the iteration count; beside it the figures of target 1's runs
 * (brunt at its size, Rally at 20,000 iterations).
 *
 * @module
 */
import { type BenchContext, DUMMY_TASK } from "./bench_context.ts";
import { runBruntCliBare } from "./brunt_cli.ts";
import type { EngineResults } from "./engine_overhead.ts";
import { fmtFixed, fmtInt, fmtRuns, median } from "./figures.ts";
import type { Section } from "./section.ts";

/** Peak RSS must stay under this for 1,000,000 iterations. */
const LIMIT_MB = 150;
/** "Flat": at most this growth from 100,000 to 1,000,000 iterations. */
const FLAT_GROWTH = 0.1;
/** "Bounded": at most this growth from 1,000,000 to 3,000,000 iterations (full runs only). */
const BOUNDED_GROWTH = 0.05;

/** Runs target 2 and builds its table; `engine` adds target 1's runs as rows. */
export async function memorySection(
  ctx: BenchContext,
  engine: EngineResults | undefined,
): Promise<Section> {
  // 3,000,000 shows where the growth stops (V8's young generation reaches its
  // largest size within the first million); --quick leaves it out.
  const sizes = ctx.quick ? [100_000, 1_000_000] : [100_000, 1_000_000, 3_000_000];
  const peaks = new Map<number, number[]>(sizes.map((n) => [n, []]));
  const seconds = new Map<number, number[]>(sizes.map((n) => [n, []]));
  for (let round = 1; round <= ctx.runs; round++) {
    for (const times of sizes) {
      ctx.log(`memory round ${round}/${ctx.runs}: ${fmtInt(times)} iterations`);
      const proc = await runBruntCliBare(DUMMY_TASK, {
        dir: ctx.dir,
        taskArgs: { sleep: 0, runner: { constant: { times, concurrency: 10 } }, hooks: [] },
      });
      peaks.get(times)!.push(proc.peakRssMb);
      seconds.get(times)!.push(proc.seconds);
    }
  }
  const rows = sizes.map((n) => [
    `brunt CLI, ${fmtInt(n)} iterations`,
    fmtFixed(median(peaks.get(n)!), 0),
    fmtRuns(peaks.get(n)!, (x) => fmtFixed(x, 0)),
    fmtFixed(median(seconds.get(n)!), 1),
  ]);
  const c10 = engine?.cases.find((k) => k.concurrency === 10 && !k.hooks);
  if (c10?.brunt.length) {
    const p = c10.brunt.map((r) => r.process.peakRssMb);
    rows.push([
      `brunt CLI, ${fmtInt(engine!.bruntTimes)} iterations, with --json`,
      fmtFixed(median(p), 0),
      fmtRuns(p, (x) => fmtFixed(x, 0)),
      fmtFixed(median(c10.brunt.map((r) => r.process.seconds)), 1),
    ]);
  }
  if (c10?.inProcess.length) {
    const p = c10.inProcess.map((r) => r.peakRssMb);
    rows.push([
      `in-process, ${fmtInt(engine!.bruntTimes)} iterations, records dropped`,
      fmtFixed(median(p), 0),
      fmtRuns(p, (x) => fmtFixed(x, 0)),
      "",
    ]);
  }
  if (c10?.rally.length) {
    const p = c10.rally.map((r) => r.process.peakRssMb);
    rows.push([
      `Rally, ${fmtInt(engine!.rallyTimes[10])} iterations`,
      fmtFixed(median(p), 0),
      fmtRuns(p, (x) => fmtFixed(x, 0)),
      fmtFixed(median(c10.rally.map((r) => r.process.seconds)), 1),
    ]);
  }
  const small = median(peaks.get(100_000)!);
  const big = median(peaks.get(1_000_000)!);
  const huge = peaks.has(3_000_000) ? median(peaks.get(3_000_000)!) : NaN;
  return {
    title: "2. Memory: Dummy.dummy sleep 0, constant runner, concurrency 10 (peak RSS, MB)",
    header: ["run", "median MB", "runs", "wall s"],
    rows,
    notes: [
      "Peak RSS of the whole process (GNU time %M). brunt rows without --json measure the load and",
      "the task history; the --json row includes writing every raw iteration to the results file.",
    ],
    checks: [
      {
        target: `1,000,000 iterations: peak RSS ≤ ${LIMIT_MB} MB`,
        measured: `${fmtFixed(big, 0)} MB`,
        met: big <= LIMIT_MB,
      },
      {
        target: `flat: ≤ ${FLAT_GROWTH * 100} % more from 100,000 to 1,000,000 iterations`,
        measured: `${fmtFixed(small, 0)} → ${fmtFixed(big, 0)} MB (${
          fmtFixed((big / small - 1) * 100, 1)
        } %)`,
        met: big <= small * (1 + FLAT_GROWTH),
      },
      {
        target: `bounded: ≤ ${BOUNDED_GROWTH * 100} % more from 1,000,000 to 3,000,000 iterations`,
        measured: Number.isFinite(huge)
          ? `${fmtFixed(big, 0)} → ${fmtFixed(huge, 0)} MB (${
            fmtFixed((huge / big - 1) * 100, 1)
          } %)`
          : "not run with --quick",
        met: Number.isFinite(huge) ? huge <= big * (1 + BOUNDED_GROWTH) : undefined,
      },
    ],
  };
}
