/**
 * Deterministic synthetic results documents with lazily generated
 * iteration records, for report tests: one loaded workload with hooks of
 * every kind the report must show (fired, never fired, points not reached,
 * failed without output, output carrying markup) and one skipped workload.
 *
 * @module
 */
import type { AtomicAction, IterationRecord } from "../../src/model/iteration_record.ts";
import { createRandom } from "../../src/engine/seeded_random.ts";
import type { Chart, Output } from "../../src/model/output.ts";
import type {
  ResultsDocument,
  StatsNode,
  WorkloadResult,
} from "../../src/model/results_document.ts";
import type { HookResult } from "../../src/model/hook_result.ts";

/** Strings that would run script if a report put them into HTML unescaped. */
export const XSS_STRINGS = [
  "<script>alert(1)</script>",
  "<img src=x onerror=alert(1)>",
] as const;

/** Payloads that set `window.__xss` if they ever run, for the browser test. */
export const XSS_PROBES = [
  "<script>window.__xss=1</script>",
  '<img src=x onerror="window.__xss=2">',
  "</script><script>window.__xss=3</script>",
  "\u2028</script><svg onload=window.__xss=4>",
] as const;

/** Options of {@linkcode syntheticResults}. */
export interface SyntheticOptions {
  /**
   * Iterations of the loaded workload.
   * @default 2000
   */
  iterations?: number;
  /**
   * Iterations started per second.
   * @default 200
   */
  rate?: number;
  /**
   * Every n-th iteration fails (more often during the fault window).
   * @default 50
   */
  failureEvery?: number;
  /**
   * Whether iterations carry scenario output (additive charts on every
   * iteration, complete charts on the first few).
   * @default true
   */
  withOutput?: boolean;
  /**
   * Seed of the durations' randomness.
   * @default 7
   */
  seed?: number;
}

/** A document and where its workloads' iterations come from. */
export interface SyntheticResults {
  /** The document (without `data`). */
  doc: ResultsDocument;
  /** Fresh generator of a workload's records, the same on every call. */
  iterationsOf: (workload: WorkloadResult) => Iterable<IterationRecord>;
}

/** The loaded workload's start, epoch seconds. */
export const SYNTHETIC_START = 1_700_000_000;
const MIN_DURATION = 0.05;
const SLOWDOWN = 3;
const MAX_DURATION = MIN_DURATION * 1.5 * SLOWDOWN;

/**
 * Builds the document and its record generator. Durations lie in
 * [0.05 s, 0.225 s]: 0.05–0.075 s normally and three times that in the
 * fault window (40 %–50 % of the load, opened by the "fault injection"
 * hook), where every 5th iteration also fails. The first record has the
 * minimum and the second the maximum, so `min_duration`/`max_duration` are
 * exact without a pass.
 */
export function syntheticResults(options: SyntheticOptions = {}): SyntheticResults {
  const n = Math.max(2, options.iterations ?? 2000);
  const rate = options.rate ?? 200;
  const failureEvery = options.failureEvery ?? 50;
  const withOutput = options.withOutput ?? true;
  const seed = options.seed ?? 7;
  const loadDuration = (n - 1) / rate + MAX_DURATION;
  const faultFrom = 0.4 * loadDuration;
  const faultTo = 0.5 * loadDuration;
  const failed = countFailures(n, rate, failureEvery, faultFrom, faultTo);

  const loaded: WorkloadResult = {
    uuid: "w-loaded",
    position: 0,
    description: "Synthetic load with a fault window <b>not bold</b>",
    scenario: { "Dummy.dummy": { sleep: 0.05 } },
    runner: { constant: { times: n, concurrency: 20 } },
    hooks: hooks(n, loadDuration),
    sla: { failure_rate: { max: 5 } },
    sla_results: {
      sla: [{
        criterion: "failure_rate",
        success: failed / n <= 0.05,
        detail: `Failure rate ${(100 * failed / n).toFixed(2)}% <= 5% <script>alert(1)</script>`,
      }],
    },
    pass_sla: failed / n <= 0.05,
    contexts: {},
    status: "finished",
    start_time: SYNTHETIC_START,
    load_duration: loadDuration,
    full_duration: loadDuration + 0.5,
    min_duration: MIN_DURATION,
    max_duration: MAX_DURATION,
    total_iteration_count: n,
    failed_iteration_count: failed,
    statistics: { durations: statistics(n, failed) },
  };
  const skipped: WorkloadResult = {
    ...loaded,
    uuid: "w-skipped",
    position: 1,
    description: "",
    runner: { constant: { times: 10 } },
    hooks: [],
    sla: {},
    sla_results: { sla: [] },
    pass_sla: true,
    status: "skipped",
    start_time: null,
    load_duration: 0,
    full_duration: 0,
    min_duration: null,
    max_duration: null,
    total_iteration_count: 0,
    failed_iteration_count: 0,
    statistics: { durations: statistics(0, 0) },
  };
  const doc: ResultsDocument = {
    info: { brunt_version: "0.1.0", generated_at: "2024-01-01T00:00:00Z", format_version: "1.0" },
    tasks: [{
      uuid: "task-synthetic",
      title: `Synthetic ${XSS_STRINGS[0]} task`,
      description: `A task whose strings carry markup: ${XSS_STRINGS[1]}`,
      status: "finished",
      tags: ["synthetic"],
      seed,
      created_at: "2024-01-01T00:00:00Z",
      updated_at: "2024-01-01T00:10:00Z",
      pass_sla: loaded.pass_sla,
      input_task: { version: 2, title: `Synthetic ${XSS_PROBES[2]}`, subtasks: [] },
      subtasks: [
        {
          uuid: "s1",
          title: "loaded",
          description: "",
          status: "finished",
          run_in_parallel: false,
          workloads: [loaded],
        },
        {
          uuid: "s2",
          title: "skipped",
          description: "",
          status: "finished",
          run_in_parallel: false,
          workloads: [skipped],
        },
      ],
    }],
  };
  const iterationsOf = (w: WorkloadResult): Iterable<IterationRecord> =>
    w.uuid === "w-loaded"
      ? records(n, rate, failureEvery, faultFrom, faultTo, withOutput, seed)
      : [];
  return { doc, iterationsOf };
}

