/**
 * Recording one run of a task into the task history while it runs.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import type { ResultsDocument } from "../model/results_document.ts";
import type { TaskSpec } from "../model/task_spec.ts";
import type { ProgressSink } from "../model/progress.ts";
import { HistoryError } from "./history_error.ts";
import { hostName } from "./process_liveness.ts";
import { ProgressRecorder } from "./progress_recorder.ts";
import { WalCheckpointer } from "./wal_checkpointer.ts";
import type { IterationSink, ResultStore } from "./result_store.ts";
import type { SqliteStore } from "./sqlite_store.ts";
import { insertTask, saveTaskResult } from "./task_rows.ts";
import { WorkloadSink } from "./workload_sink.ts";

/** What {@linkcode TaskRecorder} records about a run before it starts. */
export interface TaskRecorderOptions {
  /** The task being run. */
  spec: TaskSpec;
  /** Its random seed. */
  seed: number;
  /**
   * The command-line arguments of the run, kept to show how it was started.
   * @default {[]}
   */
  args?: string[];
  /**
   * Commit a workload's pending iterations once this many have arrived.
   * Small enough that a commit (on the load's thread) stays well under a
   * millisecond (~0.25 ms for 250 Dummy.dummy records).
   * @default {250}
   */
  chunkRecords?: number;
  /**
   * Commit pending iterations at least this often, in real milliseconds.
   * @default {1000}
   */
  flushEveryMs?: number;
  /**
   * The wall clock for the recorder's own timestamps (start, heartbeat), epoch ms:
   * real time by design, also when the task's clock is simulated, since
   * readers tell a running task from a crashed one by them.
   * @default {Date.now}
   */
  now?: () => number;
  /**
   * The recording process, checked by readers to tell a running task from a crashed one.
   * @default {Deno.pid}
   */
  pid?: number;
  /**
   * The host of the recording process.
   * @default {Deno.hostname()}
   */
  hostname?: string;
  /**
   * How often the task's heartbeat (`updated_at`) is refreshed while nothing
   * else is committed, in real ms: readers take a task silent for six of
   * them for crashed.
   * @default {HEARTBEAT_MS}
   */
  heartbeatMs?: number;
}

/** How often a recording run refreshes its heartbeat, in ms. */
export const HEARTBEAT_MS = 10_000;

/**
 * Records one run in a {@linkcode SqliteStore}: the task row (status
 * `running` from the start, with the pid and host of this process), each
 * workload as it starts and ends, and the raw iterations as they stream. It
 * is the run's {@linkcode ResultStore}: each workload's sink
 * ({@linkcode WorkloadSink}) keeps records in memory and commits them in
 * one transaction per chunk (250 records, or a second after the first
 * pending one), refreshing the task's heartbeat (`updated_at`); each hook
 * run is committed as soon as it ends. {@linkcode TaskRecorder.watch}
 * records each workload's spec and result ({@linkcode ProgressRecorder}).
 * The log's checkpoints run in a worker thread ({@linkcode WalCheckpointer});
 * while it holds the write lock, commits wait in memory rather than stall
 * the load (for at most the store's busy timeout). A process killed mid-run leaves every committed
 * iteration and hook run readable, and readers see the task as crashed once
 * its process is gone.
 *
 * @example
 * ```ts ignore
 * const recorder = new TaskRecorder(store, { spec, seed });
 * const { document } = await runTask(spec, {
 *   seed, store: recorder, progress: recorder.watch(progressLine),
 *   onStart: (uuid) => recorder.started(uuid),
 * });
 * recorder.finish(document);
 * ```
 */
