/**
 * Recording one run of a task into the task history while it runs.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import { firstLine } from "../model/plugin_registry.ts";
import type { ResultsDocument, WorkloadResult } from "../model/results_document.ts";
import type { TaskSpec, WorkloadSpec } from "../model/task_spec.ts";
import { ChunkBuffer } from "./chunk_buffer.ts";
import { HistoryError } from "./history_error.ts";
import { hostName } from "./process_liveness.ts";
import { WalCheckpointer } from "./wal_checkpointer.ts";
import type { IterationSink, ResultStore } from "./result_store.ts";
import type { SqliteStore } from "./sqlite_store.ts";
import {
  insertChunk,
  insertHookRun,
  insertTask,
  saveTaskResult,
  workloadJson,
} from "./task_rows.ts";
import type { HookRunResult } from "../model/hook_result.ts";
import type { ProgressSink, WorkloadProgress } from "../model/progress.ts";

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
   * The wall clock for the recorder's own timestamps (start, heartbeat), epoch ms.
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
}

/**
 * Records one run in a {@linkcode SqliteStore}: the task row (status
 * `running` from the start, with the pid and host of this process), each
 * workload as it starts and ends, and the raw iterations as they stream. It
 * is the run's {@linkcode ResultStore}: each workload's sink keeps records
 * in memory (compactly, see {@linkcode ChunkBuffer}) and commits them in
 * one transaction per chunk (250 records, or a second after the first
 * pending one), refreshing the task's heartbeat (`updated_at`); each hook
 * run is committed as soon as it ends. The log's checkpoints run in a
 * worker thread ({@linkcode WalCheckpointer}); while it holds the write
 * lock, commits wait in memory rather than stall the load (for at most the
 * store's busy timeout). A process killed mid-run leaves every committed
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
  readonly #sinks = new Set<ChunkSink>();
  readonly #checkpointer: WalCheckpointer;
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
  }

  /** The task's id: the engine's once {@linkcode TaskRecorder.started} has been called. */
  get uuid(): string {
    return this.#uuid;
  }

  /** Takes the engine's id for the task (`runTask`'s `onStart`). */
  started(taskUuid: string): void {
    if (taskUuid === this.#uuid) return;
    this.#store.write(() =>
      this.#store.statement("UPDATE tasks SET uuid = ? WHERE id = ?").run(taskUuid, this.#taskId)
    );
    this.#uuid = taskUuid;
  }

  /**
   * A progress sink that records each workload's spec when it starts and its
   * result when it ends, then passes the notice on to `next`.
   */
  watch(next?: ProgressSink): ProgressSink {
    return {
      workloadStarted: (progress: WorkloadProgress) => {
        this.#workloadStarted(progress.uuid, progress.spec);
        next?.workloadStarted(progress);
      },
      workloadFinished: (result: WorkloadResult) => {
        this.#workloadFinished(result);
        next?.workloadFinished(result);
      },
    };
  }

  /** Adds the workload's row and returns the sink that commits its iterations in chunks. */
  openWorkload(workloadUuid: string): IterationSink {
    const now = this.#now();
    const id = this.#store.write(() => {
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
    const sink = new ChunkSink({
      store: this.#store,
      taskId: this.#taskId,
      workloadId: id,
      workloadUuid,
      chunk: this.#chunk,
      every: this.#every,
      now: this.#now,
      closed: (s) => this.#sinks.delete(s),
    });
    this.#sinks.add(sink);
    return sink;
  }

  /** The workload's committed iterations, read lazily. */
  iterations(workloadUuid: string): Iterable<IterationRecord> {
    return this.#store.iterations(workloadUuid);
  }

  /**
   * Stores the run's results (`document` from `runTask`): status, SLA,
   * hooks and every workload, in one transaction. Pending iterations are
   * committed first; when some could not be, the results are stored all
   * the same and then that failure is thrown.
   */
  finish(document: ResultsDocument): void {
    const lost = this.#closeSinks();
    this.#checkpointer.stop();
    const task = document.tasks[0];
    this.#store.write(() =>
      saveTaskResult(this.#store, this.#taskId, task, document.info, this.#now())
    );
    this.#uuid = task.uuid;
    this.#done = true;
    // The results are saved; now say which iterations could not be.
    if (lost !== undefined) throw lost;
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
    this.#store.write(() =>
      this.#store.statement("UPDATE tasks SET status = 'crashed', updated_at = ? WHERE id = ?")
        .run(new Date(this.#now()).toISOString(), this.#taskId)
    );
    this.#done = true;
  }

  // Closes every open sink; returns the first failure instead of stopping at it.
  #closeSinks(): unknown {
    let failure: unknown;
    for (const sink of [...this.#sinks]) {
      try {
        sink.close();
      } catch (e) {
        failure ??= e;
      }
    }
    return failure;
  }

  #workloadStarted(uuid: string, spec: WorkloadSpec): void {
    const place = this.#placeOf(spec);
    const description = spec.description ??
      firstLine(this.#spec.plugins.find("scenario", spec.scenario.name)?.description ?? "");
    this.#store.write(() =>
      this.#store.statement(
        "UPDATE workloads SET subtask_position = ?, position = ?, spec = ? WHERE uuid = ? AND task_id = ?",
      ).run(
        place?.[0] ?? null,
        place?.[1] ?? null,
        JSON.stringify({ ...spec, description }),
        uuid,
        this.#taskId,
      )
    );
  }

  #workloadFinished(result: WorkloadResult): void {
    this.#store.write(() => {
      const updated = this.#store.statement(
        "UPDATE workloads SET result = ? WHERE uuid = ? AND task_id = ?",
      ).run(workloadJson(result), result.uuid, this.#taskId);
      if (Number(updated.changes) > 0) return;
      // Its plugins failed before a sink was opened: place it by position and scenario.
      const subtask = this.#spec.subtasks.findIndex((s) =>
        s.workloads[result.position]?.scenario.name === Object.keys(result.scenario)[0]
      );
      this.#store.statement(
        `INSERT INTO workloads (task_id, uuid, subtask_position, position, started_at, result)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        this.#taskId,
        result.uuid,
        subtask < 0 ? null : subtask,
        result.position,
        this.#now(),
        workloadJson(result),
      );
    });
  }

  #placeOf(spec: WorkloadSpec): [number, number] | undefined {
    for (let s = 0; s < this.#spec.subtasks.length; s++) {
      const w = this.#spec.subtasks[s].workloads.indexOf(spec);
      if (w >= 0) return [s, w];
    }
    return undefined;
  }
}

interface ChunkSinkOptions {
  store: SqliteStore;
  taskId: number;
  workloadId: number;
  workloadUuid: string;
  chunk: number;
  every: number;
  now: () => number;
  closed: (sink: ChunkSink) => void;
}

/**
 * One workload's sink: batches records in memory, commits a chunk per
 * transaction; commits each hook run at once.
 */
class ChunkSink implements IterationSink {
  readonly #o: ChunkSinkOptions;
  // Pending chunks, oldest first; only the last one takes new records.
  readonly #chunks: ChunkBuffer[] = [new ChunkBuffer()];
  readonly #spare: ChunkBuffer[] = [];
  // Hook runs that ended while another connection held the write lock.
  #runs: { hookIndex: number; seq: number; run: HookRunResult }[] = [];
  // Records to arrive before a commit that found the lock taken is retried.
  #retryIn = 0;
  // When a commit first found the lock taken (the recorder's clock, ms).
  #blockedSince: number | undefined;
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failure: unknown;
  #closed = false;

  constructor(options: ChunkSinkOptions) {
    this.#o = options;
  }

  write(record: IterationRecord): void {
    let last = this.#chunks[this.#chunks.length - 1];
    if (last.count >= this.#o.chunk) {
      last = this.#spare.pop() ?? new ChunkBuffer();
      this.#chunks.push(last);
    }
    last.add(record);
    if (this.#retryIn > 0) this.#retryIn--;
    if (this.#chunks[0].count >= this.#o.chunk && this.#retryIn === 0) this.#commit(false);
    else this.#startTimer();
  }

  flush(): void {
    this.#commit(true);
  }

  // Commits pending chunks, one row each. With `wait`, all of them, waiting
  // for the write lock as long as the busy timeout allows. Without, only the
  // oldest, so that a backlog drains over many writes rather than in one
  // long stall; and when the lock is taken (the log's checkpointer restarts
  // it) the records stay pending until another chunk's worth has arrived or
  // the timer fires, for at most the busy timeout.
  #commit(wait: boolean): void {
    if (this.#failure !== undefined) throw this.#failure;
    const chunks = this.#chunks;
    const count = wait ? chunks.length : 1;
    const runs = this.#runs;
    if (chunks[0].count === 0 && runs.length === 0) return;
    const { store, workloadId, taskId } = this.#o;
    const commit = () => {
      for (let i = 0; i < count && chunks[i].count > 0; i++) {
        insertChunk(store, workloadId, this.#seq + i, {
          count: chunks[i].count,
          json: chunks[i].toJson(),
        });
      }
      for (const r of runs) insertHookRun(store, workloadId, r.hookIndex, r.seq, r.run);
      store.statement("UPDATE tasks SET updated_at = ? WHERE id = ?")
        .run(new Date(this.#o.now()).toISOString(), taskId);
    };
    // Kept from the history longer than a write may wait: wait, and fail as
    // a write that waited that long does.
    const blocked = this.#blockedSince !== undefined &&
      this.#o.now() - this.#blockedSince >= store.busyTimeoutMs;
    let committed: boolean;
    try {
      committed = wait || blocked
        ? (store.write(commit), true)
        : store.tryWrite(commit) !== undefined;
    } catch (e) {
      this.#drop(chunks.length);
      this.#runs = [];
      this.#failure = new HistoryError(
        `Cannot record iterations of workload ${this.#o.workloadUuid} in ${store.path}: ${
          (e as Error).message
        }`,
        { cause: e },
      );
      throw this.#failure;
    }
    if (!committed) {
      this.#blockedSince ??= this.#o.now();
      this.#retryIn = this.#o.chunk;
      this.#startTimer();
      return;
    }
    this.#seq += this.#drop(count);
    this.#runs = [];
    this.#blockedSince = undefined;
    // A backlog drains a chunk every eighth of a chunk's writes: eight
    // times as fast as records arrive, without commits back to back, which
    // the load would not interrupt to start a hook that is due.
    if (chunks[0].count >= this.#o.chunk) this.#retryIn = Math.ceil(this.#o.chunk / 8);
    if (chunks[0].count > 0) this.#startTimer();
  }

  // Drops the first `count` chunks (or all); returns how many held records.
  #drop(count: number): number {
    let dropped = 0;
    const chunks = this.#chunks;
    while (dropped < count && chunks.length > 0 && chunks[0].count > 0) {
      const done = chunks.shift()!;
      done.clear();
      this.#spare.push(done);
      dropped++;
    }
    if (chunks.length === 0) chunks.push(this.#spare.pop() ?? new ChunkBuffer());
    return dropped;
  }

  // One timer at a time, left running across commits (a commit every few
  // hundred µs would otherwise set and clear one each time): when it fires
  // it commits what is pending then, and is set again only if some is left.
  #startTimer(): void {
    if (this.#timer !== undefined) return;
    const timer = setTimeout(this.#onTimer, this.#o.every);
    // A pending commit must not keep the process alive on its own.
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  hookRun(hookIndex: number, seq: number, run: HookRunResult): void {
    this.#runs.push({ hookIndex, seq, run });
    // Runs are rare (each is a hook's own work): one commit each costs
    // little. During the load it does not wait for the lock: a run that
    // finds it taken goes with the next chunk, or the timer's commit.
    const { store, workloadId, taskId } = this.#o;
    const runs = this.#runs;
    try {
      const commit = () => {
        for (const r of runs) insertHookRun(store, workloadId, r.hookIndex, r.seq, r.run);
        store.statement("UPDATE tasks SET updated_at = ? WHERE id = ?")
          .run(new Date(this.#o.now()).toISOString(), taskId);
      };
      if (this.#closed) store.write(commit);
      else if (store.tryWrite(commit) === undefined) {
        this.#startTimer();
        return;
      }
      this.#runs = [];
    } catch (e) {
      this.#runs = [];
      // Reported by the next write or flush, like a failed chunk. After close
      // (runs end after the load does) nothing would report it, and nothing is
      // lost unless the run crashes: the workload's final result holds every run.
      const first = runs[0];
      this.#failure ??= new HistoryError(
        `Cannot record run ${first.seq} (hook ${first.hookIndex + 1}) of workload ` +
          `${this.#o.workloadUuid} in ${store.path}: ${(e as Error).message}`,
        { cause: e },
      );
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#o.closed(this);
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.flush();
  }

  #onTimer = (): void => {
    this.#timer = undefined;
    try {
      this.#commit(false);
    } catch {
      // Kept in #failure: the next write or flush reports it to the engine.
    }
  };
}
