/**
 * Target 3, hooks on time under load. Two sources:
 *
 * - target 1's runs with hooks (brunt CLI and Rally on the same task): how
 *   late each time point's run started, `started_at − (start_time + t)`,
 *   and whether every iteration point fired once;
 * - a dedicated brunt run: Dummy.dummy (sleep 0) at concurrency 10 under
 *   constant_for_duration, recorded in the SQLite history as the CLI does,
 *   with sys_call time points every 0.05 s (so a p99 has a few hundred
 *   samples) and `bench_probe` hooks that note the recorded-iteration count
 *   when their iteration points fire.
 *
 * @module
 */
import { type BenchContext, DUMMY_TASK, runInChild } from "./bench_context.ts";
import type { EngineResults } from "./engine_overhead.ts";
import { fmtFixed, fmtInt, median, percentile } from "./figures.ts";
import { expectedIterationPoints, fourHooks, type HookPlan, type V2Hook } from "./hook_set.ts";
import type { InProcessResult } from "./in_process.ts";
import type { WorkloadSummary } from "./results_file.ts";
import type { Section } from "./section.ts";

/** A time point's run must start within this many ms of its point (p99). */
const LATE_MS = 2;

/** Runs the dedicated load and builds target 3's table from it and from `engine`. */
export async function hookTimingSection(
  ctx: BenchContext,
  engine: EngineResults | undefined,
): Promise<Section> {
  const seconds = ctx.quick ? 3 : 10;
  const timeAt: number[] = [];
  for (let t = 0.05; t < seconds; t += 0.1) timeAt.push(Math.round(t * 100) / 100);
  const plan: HookPlan = {
    iterationAt: [1_000, 50_000, 200_000],
    iterationStep: 100_000,
    timeAt,
    timeStep: 0.1,
  };
  const probes: V2Hook[] = [
    {
      description: "probe event",
      action: { bench_probe: { tag: "event" } },
      trigger: { event: { unit: "iteration", at: plan.iterationAt } },
    },
    {
      description: "probe periodic",
      action: { bench_probe: { tag: "periodic" } },
      trigger: {
        periodic: { unit: "iteration", step: plan.iterationStep, start: plan.iterationStep },
      },
    },
  ];
  const dedicated: InProcessResult[] = [];
  for (let round = 1; round <= ctx.runs; round++) {
    ctx.log(`hook timing round ${round}/${ctx.runs}: ${seconds} s under load`);
    dedicated.push(
      await runInChild({
        task: DUMMY_TASK,
        args: {
          sleep: 0,
          runner: { constant_for_duration: { duration: seconds, concurrency: 10 } },
          hooks: [...fourHooks(plan), ...probes],
        },
        clock: "real",
        store: "history",
      }, ctx),
    );
  }

  const rows: string[][] = [];
  const checks: Section["checks"] = [];
  const ded = dedicated.flatMap((r) => lateness(r.workload as unknown as WorkloadSummary));
  rows.push(
    row(
      `brunt, ${seconds} s at c=10, points every 0.05 s`,
      ded,
      dedicated.map((r) => r.workload.total_iteration_count),
    ),
  );
  const bruntA: number[] = [];
  const rallyA: number[] = [];
  let pointsOk = true;
  const pointProblems: string[] = [];
  for (const k of engine?.cases.filter((c) => c.hooks) ?? []) {
    for (const r of k.brunt) {
      bruntA.push(...lateness(r.workload));
      pointsOk &&= checkPoints(
        r.workload,
        engine!.plans.brunt,
        `brunt c=${k.concurrency}`,
        pointProblems,
      );
    }
    for (const r of k.rally) {
      rallyA.push(...lateness(r.workload));
      checkPoints(
        r.workload,
        engine!.plans.rally[k.concurrency],
        `Rally c=${k.concurrency}`,
        pointProblems,
      );
    }
  }
  if (engine) {
    rows.push(row("brunt CLI, target 1 runs with hooks", bruntA, []));
    rows.push(row("Rally, target 1 runs with hooks", rallyA, []));
  }
  for (const r of dedicated) {
    const completed = r.workload.total_iteration_count;
    const want = expectedIterationPoints(plan, completed);
    pointsOk &&= same(r.probes.event ?? [], want.event, "probe event", pointProblems);
    pointsOk &&= same(r.probes.periodic ?? [], want.periodic, "probe periodic", pointProblems);
    pointsOk &&= checkPoints(
      r.workload as unknown as WorkloadSummary,
      plan,
      "brunt dedicated",
      pointProblems,
    );
  }
  const p99 = percentile(ded, 99);
  checks.push({
    target: `time points start within ${LATE_MS} ms of their point at p99 (dedicated run)`,
    measured:
      `p99 ${fmtFixed(p99, 2)} ms over ${ded.length} points (max ${
        fmtFixed(Math.max(...ded), 2)
      } ms)` +
      (bruntA.length
        ? `; target 1 runs: p99 ${fmtFixed(percentile(bruntA, 99), 2)} ms over ${bruntA.length}`
        : ""),
    met: ded.length ? p99 <= LATE_MS : undefined,
  });
  checks.push({
    target: "iteration points fire once each, at exactly their count",
    measured: pointsOk
      ? `all ${dedicated.length} dedicated run(s) and target 1's runs: every point once, probes at the exact count`
      : pointProblems.filter((p) => p.startsWith("brunt") || p.startsWith("probe")).slice(0, 4)
        .join("; "),
    met: pointsOk,
  });
  const rallyNotes = pointProblems.filter((p) => p.startsWith("Rally"));
  return {
    title: "3. Hooks on time under load: started_at − (start_time + t) of time points (ms)",
    header: ["run", "points", "median", "p99", "max", "iterations"],
    rows,
    notes: [
      "Dedicated run: in-process runTask recording into a SQLite task history like the CLI, four sys_call",
      "hooks (/bin/true; event time at .05, .15 … s, periodic time every 0.1 s, event and periodic iteration)",
      "and two bench_probe hooks on the same iteration points, which note the recorded count when built.",
      ...(rallyNotes.length
        ? [`Rally's iteration points: ${rallyNotes.slice(0, 3).join("; ")}`]
        : []),
    ],
    checks,
  };
}

