/**
 * The resilience analysis's own cost per iteration, measured where it is
 * paid: `ResultConsumer.consume` (statistics, SLA, sink, seam) over records
 * shaped like Dummy.dummy's (two nested atomic actions), without and with
 * the analysis of a workload whose hook run has opened a window. Blocks of
 * the two alternate in one process, so the machine's noise hits both alike;
 * the figure is the median difference in nanoseconds per iteration, to be
 * set against an iteration's whole cost (bench/resilience_overhead.ts).
 *
 *     deno run -A bench/resilience_hot_path.ts [--blocks 20] [--size 200000]
 *
 * @module
 */
import { parseArgs } from "node:util";
import { defaultPlugins } from "../mod.ts";
import { LoadSeam } from "../src/engine/load_seam.ts";
import { ResultConsumer } from "../src/engine/result_consumer.ts";
import type { IterationRecord } from "../src/model/iteration_record.ts";
import { SlaChecker } from "../src/sla/sla_checker.ts";
import { ResilienceAnalyzer } from "../src/stats/resilience_analyzer.ts";
import { resolveResilienceSettings } from "../src/stats/resilience_settings.ts";
import { WorkloadStats } from "../src/stats/workload_stats.ts";
import { fmtFixed, median } from "./figures.ts";

const { values } = parseArgs({
  options: {
    blocks: { type: "string", default: "200" },
    size: { type: "string", default: "20000" },
  },
});
const blocks = Number(values.blocks);
const size = Number(values.size);

// 4 µs apart, 2 to 3 µs long: a no-op load's timeline.
function record(i: number): IterationRecord {
  const t = 1_700_000_000 + i * 4e-6;
  const d = 2e-6 + (i % 7) * 1.5e-7;
  return {
    timestamp: t,
    duration: d,
    idle_duration: 0,
    error: [],
    output: { additive: [], complete: [] },
    atomic_actions: [{
      name: "foo",
      started_at: t,
      finished_at: t + d,
      children: [{ name: "bar", started_at: t, finished_at: t + d, children: [] }],
    }],
  };
}
const records = Array.from({ length: 4096 }, (_, i) => record(i));

function consumer(withWindow: boolean): { consume: (i: number) => void } {
  const plugins = defaultPlugins();
  const seam = new LoadSeam();
  let windows: ResilienceAnalyzer | undefined;
  if (withWindow) {
    windows = new ResilienceAnalyzer({
      settings: resolveResilienceSettings({ warmup: 0 }),
      faults: ["pulse"],
    });
    seam.observeRuns(windows);
    seam.loadStarted(1_700_000_000_000);
    seam.runStarted(0, 1, { event_type: "iteration", value: 1 }, 1_700_000_000_000);
  }
  const c = new ResultConsumer({
    stats: new WorkloadStats(),
    sla: new SlaChecker([{ name: "failure_rate", args: { max: 0 }, raw: { max: 0 } }], plugins),
    sink: { write() {}, writeChunk() {}, flush() {}, close() {} },
    seam,
    windows,
  });
  let shift = 0;
  return {
    consume(i: number) {
      const r = records[i & 4095];
      // Later and later, as a load's records are.
      if ((i & 4095) === 0) shift = i * 4e-6;
      c.consume({ ...r, timestamp: r.timestamp + shift });
    },
  };
}

function block(withWindow: boolean): number {
  const c = consumer(withWindow);
  const start = performance.now();
  for (let i = 0; i < size; i++) c.consume(i);
  return ((performance.now() - start) * 1e6) / size;
}

// Warm both paths up before measuring.
block(false);
block(true);
const plain: number[] = [];
const windowed: number[] = [];
for (let b = 0; b < blocks; b++) {
  // In turn first, so a drift of the machine's speed does not favour one side.
  let p: number;
  let w: number;
  if (b % 2) {
    p = block(false);
    w = block(true);
  } else {
    w = block(true);
    p = block(false);
  }
  plain.push(p);
  windowed.push(w);
}
const p10 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 10)];
console.log(
  [
    `ResultConsumer.consume, ${blocks} blocks of ${size} records each way ` +
    `(ns per iteration: 10th percentile of the blocks; median in brackets)`,
    `  without the analysis: ${fmtFixed(p10(plain), 0)} ns (${fmtFixed(median(plain), 0)})`,
    `  with a window open:   ${fmtFixed(p10(windowed), 0)} ns (${fmtFixed(median(windowed), 0)})`,
    `  the analysis costs:   ${fmtFixed(p10(windowed) - p10(plain), 0)} ns per iteration`,
  ].join("\n"),
);
