/**
 * The worker thread of {@linkcode ./wal_checkpointer.ts}: its own connection
 * to a task history, checkpointing the write-ahead log every `everyMs`, and
 * restarting it once it holds `restartPages` pages.
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { parentPort, workerData } from "node:worker_threads";

/** What the worker is started with. */
export interface CheckpointWorkerData {
  /** The history file. */
  path: string;
  /** Milliseconds between checkpoints. */
  everyMs: number;
  /** Pages in the log from which a checkpoint also restarts it. */
  restartPages: number;
  /** An Int32Array's memory: [0] becomes 1 once the worker has closed its connection. */
  closed: SharedArrayBuffer;
}

/** What the worker tells its host: ready, or why it could not start. */
export type CheckpointWorkerMessage = { ready: true } | { ready: false; error: string };

const port = parentPort;
if (port) {
  const { path, everyMs, restartPages, closed } = workerData as CheckpointWorkerData;
  const signalClosed = () => {
    const flag = new Int32Array(closed);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  };
  let db: DatabaseSync | undefined;
  let passive: StatementSync;
  let restart: StatementSync;
  try {
    // Only a history that still exists: opening a missing file would create one.
    Deno.statSync(path);
    db = new DatabaseSync(path);
    // Waits a moment for the writer's commit in progress, no longer: the
    // recorder keeps its records while this holds the lock.
    db.exec("PRAGMA busy_timeout = 50");
    passive = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
    restart = db.prepare("PRAGMA wal_checkpoint(RESTART)");
    port.postMessage({ ready: true } satisfies CheckpointWorkerMessage);
  } catch (e) {
    db?.close();
    db = undefined;
    signalClosed();
    port.postMessage({ ready: false, error: String(e) } satisfies CheckpointWorkerMessage);
  }
  if (db) {
    const open = db;
    // PASSIVE copies what it can without taking the write lock; the log
    // only starts over from its beginning once a checkpoint has copied all
    // of it with no commit in between, which a busy writer never allows:
    // RESTART takes the lock for that, after PASSIVE has done the copying.
    const checkpoint = () => {
      try {
        const { log } = passive.get() as { log: number };
        if (log >= restartPages) restart.get();
      } catch {
        // Busy or failing: the next one tries again, and the writer's own
        // checkpoint on close catches up in the end.
      }
    };
    const timer = setInterval(checkpoint, everyMs);
    port.on("message", () => {
      clearInterval(timer);
      checkpoint();
      open.close();
      signalClosed();
      // Ends this worker thread (the global close() of Deno's workers).
      (globalThis as unknown as { close(): void }).close();
    });
  }
}
