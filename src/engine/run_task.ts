/**
 * runTask: runs a task (loaded, or a task file to load) and returns its
 * results document.
 *
 * @module
 */
import { createActor } from "xstate";
import { type Clock, isSimulated, realWork } from "../clock/clock.ts";
import { HookOutputBudget } from "./hook_output_budget.ts";
import { FORMAT_VERSION, type ResultsDocument } from "../model/results_document.ts";
import { MemoryStore } from "../store/memory_store.ts";
import type { ResultStore } from "../store/result_store.ts";
import { loadTaskFile } from "../task/load.ts";
import type { TaskSpec } from "../model/task_spec.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { TaskArgs } from "../task/task_args.ts";
import { VERSION } from "../model/version.ts";
import { breathePolicyFor } from "./iteration_driver.ts";
import { PreciseClock } from "../clock/precise_clock.ts";
import { randomSeed } from "./seeded_random.ts";
import { taskMachine } from "./task_actor.ts";
import { InProcessHost } from "./in_process_host.ts";
import { loadSplitter, pluginModules, workersFor } from "./load_splitter.ts";
import type { SegmentHost } from "./segment_host.ts";
import { SegmentSequence } from "../segment/segment_sequence.ts";
import type { SegmentShare } from "../segment/segment_share.ts";
import { WorkerPool } from "./thread_host.ts";

/** Simulated milliseconds between the progress reports of segments run in this thread. */
const IN_PROCESS_REPORT_MS = 100;
import type { ProgressSink } from "../model/progress.ts";

/**
 * Options of {@linkcode runTask}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, runTask, type RunTaskOptions } from "@brunt/brunt";
 * let ids = 0;
 * // The same seed repeats the run's random choices; the ids are the caller's own.
 * const options: RunTaskOptions = { seed: 42, newId: () => `run-${++ids}` };
 * const task = parseTask("Dummy.dummy: [{runner: {type: serial, times: 2}}]", "task.yaml");
 * const { document } = await runTask(task, options);
 * assert.equal(document.tasks[0].seed, 42);
 * assert.equal(document.tasks[0].uuid, "run-1");
 * ```
 */
export interface RunTaskOptions {
  /**
   * Values of the task file's template variables, when the task is given as
   * a path or URL (see `loadTaskFile`); not allowed with a loaded task.
   * @default {undefined}
   */
  args?: TaskArgs;
  /**
   * The plugins a task file given by path or URL is validated and run with;
   * not allowed with a loaded task, which runs with the plugins it was
   * loaded with.
   * @default {defaultPlugins()}
   */
  plugins?: PluginRegistry;
  /**
   * The clock for every actor, timer, sleep and timestamp. A simulated one
   * (a `SimulatedClock`) runs the task as fast as it is driven, real work
   * taking no simulated time; any other is used as it is.
   * @default {new PreciseClock()} (the real clock, with sub-millisecond timers)
   */
  clock?: Clock;
  /**
   * Where raw iterations are streamed.
   * @default {new MemoryStore()}
   */
  store?: ResultStore;
  /**
   * Seed of the random source; the same seed repeats a run's random choices.
   * @default a fresh random seed (reported in the results)
   */
  seed?: number;
  /**
   * Aborting it lets the running workloads run to their end and starts no
   * other (Rally's soft abort); the task ends `aborted`.
   */
  finishSignal?: AbortSignal;
  /** Aborting it stops the task softly: no new iterations, in-flight ones and started hook runs finish. */
  signal?: AbortSignal;
  /** Aborting it stops the task hard: in-flight iterations and hook runs are cancelled (etype `Aborted`). */
  hardSignal?: AbortSignal;
  /**
   * Stop a workload (and skip later ones) once an SLA criterion fails.
   * @default false
   */
  abortOnSlaFailure?: boolean;
  /** Receives workload start and end notices, for live progress. */
  progress?: ProgressSink;
  /** Gives the running task's id as soon as it has one. */
  onStart?: (taskUuid: string) => void;
  /** Makes ids for the task, subtasks and workloads. @default crypto.randomUUID */
  newId?: () => string;
  /**
   * Runs each workload's load in this many worker threads, one execution
   * segment each (`"auto"`: one per core), while this thread keeps the
   * hooks, the clock and the results; on a simulated clock the segments
   * run in this thread, on that clock. Plugins come to the threads from the
   * modules they were loaded from (`loadPlugins`). By default a workload
   * whose runner gives Rally's `max_cpu_count` runs in that many threads
   * (up to the cores), any other in this thread.
   * @default {undefined}
   */
  workers?: number | "auto";
}

