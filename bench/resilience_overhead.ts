/**
 * What the resilience analysis costs the load's hot path: Dummy.dummy
 * (sleep 0) under the constant runner at concurrency 10, in-process (records
 * counted and dropped, so the engine's own cost is the denominator), without
 * hooks and with one hook that defines a window (`"fault": "pulse"`, fired
 * after 1,000 iterations, so the baseline and then the window take every
 * iteration). Runs alternate in pairs, each in a fresh process; the cost is
 * `1 − rate with / rate without` within each pair.
 *
 *     deno run -A bench/resilience_overhead.ts [--pairs 12] [--times 200000]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type BenchContext, DUMMY_TASK, runInChild } from "./bench_context.ts";
import { rateOf } from "./brunt_cli.ts";
import { fmtInt, fmtPercent, median } from "./figures.ts";

const { values } = parseArgs({
  options: {
    pairs: { type: "string", default: "12" },
    times: { type: "string", default: "200000" },
  },
});
const pairs = Number(values.pairs);
const times = Number(values.times);

const WINDOW_HOOK = {
  description: "a fault that defines a window",
  action: { bench_probe: { tag: "fault" } },
  trigger: { event: { unit: "iteration", at: [1000] } },
  fault: "pulse",
};

const dir = await Deno.makeTempDir({ prefix: "brunt_bench_resilience_" });
const ctx: BenchContext = {
  quick: false,
  runs: 1,
  dir,
  rally: undefined,
  hey: false,
  log: (line) => console.error(line),
  commands: new Map(),
};

async function rate(withWindow: boolean): Promise<number> {
  const result = await runInChild({
    task: DUMMY_TASK,
    args: {
      sleep: 0,
      runner: { constant: { times, concurrency: 10 } },
      hooks: withWindow ? [WINDOW_HOOK] : [],
    },
    clock: "real",
  }, ctx);
  if (withWindow && result.workload.resilience?.windows.length !== 1) {
    throw new Error("the run with a hook-defined window has no window");
  }
  return rateOf(result.workload);
}

const plain: number[] = [];
const windowed: number[] = [];
const costs: number[] = [];
try {
  for (let pair = 1; pair <= pairs; pair++) {
    ctx.log(`pair ${pair}/${pairs}`);
    // In turn first, so a drift of the machine's speed does not favour one side.
    let without: number;
    let withWindow: number;
    if (pair % 2) {
      without = await rate(false);
      withWindow = await rate(true);
    } else {
      withWindow = await rate(true);
      without = await rate(false);
    }
    plain.push(without);
    windowed.push(withWindow);
    costs.push(1 - withWindow / without);
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
const sorted = [...costs].sort((x, y) => x - y);
const quartile = (q: number) => sorted[Math.round(q * (sorted.length - 1))];
console.log(
  [
    `Resilience analysis cost: Dummy.dummy sleep 0, constant c=10, ${fmtInt(times)} iterations, ` +
    `in-process, ${pairs} pairs`,
    `  without hooks:              ${fmtInt(median(plain))} iterations/s (median)`,
    `  with a hook-defined window: ${fmtInt(median(windowed))} iterations/s (median)`,
    `  cost (1 − with / without, within each pair): median ${fmtPercent(median(costs))}, ` +
    `quartiles ${fmtPercent(quartile(0.25))} … ${fmtPercent(quartile(0.75))}`,
  ].join("\n"),
);