/** How late each time-triggered run started, in ms. */
export function lateness(w: WorkloadSummary): number[] {
  const out: number[] = [];
  for (const h of w.hooks) {
    for (const r of h.results) {
      if (r.triggered_by.event_type !== "time") continue;
      out.push((r.started_at - (w.start_time + r.triggered_by.value)) * 1000);
    }
  }
  return out;
}

// Whether the workload's iteration-triggered hooks fired each expected point once.
function checkPoints(w: WorkloadSummary, plan: HookPlan, who: string, problems: string[]): boolean {
  const want = expectedIterationPoints(plan, w.total_iteration_count);
  let ok = true;
  for (const h of w.hooks) {
    const trig = (h.config.trigger ?? {}) as Record<string, { unit?: string }>;
    const [name, args] = Object.entries(trig)[0] ?? [];
    if (args?.unit !== "iteration") continue;
    const got = h.results.map((r) => r.triggered_by.value);
    const expected = name === "event" ? want.event : want.periodic;
    ok = same(got, expected, `${who} ${h.config.description ?? name}`, problems) && ok;
  }
  return ok;
}

function same(got: number[], want: number[], who: string, problems: string[]): boolean {
  if (got.length === want.length && got.every((v, i) => v === want[i])) return true;
  problems.push(`${who}: fired at [${short(got)}], expected [${short(want)}]`);
  return false;
}

function short(values: number[]): string {
  return values.length > 6
    ? `${values.slice(0, 5).join(", ")}, … (${values.length})`
    : values.join(", ");
}

function row(label: string, late: number[], iterations: number[]): string[] {
  return [
    label,
    String(late.length),
    fmtFixed(median(late), 2),
    fmtFixed(percentile(late, 99), 2),
    late.length ? fmtFixed(Math.max(...late), 2) : "–",
    iterations.length ? fmtInt(median(iterations)) : "",
  ];
}
