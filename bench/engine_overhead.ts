/**
 * Target 1, engine overhead: Dummy.dummy (sleep 0) under the constant runner
 * at concurrency 1, 10 and 100, with and without the spec's four sys_call
 * hooks, in iterations per second. brunt runs through its CLI (so the
 * figures include the task history store) and in-process (records counted
 * and dropped: the engine alone); Rally runs the same task file. Runs of
 * brunt and Rally alternate, and ratios are taken within each round.
 *
 * @module
 */
import { type BenchContext, DUMMY_TASK, runInChild } from "./bench_context.ts";
import { type BruntCliRun, rateOf, runBruntCli } from "./brunt_cli.ts";
import { fmtFixed, fmtInt, fmtPercent, fmtRatio, median } from "./figures.ts";
import { fourHooks, type HookPlan, planFor } from "./hook_set.ts";
import type { InProcessResult } from "./in_process.ts";
import { type RallyRun, runRally } from "./rally_cli.ts";
import type { Section } from "./section.ts";

/** Concurrency levels measured. */
export const CONCURRENCIES = [1, 10, 100] as const;

/** One workload configuration's runs. */
export interface EngineCase {
  /** Iterations in flight. */
  concurrency: number;
  /** With the four hooks. */
  hooks: boolean;
  /** brunt CLI runs. */
  brunt: BruntCliRun[];
  /** brunt in-process runs. */
  inProcess: InProcessResult[];
  /** Rally runs (empty without Rally). */
  rally: RallyRun[];
}

/** Everything target 1 measured; target 2 and 3 read it too. */
export interface EngineResults {
  /** Iterations per brunt run. */
  bruntTimes: number;
  /** Iterations per Rally run, by concurrency. */
  rallyTimes: Record<number, number>;
  /** The hook plans (points scale with the iteration count). */
  plans: { brunt: HookPlan; rally: Record<number, HookPlan> };
  /** Every configuration. */
  cases: EngineCase[];
  /**
   * The hook cost's own pairs at c=10, brunt CLI only: in each pair a run
   * without and a run with the four hooks, back to back (in turn first).
   */
  costPairs: { plain: number; hooks: number }[];
}

/** Pairs of runs measuring the hook cost at c=10 (a 0.6 s load varies by ±10 % here). */
export const COST_PAIRS = 12;

/** Runs target 1. */
export async function measureEngine(ctx: BenchContext): Promise<EngineResults> {
  const bruntTimes = ctx.quick ? 50_000 : 200_000;
  // Rally manages ~700 iterations/s at concurrency 1: fewer there keeps the bench short.
  const rallyTimes: Record<number, number> = {};
  for (const c of CONCURRENCIES) rallyTimes[c] = ctx.quick ? 2_000 : c === 1 ? 5_000 : 20_000;
  const plans = {
    brunt: planFor(bruntTimes),
    rally: Object.fromEntries(CONCURRENCIES.map((c) => [c, planFor(rallyTimes[c])])),
  };
  const cases: EngineCase[] = [];
  for (const concurrency of CONCURRENCIES) {
    for (const hooks of [false, true]) {
      cases.push({ concurrency, hooks, brunt: [], inProcess: [], rally: [] });
    }
  }
  for (let round = 1; round <= ctx.runs; round++) {
    for (const k of cases) {
      const label = `c=${k.concurrency}${k.hooks ? " +hooks" : ""}`;
      ctx.log(`engine round ${round}/${ctx.runs} ${label}: brunt`);
      const args = (times: number, plan: HookPlan) => ({
        sleep: 0,
        runner: { constant: { times, concurrency: k.concurrency } },
        hooks: k.hooks ? fourHooks(plan) : [],
      });
      const b = await runBruntCli(DUMMY_TASK, {
        dir: ctx.dir,
        taskArgs: args(bruntTimes, plans.brunt),
      });
      k.brunt.push(b);
      ctx.commands.set("brunt CLI", b.command);
      k.inProcess.push(
        await runInChild(
          { task: DUMMY_TASK, args: args(bruntTimes, plans.brunt), clock: "real" },
          ctx,
        ),
      );
      if (ctx.rally) {
        ctx.log(`engine round ${round}/${ctx.runs} ${label}: Rally`);
        const times = rallyTimes[k.concurrency];
        const r = await runRally(
          ctx.rally,
          DUMMY_TASK,
          args(times, plans.rally[k.concurrency]),
          ctx.dir,
        );
        k.rally.push(r);
        ctx.commands.set("Rally", r.command);
      }
    }
  }
  // The rounds above give the hook cost three times per configuration, too
  // few against this machine's noise: more pairs at the target's c=10.
  const costPairs: EngineResults["costPairs"] = [];
  const pairs = ctx.quick ? 3 : COST_PAIRS;
  for (let pair = 1; pair <= pairs; pair++) {
    ctx.log(`engine hook cost pair ${pair}/${pairs}: brunt c=10 without and with hooks`);
    const run = async (hooks: boolean) =>
      rateOf(
        (await runBruntCli(DUMMY_TASK, {
          dir: ctx.dir,
          taskArgs: {
            sleep: 0,
            runner: { constant: { times: bruntTimes, concurrency: 10 } },
            hooks: hooks ? fourHooks(plans.brunt) : [],
          },
        })).workload,
      );
    if (pair % 2) {
      const plain = await run(false);
      costPairs.push({ plain, hooks: await run(true) });
    } else {
      const hooks = await run(true);
      costPairs.push({ plain: await run(false), hooks });
    }
  }
  return { bruntTimes, rallyTimes, plans, cases, costPairs };
}

