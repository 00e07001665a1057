/**
 * Checkpoints of a task history's write-ahead log, off the load's thread.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import type { SqliteStore } from "./sqlite_store.ts";
import type { CheckpointWorkerData } from "./wal_checkpoint_worker.ts";

/** SQLite's own default: checkpoint once the log holds this many pages. */
const AUTO_CHECKPOINT_PAGES = 1000;

/**
 * Moves the checkpoints of `store`'s write-ahead log to a worker thread
 * while a task is recorded. SQLite checkpoints in the committing thread
 * once the log reaches 1,000 pages: copying them into the file and syncing
 * took 3–16 ms of the load's thread several times a second under a fast
 * load, delaying hooks due at that moment. Here the store's connection
 * stops checkpointing, and a second connection in a worker checkpoints
 * instead; while it holds the write lock to restart the log, the recorder
 * keeps its records pending ({@linkcode SqliteStore.tryWrite}) rather than
 * wait. {@linkcode stop} hands checkpoints back to the store's connection.
 *
 * Where no worker can start, the store keeps checkpointing itself.
 *
 * Its interval is real time by design, also when the task's clock is
 * simulated: the log grows with real writes, whatever the task's time.
 */
export class WalCheckpointer {
  readonly #store: SqliteStore;
  readonly #worker: Worker | undefined;
  readonly #closed = new Int32Array(new SharedArrayBuffer(4));

  /**
   * Starts the worker for `store` (tens of ms: call it before the load): a
   * checkpoint every `everyMs`, restarting the log from `restartPages`
   * pages (4 KiB each) on.
   */
  constructor(store: SqliteStore, everyMs = 100, restartPages = 4096) {
    this.#store = store;
    try {
      const data: CheckpointWorkerData = {
        path: store.path,
        everyMs,
        restartPages,
        closed: this.#closed.buffer as SharedArrayBuffer,
      };
      this.#worker = new Worker(new URL("./wal_checkpoint_worker.ts", import.meta.url), {
        workerData: data,
      });
      // It must never keep the process alive, nor fail it.
      this.#worker.unref();
      this.#worker.on("error", () => {
        this.#handBack();
        Atomics.store(this.#closed, 0, 1); // nothing left to wait for
      });
      this.#worker.on("message", (m: { ready: boolean }) => {
        if (!m.ready) this.#handBack();
      });
      store.db.exec("PRAGMA wal_autocheckpoint = 0");
    } catch {
      this.#worker = undefined;
    }
  }

  /** Whether checkpoints run in the worker. */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /**
   * Ends the worker after one last checkpoint of its own, waiting (up to
   * `waitMs`) until its connection is closed, so that the history's files
   * are left to the store alone; hands checkpoints back.
   */
  stop(waitMs = 5_000): void {
    this.#handBack();
    if (!this.#worker) return;
    this.#worker.postMessage("stop");
    Atomics.wait(this.#closed, 0, 0, waitMs);
  }

  #handBack(): void {
    try {
      this.#store.db.exec(`PRAGMA wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    } catch {
      // The store is closed: nothing to hand back to.
    }
  }
}