export class TaskRecorder implements ResultStore {
  readonly #store: SqliteStore;
  readonly #spec: TaskSpec;
  readonly #taskId: number;
  readonly #now: () => number;
  readonly #chunk: number;
  readonly #every: number;
  readonly #sinks = new Set<WorkloadSink>();
  readonly #checkpointer: WalCheckpointer;
  readonly #heartbeat: ReturnType<typeof setInterval>;
  // What could not be recorded: the first failure of each sink, and others.
  readonly #failures: HistoryError[] = [];
  #lost = { iterations: 0, hookRuns: 0 };
  #uuid: string;
  #done = false;

  /** Inserts the task as `running`, with its subtasks. */
  constructor(store: SqliteStore, options: TaskRecorderOptions) {
    this.#store = store;
    this.#spec = options.spec;
    this.#now = options.now ?? Date.now;
    this.#chunk = Math.max(1, options.chunkRecords ?? 250);
    this.#every = options.flushEveryMs ?? 1000;
    this.#uuid = crypto.randomUUID();
    const spec = options.spec;
    this.#taskId = store.write(() =>
      insertTask(store, {
        uuid: this.#uuid,
        title: spec.title,
        description: spec.description,
        status: "running",
        tags: spec.tags,
        seed: options.seed,
        args: options.args ?? [],
        inputTask: spec.input,
        workloadCount: spec.subtasks.reduce((n, s) => n + s.workloads.length, 0),
        createdAt: new Date(this.#now()).toISOString(),
        pid: options.pid ?? Deno.pid,
        hostname: options.hostname ?? hostName(),
        // Stand-in ids: the engine's subtask ids are known only when the task ends.
        subtasks: spec.subtasks.map((s) => ({
          uuid: crypto.randomUUID(),
          title: s.title,
          description: s.description,
          runInParallel: s.runInParallel,
        })),
      })
    );
    this.#checkpointer = new WalCheckpointer(store);
    // A load whose iterations take minutes commits nothing for minutes: the
    // heartbeat still says this process records the task.
    this.#heartbeat = setInterval(this.#beat, options.heartbeatMs ?? HEARTBEAT_MS);
    Deno.unrefTimer(this.#heartbeat);
  }

  #beat = (): void => {
    try {
      this.#store.tryWrite(() =>
        this.#store.statement("UPDATE tasks SET updated_at = ? WHERE id = ?")
          .run(new Date(this.#now()).toISOString(), this.#taskId)
      );
    } catch {
      // The next beat or commit tries again; a full disk is reported by the sinks.
    }
  };

  /** The task's id: the engine's once {@linkcode TaskRecorder.started} has been called. */
  get uuid(): string {
    return this.#uuid;
  }

  /** Takes the engine's id for the task (`runTask`'s `onStart`). */
  started(taskUuid: string): void {
    if (taskUuid === this.#uuid) return;
    this.#uuid = taskUuid;
    // Failing, the row keeps its stand-in id until the results are saved.
    this.guard(
      "the task's id",
      () =>
        this.#store.write(() =>
          this.#store.statement("UPDATE tasks SET uuid = ? WHERE id = ?").run(
            taskUuid,
            this.#taskId,
          )
        ),
    );
  }

  /**
   * A progress sink that records each workload's spec when it starts and its
   * result when it ends, then passes the notice on to `next`.
   */
  watch(next?: ProgressSink): ProgressSink {
    return new ProgressRecorder({
      store: this.#store,
      taskId: this.#taskId,
      spec: this.#spec,
      now: this.#now,
      guard: (what, write) => this.guard(what, write),
      next,
    });
  }