function isFailure(i: number, offset: number, every: number, from: number, to: number): boolean {
  const inFault = offset >= from && offset < to;
  return (every > 0 && i % every === every - 1) || (inFault && i % 5 === 0);
}

function countFailures(n: number, rate: number, every: number, from: number, to: number): number {
  let failed = 0;
  for (let i = 0; i < n; i++) if (isFailure(i, i / rate, every, from, to)) failed++;
  return failed;
}

function* records(
  n: number,
  rate: number,
  every: number,
  faultFrom: number,
  faultTo: number,
  withOutput: boolean,
  seed: number,
): Generator<IterationRecord> {
  const random = createRandom(seed);
  const empty: Output = { additive: [], complete: [] };
  for (let i = 0; i < n; i++) {
    const offset = i / rate;
    const timestamp = SYNTHETIC_START + offset;
    const inFault = offset >= faultFrom && offset < faultTo;
    let duration = MIN_DURATION * (1 + 0.5 * random()) * (inFault ? SLOWDOWN : 1);
    if (i === 0) duration = MIN_DURATION;
    if (i === 1) duration = MAX_DURATION;
    const fails = isFailure(i, offset, every, faultFrom, faultTo);
    const split = timestamp + duration * 0.6;
    const actions: AtomicAction[] = [
      {
        name: "boot",
        started_at: timestamp,
        finished_at: split,
        children: [{ name: "boot.wait", started_at: timestamp, finished_at: split, children: [] }],
      },
      {
        name: "work",
        started_at: split,
        finished_at: timestamp + duration,
        children: [],
        ...(fails ? { failed: true as const } : {}),
      },
    ];
    yield {
      timestamp,
      duration,
      idle_duration: 0,
      error: fails
        ? [
          "TimeoutError",
          `Iteration ${i} timed out ${XSS_STRINGS[1]}`,
          `Traceback:\n  at work() ${XSS_PROBES[0]}`,
        ]
        : [],
      output: withOutput ? output(i, inFault) : empty,
      atomic_actions: actions,
    };
  }
}

function output(i: number, inFault: boolean): Output {
  const additive: Chart[] = [
    {
      title: "Queue depth",
      chart_plugin: "Lines",
      data: [["depth", (i % 17) + (inFault ? 20 : 0)], ["workers", 20]],
      label: "items",
    },
    {
      title: "Outcome",
      chart_plugin: "Pie",
      data: [["fast", inFault ? 0 : 1], ["slow", inFault ? 1 : 0]],
    },
  ];
  const complete: Chart[] = i < 2
    ? [
      {
        title: `Log of iteration ${i}`,
        chart_plugin: "TextArea",
        data: ["started", XSS_STRINGS[0]],
      },
      {
        title: "Samples",
        chart_plugin: "StackedArea",
        data: [["a", [[0, 1], [1, 2], [2, 3]]], [XSS_PROBES[1], [[0, 2], [1, 1], [2, 2]]]],
        axis_label: "step",
        label: "count",
      },
    ]
    : [];
  return { additive, complete };
}