/** The table and checks of target 1. */
export function engineSection(res: EngineResults, ctx: BenchContext): Section {
  const rows: string[][] = [];
  const find = (c: number, hooks: boolean) =>
    res.cases.find((k) => k.concurrency === c && k.hooks === hooks)!;
  for (const k of res.cases) {
    const brunt = k.brunt.map((r) => rateOf(r.workload));
    const rally = k.rally.map((r) => rateOf(r.workload));
    const plainCase = find(k.concurrency, false);
    const plain = plainCase.brunt.map((r) => rateOf(r.workload));
    const inProcess = k.inProcess.map((r) => rateOf(r.workload));
    const plainInProcess = plainCase.inProcess.map((r) => rateOf(r.workload));
    const hookRuns = median(
      k.brunt.map((r) => r.workload.hooks.reduce((n, h) => n + h.results.length, 0)),
    );
    rows.push([
      `c=${k.concurrency}${k.hooks ? ", 4 hooks" : ""}`,
      fmtInt(median(brunt)),
      fmtInt(median(inProcess)),
      fmtInt(median(rally)),
      rally.length ? fmtRatio(roundRatio(brunt, rally), 1) : "–",
      k.hooks ? fmtPercent(hookCost(plain, brunt)) : "",
      k.hooks ? fmtPercent(hookCost(plainInProcess, inProcess)) : "",
      k.hooks ? fmtInt(hookRuns) : "",
      k.hooks ? fmtFixed(msPerRun(plain, brunt, res.bruntTimes, hookRuns), 1) : "",
      fmtFixed(median(k.brunt.map((r) => r.process.peakRssMb)), 0),
      fmtFixed(median(k.rally.map((r) => r.process.peakRssMb)), 0),
    ]);
  }
  const target = find(10, true);
  const brunt10 = target.brunt.map((r) => rateOf(r.workload));
  const rally10 = target.rally.map((r) => rateOf(r.workload));
  const ratio = roundRatio(brunt10, rally10);
  const costs = res.cases.filter((k) => k.hooks).map((k) => ({
    c: k.concurrency,
    cost: hookCost(
      find(k.concurrency, false).brunt.map((r) => rateOf(r.workload)),
      k.brunt.map((r) => rateOf(r.workload)),
    ),
  }));
  const pairCosts = res.costPairs.map((p) => 1 - p.hooks / p.plain).sort((a, b) => a - b);
  const cost10 = median(pairCosts);
  const quartile = (q: number) => pairCosts[Math.round(q * (pairCosts.length - 1))];
  return {
    title: "1. Engine overhead: Dummy.dummy sleep 0, constant runner (iterations/s, medians)",
    header: [
      "workload",
      "brunt CLI",
      "in-process",
      "Rally",
      "brunt/Rally",
      "hook cost",
      "in-proc.",
      "runs",
      "ms/run",
      "brunt MB",
      "Rally MB",
    ],
    rows,
    notes: [
      `brunt: ${fmtInt(res.bruntTimes)} iterations per run; Rally: ${
        CONCURRENCIES.map((c) => `${fmtInt(res.rallyTimes[c])} at c=${c}`).join(", ")
      }; ${ctx.runs} run(s) each, brunt and Rally alternating.`,
      "brunt CLI: deno run -A mod.ts run (SQLite history, --json); in-process: runTask, records counted and dropped.",
      "brunt/Rally: median over rounds of the ratio within each round. Hook cost: 1 − rate with hooks / rate",
      "without, per round (CLI and in-process); runs: hook runs per load; ms/run: load time the hooks added",
      "per hook run (CLI).",
      `Hooks (sys_call /bin/true): event iteration at ¼, ½, ¾ of the load, periodic iteration every tenth,`,
      "event time at odd seconds, periodic time every 2 s from 0. MB: peak RSS of the process.",
      `Hook cost at c=10 for the target: ${res.costPairs.length} more pairs of CLI runs without and with the`,
      `hooks, back to back: median ${fmtPercent(cost10)}, quartiles ${
        fmtPercent(quartile(0.25))
      } – ${
        fmtPercent(quartile(0.75))
      } (the table's column: ${ctx.runs} rounds per configuration).`,
    ],
    checks: [
      {
        target: "c=10 with hooks: brunt ≥ 50× Rally's rate",
        measured: rally10.length
          ? `${fmtRatio(ratio, 1)} (brunt ${fmtInt(median(brunt10))}/s, Rally ${
            fmtInt(median(rally10))
          }/s)`
          : "Rally not available",
        met: rally10.length ? ratio >= 50 : undefined,
      },
      {
        target: "c=10 with hooks: brunt ≥ 150,000 iterations/s",
        measured: `${fmtInt(median(brunt10))}/s (runs: ${brunt10.map(fmtInt).join(", ")})`,
        met: median(brunt10) >= 150_000,
      },
      {
        target: "the four hooks cost ≤ 5 % of throughput (c=10)",
        measured: `${fmtPercent(cost10)} over ${res.costPairs.length} pairs (quartiles ${
          fmtPercent(quartile(0.25))
        } – ${fmtPercent(quartile(0.75))}); rounds: ${
          costs.map((x) => `c=${x.c} ${fmtPercent(x.cost)}`).join(", ")
        }`,
        met: cost10 <= 0.05,
      },
    ],
  };
}

/** Median over rounds of a[i] / b[i]. */
export function roundRatio(a: number[], b: number[]): number {
  const n = Math.min(a.length, b.length);
  const ratios: number[] = [];
  for (let i = 0; i < n; i++) ratios.push(a[i] / b[i]);
  return median(ratios);
}

// Median over rounds of the load time added per hook run, in ms.
function msPerRun(without: number[], withHooks: number[], times: number, runs: number): number {
  const n = Math.min(without.length, withHooks.length);
  const added: number[] = [];
  for (let i = 0; i < n; i++) {
    added.push(((times / withHooks[i] - times / without[i]) * 1000) / runs);
  }
  return median(added);
}

// Median over rounds of the throughput the hooks took away.
function hookCost(without: number[], withHooks: number[]): number {
  const n = Math.min(without.length, withHooks.length);
  const costs: number[] = [];
  for (let i = 0; i < n; i++) costs.push(1 - withHooks[i] / without[i]);
  return median(costs);
}