  /**
   * Runs `write`, a write to the history about `what`; when it fails (a
   * full disk), keeps the failure for {@linkcode TaskRecorder.finish} to
   * report instead of stopping the run.
   */
  guard(what: string, write: () => void): void {
    try {
      write();
    } catch (e) {
      this.#failures.push(
        new HistoryError(`Cannot record ${what} in ${this.#store.path}: ${(e as Error).message}`, {
          cause: e,
        }),
      );
    }
  }

  /** Adds the workload's row and returns the sink that commits its iterations in chunks. */
  openWorkload(workloadUuid: string): IterationSink {
    const now = this.#now();
    let id = 0;
    let failure: unknown;
    try {
      id = this.#insertWorkload(workloadUuid, now);
    } catch (e) {
      if (e instanceof HistoryError) throw e;
      // The history cannot take the workload (a full disk): the load runs all the same.
      failure = e;
    }
    const sink = new WorkloadSink({
      store: this.#store,
      taskId: this.#taskId,
      workloadId: id,
      workloadUuid,
      chunk: this.#chunk,
      every: this.#every,
      now: this.#now,
      closed: (s) => {
        this.#sinks.delete(s);
        this.#lost.iterations += s.lost.iterations;
        this.#lost.hookRuns += s.lost.hookRuns;
      },
      failed: (e) => this.#failures.push(e),
      failure,
    });
    this.#sinks.add(sink);
    return sink;
  }

  #insertWorkload(workloadUuid: string, now: number): number {
    return this.#store.write(() => {
      const row = this.#store.statement(
        `INSERT INTO workloads (task_id, uuid, started_at) VALUES (?, ?, ?)
         ON CONFLICT (uuid) DO NOTHING RETURNING id`,
      ).get(this.#taskId, workloadUuid, now) as { id: number } | undefined;
      if (!row) {
        throw new HistoryError(
          `Workload ${workloadUuid} is already recorded in ${this.#store.path}; ` +
            `a workload id must be new for each run`,
        );
      }
      return Number(row.id);
    });
  }

  /** The workload's committed iterations, read lazily. */
  iterations(workloadUuid: string): Iterable<IterationRecord> {
    return this.#store.iterations(workloadUuid);
  }

  /**
   * Stores the run's results (`document` from `runTask`): status, SLA,
   * hooks and every workload, in one transaction. Pending iterations are
   * committed first. When anything of the run could not be recorded (a
   * full disk), the results are stored if they can be and then a
   * {@linkcode HistoryError} says what is missing; a task whose results
   * could not be stored stays `running`, and reads as crashed once this
   * process is gone.
   */
  finish(document: ResultsDocument): void {
    this.#closeSinks();
    this.#checkpointer.stop();
    clearInterval(this.#heartbeat);
    const task = document.tasks[0];
    this.#uuid = task.uuid;
    this.#done = true;
    this.guard(
      "the run's results",
      () =>
        this.#store.write(() =>
          saveTaskResult(this.#store, this.#taskId, task, document.info, this.#now())
        ),
    );
    const failure = this.#failures[0];
    if (failure === undefined) return;
    const { iterations, hookRuns } = this.#lost;
    const lost = [
      iterations > 0 ? `${iterations} raw iterations` : "",
      hookRuns > 0 ? `${hookRuns} hook runs (the results hold them)` : "",
    ].filter(Boolean).join(" and ");
    throw new HistoryError(
      `${failure.message}${lost ? `; ${lost} were not recorded` : ""}` +
        (this.#failures.length > 1 ? ` (and ${this.#failures.length - 1} more failures)` : ""),
      { cause: failure },
    );
  }

  /**
   * Marks the task `crashed` (the run failed inside brunt), after committing
   * what can be; readers rebuild its workloads from the recorded iterations.
   * Does nothing once the task is finished.
   */
  crash(): void {
    if (this.#done) return;
    // What could not be committed is lost either way; record the crash.
    this.#closeSinks();
    this.#checkpointer.stop();
    clearInterval(this.#heartbeat);
    this.#store.write(() =>
      this.#store.statement("UPDATE tasks SET status = 'crashed', updated_at = ? WHERE id = ?")
        .run(new Date(this.#now()).toISOString(), this.#taskId)
    );
    this.#done = true;
  }

  // Closes every open sink (which never throws: a sink keeps its failure).
  #closeSinks(): void {
    for (const sink of [...this.#sinks]) sink.close();
  }
}