function hooks(n: number, load: number): HookResult[] {
  const at = (offset: number, took: number) => ({
    started_at: SYNTHETIC_START + offset,
    finished_at: SYNTHETIC_START + offset + took,
  });
  const faultIteration = Math.floor(0.4 * n);
  const periodicRuns = [0, 0.25, 0.5, 0.75, 1].map((f) => f * load);
  return [
    {
      config: {
        description: "fault injection",
        action: { sys_call: "/usr/local/bin/inject-fault --latency 3x" },
        trigger: { event: { unit: "iteration", at: [faultIteration] } },
      },
      results: [{
        triggered_by: { event_type: "iteration", value: faultIteration },
        ...at(0.4 * load, 0.1 * load),
        status: "success",
        output: {
          additive: [],
          complete: [
            {
              title: "Fault applied",
              chart_plugin: "Lines",
              data: [["latency factor", [[0, 1], [1, 3], [2, 3]]]],
              axis_label: "step",
              label: "factor",
            },
            {
              title: "Fault summary",
              chart_plugin: "Table",
              data: { cols: ["key", "value"], rows: [["latency", "3x"], ["target", "<all>"]] },
            },
          ],
        },
      }],
      summary: { success: 1 },
    },
    {
      config: {
        description: "never fires",
        action: { sys_call: "/bin/true" },
        trigger: { event: { unit: "time", at: [load * 10] } },
      },
      results: [],
      summary: {},
      not_reached: { values: [load * 10], count: 1 },
    },
    {
      config: {
        description: "periodic probe",
        action: { sys_call: "/bin/echo probe" },
        trigger: { periodic: { unit: "time", step: load / 4, end: load * 2 } },
      },
      results: periodicRuns.map((t, k) => ({
        triggered_by: { event_type: "time" as const, value: t },
        ...at(t, 0.002),
        status: "success" as const,
        output: {
          additive: [],
          complete: [{
            title: "System call",
            chart_plugin: "TextArea" as const,
            data: ["RetCode: 0", `StdOut: probe ${k}`, "StdErr: (empty)"],
          }],
        },
      })),
      summary: { success: periodicRuns.length },
      not_reached: { values: [1.25, 1.5, 1.75, 2].map((f) => f * load), count: 4 },
    },
    {
      config: {
        description: "failing restart",
        action: { sys_call: "/bin/false" },
        trigger: { event: { unit: "iteration", at: [Math.floor(n / 2)] } },
      },
      results: [{
        triggered_by: { event_type: "iteration", value: Math.floor(n / 2) },
        ...at(0.6 * load, 0.01),
        status: "failed",
        error: {
          etype: "SubprocessError",
          msg: "Subprocess returned 1",
          details: `stderr: ${XSS_STRINGS[0]}`,
        },
      }],
      summary: { failed: 1 },
    },
    {
      // The spec's form of a hook entry, with markup in its description and output.
      config: {
        name: "sys_call",
        description: `markup ${XSS_STRINGS[1]} ${XSS_PROBES[2]}`,
        args: `echo '${XSS_STRINGS[0]}'`,
        trigger: { name: "event", args: { unit: "time", at: [0.8 * load] } },
      },
      results: [{
        triggered_by: { event_type: "time", value: 0.8 * load },
        ...at(0.8 * load, 0.003),
        status: "success",
        output: {
          additive: [],
          complete: [{
            title: `System call ${XSS_PROBES[3]}`,
            chart_plugin: "TextArea",
            data: ["RetCode: 0", ...XSS_STRINGS, ...XSS_PROBES],
          }],
        },
      }],
      summary: { success: 1 },
    },
  ];
}

function node(name: string, count: number, failed: number, children: StatsNode[] = []): StatsNode {
  const ran = count > 0;
  return {
    name,
    display_name: name,
    count_per_iteration: 1,
    data: {
      iteration_count: count,
      min: ran ? MIN_DURATION : null,
      median: ran ? 0.062 : null,
      "90%ile": ran ? 0.09 : null,
      "95%ile": ran ? 0.16 : null,
      max: ran ? MAX_DURATION : null,
      avg: ran ? 0.07 : null,
      success: ran ? `${(100 * (count - failed) / count).toFixed(1)}%` : "n/a",
    },
    children,
  };
}

function statistics(n: number, failed: number): { total: StatsNode; atomics: StatsNode[] } {
  return {
    total: node("total", n, failed),
    atomics: [node("boot", n, 0, [node("boot.wait", n, 0)]), node("work", n, failed)],
  };
}