/**
 * The result of {@linkcode runTask}: the document, and the store holding the
 * raw iterations.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, runTask, type TaskRun } from "@brunt/brunt";
 * const task = parseTask("Dummy.dummy: [{runner: {type: serial, times: 3}}]", "task.yaml");
 * const run: TaskRun = await runTask(task);
 * const workload = run.document.tasks[0].subtasks[0].workloads[0];
 * assert.equal(workload.data, undefined); // the raw iterations are in the store
 * const records = [...run.store.iterations(workload.uuid)];
 * assert.equal(records.length, 3);
 * assert.deepEqual(records[0].error, []);
 * ```
 */
export interface TaskRun {
  /** The results document (workloads without `data`: raw iterations are in `store`). */
  document: ResultsDocument;
  /** Where the raw iterations are. */
  store: ResultStore;
}

/**
 * Runs a task to the end and returns its results: `task` is a loaded task
 * (from `loadTaskFile` or `parseTask`) or the path or URL of a task file,
 * which is then loaded (rendered with `options.args`, parsed, validated)
 * first. Failures inside scenarios, hooks and plugins become failed
 * iterations and hook runs; they never reject this promise.
 *
 * @param task The task, or its file's path or URL.
 * @param options The clock, store, seed, abort signals and progress sink.
 * @returns The results document and the store holding the raw iterations.
 * @throws {TaskFileError} (as a rejection) when a task file cannot be loaded.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask, runTask } from "@brunt/brunt";
 * const spec = parseTask(
 *   "Dummy.dummy: [{args: {sleep: 0.01}, runner: {type: constant, times: 10, concurrency: 2}}]",
 *   "task.yaml",
 * );
 * const { document } = await runTask(spec, { seed: 1 });
 * const workload = document.tasks[0].subtasks[0].workloads[0];
 * assert.equal(workload.total_iteration_count, 10);
 * assert.equal(workload.pass_sla, true);
 * ```
 */
export function runTask(
  task: TaskSpec | string | URL,
  options: RunTaskOptions = {},
): Promise<TaskRun> {
  if (typeof task === "string" || task instanceof URL) {
    // Reading the file is real work: a simulated clock waits for it.
    const loading = loadTaskFile(task, { args: options.args, plugins: options.plugins });
    return (options.clock ? realWork(options.clock, loading) : loading)
      .then((spec) => runSpec(spec, options));
  }
  if (options.args !== undefined || options.plugins !== undefined) {
    return Promise.reject(
      new TypeError(
        "runTask: args and plugins go with a task file given by path or URL; this task is " +
          "already loaded (pass them to loadTaskFile or parseTask, or the path to runTask)",
      ),
    );
  }
  return runSpec(task, options);
}

/**
 * A run whose every workload is split by one sequence over hosts the caller
 * has (the processes of other machines), the segment `own` running here.
 */
export interface ClusterSplit {
  /** The sequence. */
  sequence: SegmentSequence;
  /** The hosts in sequence order, given the host of this process's own segment. */
  hosts: (own: SegmentHost) => SegmentHost[];
  /** Milliseconds from "all ready" to the start they are released at. */
  releaseMs: number;
}

/**
 * Runs a loaded task as {@linkcode runTask} does, each workload split as
 * `cluster` says (the CLI's `run --segment` on the first segment's process).
 */
export function runClusterTask(
  spec: TaskSpec,
  options: Omit<RunTaskOptions, "args" | "plugins" | "workers">,
  cluster: ClusterSplit,
): Promise<TaskRun> {
  return runSpec(spec, options, cluster);
}

