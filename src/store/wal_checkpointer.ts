/**
 * Checkpoints of a task history's write-ahead log, off the load's thread.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import type { SqliteStore } from "./sqlite_store.ts";
import type { CheckpointWorkerMessage, CheckpointWorkerRequest } from "./wal_checkpoint_worker.ts";

/** SQLite's own default: checkpoint once the log holds this many pages. */
const AUTO_CHECKPOINT_PAGES = 1000;

/**
 * Moves the checkpoints of `store`'s write-ahead log to a worker thread
 * while a task is recorded. SQLite checkpoints in the committing thread
 * once the log reaches 1,000 pages: copying them into the file and syncing
 * took 3–16 ms of the load's thread several times a second under a fast
 * load, delaying hooks due at that moment. Here the store's connection
 * stops checkpointing, and a connection of the worker's checkpoints
 * instead; while it holds the write lock to restart the log, the recorder
 * keeps its records pending ({@linkcode SqliteStore.tryWrite}) rather than
 * wait. {@linkcode stop} hands checkpoints back to the store's connection.
 *
 * One worker thread serves every checkpointer of the process: it starts
 * with the first (tens of ms) and stays, idle and without keeping the
 * process alive, for the next, since starting a thread costs about as
 * much CPU as a short recording.
 *
 * Where no worker can start, the store keeps checkpointing itself.
 *
 * Its interval is real time by design, also when the task's clock is
 * simulated: the log grows with real writes, whatever the task's time.
 */
export class WalCheckpointer {
  readonly #store: SqliteStore;
  readonly #worker: Worker | undefined;
  readonly #id = ++lastId;
  readonly #closed = new Int32Array(new SharedArrayBuffer(4));

  /**
   * Starts checkpointing `store` in the worker (starting the worker first,
   * tens of ms, unless it runs: call it before the load): a checkpoint
   * every `everyMs`, restarting the log from `restartPages` pages (4 KiB
   * each) on.
   */
  constructor(store: SqliteStore, everyMs = 100, restartPages = 4096) {
    this.#store = store;
    try {
      const worker = sharedWorker();
      listeners.set(this.#id, (m) => {
        if (!m.ready) this.#gone();
      });
      const request: CheckpointWorkerRequest = {
        open: this.#id,
        path: store.path,
        everyMs,
        restartPages,
        closed: this.#closed.buffer as SharedArrayBuffer,
      };
      worker.postMessage(request);
      store.db.exec("PRAGMA wal_autocheckpoint = 0");
      this.#worker = worker;
    } catch {
      listeners.delete(this.#id);
      this.#worker = undefined;
    }
  }

  /** Whether checkpoints run in the worker. */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /**
   * Stops the worker's checkpoints of this store after one last one,
   * waiting (up to `waitMs`) until its connection is closed, so that the
   * history's files are left to the store alone; hands checkpoints back.
   */
  stop(waitMs = 5_000): void {
    this.#handBack();
    if (!this.#worker) return;
    const request: CheckpointWorkerRequest = { stop: this.#id };
    this.#worker.postMessage(request);
    Atomics.wait(this.#closed, 0, 0, waitMs);
    listeners.delete(this.#id);
  }

  // The worker could not checkpoint this store (it failed, or could not
  // open the file): the store checkpoints itself, and nothing is waited for.
  #gone = (): void => {
    this.#handBack();
    Atomics.store(this.#closed, 0, 1);
    listeners.delete(this.#id);
  };

  #handBack(): void {
    try {
      this.#store.db.exec(`PRAGMA wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    } catch {
      // The store is closed: nothing to hand back to.
    }
  }
}

let lastId = 0;
let worker: Worker | undefined;
// What each checkpointer does with the worker's messages about its store.
const listeners = new Map<number, (m: CheckpointWorkerMessage) => void>();

// The process's checkpoint worker, started on first use.
function sharedWorker(): Worker {
  if (worker) return worker;
  const started = new Worker(new URL("./wal_checkpoint_worker.ts", import.meta.url));
  // It must never keep the process alive, nor fail it.
  started.unref();
  started.on("message", (m: CheckpointWorkerMessage) => listeners.get(m.id)?.(m));
  started.on("error", () => {
    // Every store it served checkpoints itself again; the next recording
    // starts a new worker.
    if (worker === started) worker = undefined;
    for (const listener of [...listeners.values()]) {
      listener({ id: 0, ready: false, error: "the checkpoint worker failed" });
    }
  });
  return worker = started;
}
