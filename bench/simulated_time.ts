/**
 * Target 6, simulated time: a one-hour constant_for_duration workload of
 * 10 ms Dummy.dummy iterations at concurrency 4, with an in-process hook
 * (`bench_probe`, not sys_call: a real process would race the simulated
 * clock) on a periodic time trigger every 10 s, run on a SimulatedClock in a
 * fresh process each time. It must end within 10 s of real time and give
 * the same results, to the bit, on every run.
 *
 * @module
 */
import { type BenchContext, DUMMY_TASK, runInChild } from "./bench_context.ts";
import { fmtFixed, fmtInt, median } from "./figures.ts";
import type { InProcessResult } from "./in_process.ts";
import type { Section } from "./section.ts";

/** Real seconds the simulated hour may take. */
const LIMIT_S = 10;

/** Runs target 6 and builds its table. */
export async function simulatedSection(ctx: BenchContext): Promise<Section> {
  const duration = ctx.quick ? 600 : 3600;
  const span = duration >= 3600 ? `${duration / 3600} h` : `${duration / 60} min`;
  const runs: InProcessResult[] = [];
  for (let round = 1; round <= Math.max(ctx.runs, 2); round++) {
    ctx.log(`simulated round ${round}: ${duration} s of simulated time`);
    runs.push(
      await runInChild({
        task: DUMMY_TASK,
        args: {
          sleep: 0.01,
          runner: { constant_for_duration: { duration, concurrency: 4 } },
          hooks: [{
            description: "probe every 10 s",
            action: { bench_probe: { tag: "time" } },
            trigger: { periodic: { unit: "time", step: 10, start: 0 } },
          }],
        },
        clock: "simulated",
        seed: 42,
      }, ctx),
    );
  }
  const identical = runs.every((r) => r.digest === runs[0].digest);
  const slowest = Math.max(...runs.map((r) => r.realSeconds));
  const rows = runs.map((r, i) => [
    `run ${i + 1}`,
    fmtFixed(r.realSeconds, 2),
    fmtInt(r.workload.total_iteration_count),
    fmtFixed(r.workload.load_duration, 3),
    String(r.workload.hooks[0]?.results.length ?? 0),
    r.digest,
  ]);
  return {
    title: `6. Simulated time: ${
      duration / 3600
    } h constant_for_duration, 10 ms iterations, c=4, hook every 10 s`,
    header: ["run", "real s", "iterations", "load s", "hook runs", "digest"],
    rows,
    notes: [
      "Each run in a fresh process (bench/in_process.ts, SimulatedClock, seed 42). The digest covers the",
      "whole results document and every raw iteration's timestamps and durations.",
    ],
    checks: [
      {
        target: `the simulated ${span} end in ≤ ${LIMIT_S} s of real time`,
        measured: `slowest ${fmtFixed(slowest, 2)} s, median ${
          fmtFixed(median(runs.map((r) => r.realSeconds)), 2)
        } s`,
        met: slowest <= LIMIT_S,
      },
      {
        target: "identical results on every run",
        measured: identical
          ? `${runs.length} runs, one digest ${runs[0].digest}`
          : runs.map((r) => r.digest).join(" ≠ "),
        met: identical,
      },
    ],
  };
}
