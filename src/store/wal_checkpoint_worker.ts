/**
 * The worker thread of {@linkcode ./wal_checkpointer.ts}: one per process,
 * with a connection of its own to each task history being recorded,
 * checkpointing its write-ahead log every `everyMs`, and restarting it once
 * it holds `restartPages` pages.
 *
 * @module
 */
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { parentPort } from "node:worker_threads";

/** What the host asks: start checkpointing a history, or stop (one last checkpoint, then close). */
export type CheckpointWorkerRequest =
  | {
    /** The history's id, chosen by the host. */
    open: number;
    /** The history file. */
    path: string;
    /** Milliseconds between checkpoints. */
    everyMs: number;
    /** Pages in the log from which a checkpoint also restarts it. */
    restartPages: number;
    /** An Int32Array's memory: [0] becomes 1 once the worker has closed its connection. */
    closed: SharedArrayBuffer;
  }
  | {
    /** The id of a history opened before. */
    stop: number;
  };

/** What the worker tells its host about a history: ready, or why it could not open it. */
export type CheckpointWorkerMessage =
  | { id: number; ready: true }
  | { id: number; ready: false; error: string };

const port = parentPort;
if (port) {
  const open = new Map<number, () => void>();
  port.on("message", (request: CheckpointWorkerRequest) => {
    if ("open" in request) {
      const stop = checkpoints(request, (m) => port.postMessage(m));
      if (stop) open.set(request.open, stop);
    } else {
      open.get(request.stop)?.();
      open.delete(request.stop);
    }
  });
}

// Starts checkpointing one history; returns what stops it, or undefined
// when it cannot be opened (the host is told, and its flag set).
function checkpoints(
  { open: id, path, everyMs, restartPages, closed }: Extract<
    CheckpointWorkerRequest,
    { open: number }
  >,
  tell: (m: CheckpointWorkerMessage) => void,
): (() => void) | undefined {
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
  } catch (e) {
    db?.close();
    signalClosed();
    tell({ id, ready: false, error: String(e) });
    return undefined;
  }
  const connection = db;
  tell({ id, ready: true });
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
  return () => {
    clearInterval(timer);
    checkpoint();
    connection.close();
    signalClosed();
  };
}
