/**
 * One workload's iterations and hook runs going into the task history as
 * they arrive, committed in chunks on a schedule that never stalls the load.
 *
 * @module
 */
import type { HookRunResult } from "../model/hook_result.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import { ChunkQueue } from "./chunk_queue.ts";
import { HistoryError } from "./history_error.ts";
import type { IterationSink } from "./result_store.ts";
import type { SqliteStore } from "./sqlite_store.ts";
import { insertChunk, insertHookRun } from "./task_rows.ts";
import type { StoredChunk } from "./record_chunk.ts";

/** Where a {@linkcode WorkloadSink} commits, and when. */
export interface WorkloadSinkOptions {
  /** The task history. */
  store: SqliteStore;
  /** The task's row id (its heartbeat, `updated_at`, is refreshed on each commit). */
  taskId: number;
  /** The workload's row id. */
  workloadId: number;
  /** The workload's id, for messages. */
  workloadUuid: string;
  /** Records per chunk: a full chunk is committed. */
  chunk: number;
  /** Real milliseconds after which pending records are committed anyway. */
  every: number;
  /** The wall clock of the heartbeat, epoch ms. */
  now: () => number;
  /** Called once when the sink is closed. */
  closed: (sink: WorkloadSink) => void;
  /**
   * Called once, at the first commit that fails (a full disk, a damaged
   * file); the sink then keeps nothing more and counts what it drops.
   */
  failed: (error: HistoryError) => void;
  /** Why the workload's row could not be added: the sink starts failed. */
  failure?: unknown;
}

/**
 * One workload's sink: batches records in memory, commits a chunk per
 * transaction (when it is full, or `every` ms after the first pending
 * record); commits each hook run at once. While another connection holds
 * the write lock (the log's checkpointer), commits wait in memory rather
 * than stall the load, for at most the store's busy timeout. A commit that
 * fails never stops the load: the sink tells `failed` once, then drops and
 * counts every record and hook run it is given ({@linkcode WorkloadSink.lost}).
 */
export class WorkloadSink implements IterationSink {
  readonly #o: WorkloadSinkOptions;
  readonly #queue: ChunkQueue;
  // Hook runs that ended while another connection held the write lock.
  #runs: PendingRun[] = [];
  // Chunks workers sent, in their stored form, waiting for a commit.
  #stored: StoredChunk[] = [];
  // Records to arrive before a commit that found the lock taken is retried.
  #retryIn = 0;
  // When a commit first found the lock taken (the recorder's clock, ms).
  #blockedSince: number | undefined;
  #seq = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #failure: HistoryError | undefined;
  #lostIterations = 0;
  #lostRuns = 0;
  #closed = false;

  /** A sink with nothing pending. */
  constructor(options: WorkloadSinkOptions) {
    this.#o = options;
    this.#queue = new ChunkQueue(options.chunk);
    if (options.failure !== undefined) this.#fail(options.failure);
  }