/**
 * Runs a loaded task as {@linkcode runTask} does, but only the `share` of
 * each workload's load (the CLI's `run --segment` without a coordinator).
 */
export function runShareAlone(
  spec: TaskSpec,
  options: Omit<RunTaskOptions, "args" | "plugins" | "workers">,
  share: SegmentShare,
): Promise<TaskRun> {
  return runSpec(spec, options, undefined, share);
}

function runSpec(
  spec: TaskSpec,
  options: RunTaskOptions,
  cluster?: ClusterSplit,
  share?: SegmentShare,
): Promise<TaskRun> {
  // The real clock's timers get sub-millisecond precision (time triggers,
  // rps starts); runners then yield as soon as one is due.
  const clock = options.clock ?? new PreciseClock();
  const store = options.store ?? new MemoryStore();
  const seed = options.seed ?? randomSeed();
  const newId = options.newId ?? (() => crypto.randomUUID());
  const breathe = breathePolicyFor(clock);
  const uuid = newId();
  const cores = navigator.hardwareConcurrency;
  const workers = options.workers === "auto" ? cores : options.workers;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
    return Promise.reject(
      new TypeError(`runTask: workers must be a whole number ≥ 1 or "auto"; got ${workers}`),
    );
  }
  // Threads keep real time; a simulated clock runs the segments here, on it.
  const pool = isSimulated(clock) ? undefined : new WorkerPool();
  const hosts = (count: number): SegmentHost[] =>
    pool
      ? pool.hosts(count)
      : Array.from({ length: count }, (_, i) =>
        new InProcessHost(`segment ${i + 1}`, {
          clock,
          breathe,
          plugins: () => Promise.resolve(spec.plugins),
          reportMs: IN_PROCESS_REPORT_MS,
        }));
  const split = loadSplitter({
    seed,
    plugins: spec.plugins,
    clock,
    modules: pool && pluginModules(spec.plugins),
    plan: cluster
      ? () => ({
        sequence: cluster.sequence,
        hosts: cluster.hosts(hosts(1)[0]),
        releaseMs: cluster.releaseMs,
      })
      : (workload) => {
        const count = workersFor(workload, workers, cores);
        if (count === undefined) return undefined;
        return { sequence: SegmentSequence.even(count), hosts: hosts(count), releaseMs: 0 };
      },
  });
  const actor = createActor(taskMachine, {
    clock,
    input: {
      spec,
      uuid,
      seed,
      newId,
      env: {
        clock,
        plugins: spec.plugins,
        store,
        seed,
        abortOnSlaFailure: options.abortOnSlaFailure ?? false,
        breathe,
        progress: options.progress,
        hookOutputBudget: new HookOutputBudget(),
        split,
        share,
      },
    },
  });
  return new Promise((resolve, reject) => {
    const onFinish = () => actor.send({ type: "FINISH" });
    const onStop = () => actor.send({ type: "STOP" });
    const onAbort = () => actor.send({ type: "ABORT" });
    const cleanup = () => {
      pool?.close();
      options.finishSignal?.removeEventListener("abort", onFinish);
      options.signal?.removeEventListener("abort", onStop);
      options.hardSignal?.removeEventListener("abort", onAbort);
    };
    actor.subscribe({
      complete: () => {
        cleanup();
        const task = actor.getSnapshot().output!;
        resolve({
          document: {
            info: {
              brunt_version: VERSION,
              generated_at: new Date(clock.now()).toISOString(),
              format_version: FORMAT_VERSION,
            },
            tasks: [task],
          },
          store,
        });
      },
      error: (e) => {
        cleanup();
        reject(e);
      },
    });
    actor.start();
    options.onStart?.(uuid);
    options.finishSignal?.addEventListener("abort", onFinish, { once: true });
    options.signal?.addEventListener("abort", onStop, { once: true });
    options.hardSignal?.addEventListener("abort", onAbort, { once: true });
    if (options.finishSignal?.aborted) onFinish();
    if (options.signal?.aborted) onStop();
    if (options.hardSignal?.aborted) onAbort();
  });
}
