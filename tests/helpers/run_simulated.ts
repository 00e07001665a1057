/**
 * Runs tasks on a {@linkcode SimulatedClock} for engine tests: builds a
 * TaskSpec from a plain object, drives the clock until the run settles and
 * hands back the document, the raw records and the first workload's result.
 * Importing it registers the test-only scenarios `Test.probe` (records what
 * each iteration saw), `Test.hang` (never settles) and `Test.throw_value`
 * (throws a value that is not an Error).
 *
 * @module
 */
import {
  type IterationRecord,
  parseTask,
  registerScenario,
  type ResultsDocument,
  type RunTaskOptions,
  type TaskSpec,
  type WorkloadResult,
} from "../../mod.ts";
import { MemoryStore } from "../../src/store/memory_store.ts";
import { SimulatedClock } from "../../src/clock/simulated_clock.ts";
import { runSimulated as runToEnd } from "../../src/testing/run_simulated.ts";
import { sleep } from "../../src/clock/clock.ts";

/** The simulated clock's start time in these tests: epoch ms 1_700_000_000_000. */
export const T0 = 1_700_000_000_000;

/** Builds a TaskSpec from a task written as a plain object (either accepted form). */
export function taskSpec(task: unknown): TaskSpec {
  return parseTask(JSON.stringify(task), "task.json");
}

/** A one-workload task in the spec's form: `scenario` with `args`, run by `runner`. */
export function oneWorkload(
  scenario: string,
  args: Record<string, unknown>,
  runner: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): TaskSpec {
  return taskSpec({ [scenario]: [{ args, runner, ...extra }] });
}

/** Options of {@linkcode runSimulated}. */
export interface RunSimulatedOptions extends Omit<RunTaskOptions, "clock" | "store"> {
  /**
   * The clock to run on; pass one to act on it while the task runs.
   * @default a new SimulatedClock at {@linkcode T0}
   */
  clock?: SimulatedClock;
  /**
   * Simulated milliseconds after which the run is declared stuck.
   * @default 24 hours
   */
  limitMs?: number;
}

/** What {@linkcode runSimulated} returns. */
export interface SimulatedRun {
  /** The results document. */
  document: ResultsDocument;
  /** The store with the raw records. */
  store: MemoryStore;
  /** The clock the task ran on. */
  clock: SimulatedClock;
  /** Every workload in document order (subtask by subtask). */
  workloads: WorkloadResult[];
  /** The first workload. */
  workload: WorkloadResult;
  /** The first workload's raw records, in completion order. */
  records: IterationRecord[];
  /** Raw records of the workload with this uuid. */
  recordsOf(uuid: string): IterationRecord[];
}

/**
 * Runs `spec` to the end on a simulated clock (seed 1 unless given), as
 * brunt's own `runSimulated` does (which throws when it has not finished
 * within `limitMs` of simulated time or is still running with no timer
 * pending: a hang), into a memory store whose records it hands back.
 */
export async function runSimulated(
  spec: TaskSpec,
  options: RunSimulatedOptions = {},
): Promise<SimulatedRun> {
  const { clock = new SimulatedClock({ start: T0 }), limitMs = 86_400_000, ...rest } = options;
  const store = new MemoryStore();
  const { document } = await runToEnd(spec, { seed: 1, ...rest, clock, store, limitMs });
  const workloads = document.tasks[0].subtasks.flatMap((s) => s.workloads);
  const recordsOf = (uuid: string) => [...store.iterations(uuid)];
  return {
    document,
    store,
    clock,
    workloads,
    workload: workloads[0],
    records: recordsOf(workloads[0].uuid),
    recordsOf,
  };
}

/** Seconds since {@linkcode T0} of an epoch-seconds timestamp, rounded to the microsecond. */
export function offset(epochSeconds: number): number {
  return Math.round((epochSeconds - T0 / 1000) * 1e6) / 1e6;
}

/** What the `Test.probe` scenario saw of one iteration. */
export interface ProbeEntry {
  /** `ctx.iteration`. */
  iteration: number;
  /** Clock time at its start, ms. */
  startMs: number;
  /** Clock time when its scenario settled, ms; undefined while it runs. */
  endMs?: number;
  /** Iterations of `Test.probe` running at its start, itself included. */
  concurrent: number;
  /** Whether `ctx.signal` was aborted when its scenario settled. */
  aborted?: boolean;
}

/** Everything `Test.probe` recorded since the last {@linkcode resetProbe}. */
export const probe: { entries: ProbeEntry[]; running: number; maxRunning: number } = {
  entries: [],
  running: 0,
  maxRunning: 0,
};

/** Forgets what `Test.probe` recorded. */
export function resetProbe(): void {
  probe.entries = [];
  probe.running = 0;
  probe.maxRunning = 0;
}

/** Args of `Test.probe`. */
export interface ProbeArgs {
  /** Seconds each iteration sleeps on the clock (0: none). */
  sleep: number;
  /** Seconds by iteration number: iteration n sleeps `sleeps[(n − 1) % length]`; overrides `sleep`. */
  sleeps?: number[];
  /** Ignore `ctx.signal`: sleep on the clock directly, so an abort does not cut the sleep. */
  deaf?: boolean;
}

registerScenario<ProbeArgs>("Test.probe", async (args, ctx) => {
  const entry: ProbeEntry = {
    iteration: ctx.iteration,
    startMs: ctx.clock.now(),
    concurrent: ++probe.running,
  };
  probe.entries.push(entry);
  probe.maxRunning = Math.max(probe.maxRunning, probe.running);
  const seconds = args.sleeps ? args.sleeps[(ctx.iteration - 1) % args.sleeps.length] : args.sleep;
  try {
    if (args.deaf) await sleep(ctx.clock, seconds * 1000);
    else if (seconds > 0) await ctx.sleep(seconds);
  } finally {
    probe.running--;
    entry.endMs = ctx.clock.now();
    entry.aborted = ctx.signal.aborted;
  }
}, {
  description: "Test scenario: records its iteration number, start and concurrency, then sleeps.",
  schema: {
    type: "object",
    properties: {
      sleep: { type: "number", minimum: 0, default: 0 },
      sleeps: { type: "array", items: { type: "number", minimum: 0 }, minItems: 1 },
      deaf: { type: "boolean", default: false },
    },
    additionalProperties: false,
  },
});

registerScenario<Record<string, never>>("Test.hang", () => new Promise<void>(() => {}), {
  description: "Test scenario: returns a promise that never settles.",
  schema: { type: "object", additionalProperties: false },
});

registerScenario<{ value: unknown }>("Test.throw_value", (args) => {
  throw args.value;
}, {
  description: "Test scenario: throws its `value` arg as it is (not an Error).",
  schema: { type: "object", properties: { value: {} }, additionalProperties: false },
});