  /** Takes a record; commits the oldest chunk when it is full and the lock is free. */
  write(record: IterationRecord): void {
    if (this.#failure !== undefined) {
      this.#lostIterations++;
      return;
    }
    this.#queue.add(record);
    if (this.#retryIn > 0) this.#retryIn--;
    if (this.#queue.headFull && this.#retryIn === 0) this.#commit(false);
    else this.#startTimer();
  }

  /**
   * Takes a chunk in its stored form (a worker's) and commits it, as a full
   * chunk of records would be: at once when the lock is free, a few chunks
   * a transaction, so that no commit holds the coordinator's thread long.
   */
  writeChunk(chunk: StoredChunk): void {
    if (this.#failure !== undefined) {
      this.#lostIterations += chunk.count;
      return;
    }
    this.#stored.push(chunk);
    this.#retryIn = Math.max(0, this.#retryIn - chunk.count);
    if (this.#retryIn === 0) this.#commit(false);
    else this.#startTimer();
  }

  /** Commits everything pending, waiting for the write lock. */
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
    if (this.#failure !== undefined) return;
    const queue = this.#queue;
    const runs = this.#runs;
    if (queue.empty && runs.length === 0 && this.#stored.length === 0) return;
    const stored = wait ? this.#stored : this.#stored.slice(0, STORED_PER_COMMIT);
    const chunks = queue.oldest(wait ? Infinity : 1);
    const { store, workloadId } = this.#o;
    const commit = () => {
      for (let i = 0; i < stored.length; i++) {
        insertChunk(store, workloadId, this.#seq + i, stored[i]);
      }
      for (let i = 0; i < chunks.length; i++) {
        insertChunk(store, workloadId, this.#seq + stored.length + i, {
          count: chunks[i].count,
          json: chunks[i].toJson(),
        });
      }
      this.#insertRuns(runs);
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
      this.#fail(e);
      return;
    }
    if (!committed) {
      this.#blockedSince ??= this.#o.now();
      this.#retryIn = this.#o.chunk;
      this.#startTimer();
      return;
    }
    this.#seq += stored.length + queue.drop(chunks.length);
    this.#stored = this.#stored.slice(stored.length);
    this.#runs = [];
    this.#blockedSince = undefined;
    // A backlog drains a chunk every eighth of a chunk's writes: eight
    // times as fast as records arrive, without commits back to back, which
    // the load would not interrupt to start a hook that is due.
    if (queue.headFull) this.#retryIn = Math.ceil(this.#o.chunk / 8);
    if (!queue.empty || this.#stored.length) this.#startTimer();
  }

  // One timer at a time, left running across commits (a commit every few
  // hundred µs would otherwise set and clear one each time): when it fires
  // it commits what is pending then, and is set again only if some is left.
  // A host timer, on real time by design, not on the task's clock: it bounds
  // what a crash loses in real time, also when the task's time is simulated.
  #startTimer(): void {
    if (this.#timer !== undefined) return;
    const timer = setTimeout(this.#onTimer, this.#o.every);
    // A pending commit must not keep the process alive on its own.
    Deno.unrefTimer(timer);
    this.#timer = timer;
  }

  /** Takes a finished hook run and commits it at once, unless the lock is taken. */
  hookRun(hookIndex: number, seq: number, run: HookRunResult): void {
    if (this.#failure !== undefined) {
      this.#lostRuns++;
      return;
    }
    this.#runs.push({ hookIndex, seq, run });
    // Runs are rare (each is a hook's own work): one commit each costs
    // little. During the load it does not wait for the lock: a run that
    // finds it taken goes with the next chunk, or the timer's commit.
    const { store } = this.#o;
    const runs = this.#runs;
    try {
      const commit = () => this.#insertRuns(runs);
      if (this.#closed) store.write(commit);
      else if (store.tryWrite(commit) === undefined) {
        this.#startTimer();
        return;
      }
      this.#runs = [];
    } catch (e) {
      this.#fail(e);
    }
  }

  /**
   * What could not be recorded since the first failed commit: iterations
   * and hook runs (the final result still holds every hook run).
   */
  get lost(): { iterations: number; hookRuns: number } {
    return { iterations: this.#lostIterations, hookRuns: this.#lostRuns };
  }

  // The first failed commit: what is pending is lost, and so is all that follows.
  #fail(e: unknown): void {
    let pending = 0;
    for (const chunk of this.#queue.oldest(Infinity)) pending += chunk.count;
    for (const chunk of this.#stored) pending += chunk.count;
    this.#queue.drop(Infinity);
    this.#stored = [];
    this.#lostIterations += pending;
    this.#lostRuns += this.#runs.length;
    this.#runs = [];
    const { store, workloadUuid } = this.#o;
    this.#failure = new HistoryError(
      `Cannot record workload ${workloadUuid} in ${store.path}: ${(e as Error).message}`,
      { cause: e },
    );
    this.#o.failed(this.#failure);
  }

  // Inserts hook runs and refreshes the task's heartbeat; inside a write transaction.
  #insertRuns(runs: PendingRun[]): void {
    const { store, workloadId, taskId } = this.#o;
    for (const r of runs) insertHookRun(store, workloadId, r.hookIndex, r.seq, r.run);
    store.statement("UPDATE tasks SET updated_at = ? WHERE id = ?")
      .run(new Date(this.#o.now()).toISOString(), taskId);
  }

  /** Stops the timer and commits everything pending; closing again does nothing. */
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
    this.#commit(false);
  };
}

// Stored chunks (a worker's 1,000 records each) in one transaction outside a flush:
// a backlog drains a few at each arrival rather than in one long commit.
const STORED_PER_COMMIT = 2;

// A hook run waiting to be committed, with its place.
interface PendingRun {
  hookIndex: number;
  seq: number;
  run: HookRunResult;
}
