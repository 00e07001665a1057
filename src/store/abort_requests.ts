/**
 * Abort requests between processes: `brunt abort` writes one into the
 * running task's row of the history; the process running the task polls
 * its row and stops the way it was asked. A row works on every host that
 * shares the history file and cannot reach a stranger that took over a
 * dead run's pid, as a signal could.
 *
 * @module
 */
import type { SqliteStore } from "./sqlite_store.ts";

/**
 * How to stop, mildest first: `soft` lets the running workloads run to their
 * end and starts no other (Rally's `abort --soft`); `stop` starts no more
 * iterations and lets running ones and hook runs finish (Rally's `abort`,
 * brunt's first Ctrl-C); `cancel` cancels running iterations and hook runs
 * too (the second Ctrl-C).
 */
export type AbortLevel = "soft" | "stop" | "cancel";

/** Every {@linkcode AbortLevel}, mildest first. */
export const ABORT_LEVELS: readonly AbortLevel[] = ["soft", "stop", "cancel"];

/**
 * Records that the task `uuid` is asked to stop at `level`; a request never
 * gets milder (asking `soft` after `stop` keeps `stop`). Returns the level
 * now recorded.
 */
export function requestAbort(
  store: SqliteStore,
  uuid: string,
  level: AbortLevel,
  now: () => number = Date.now,
): AbortLevel {
  return store.write(() => {
    const current = readLevel(store, uuid);
    if (current !== undefined && ABORT_LEVELS.indexOf(current) >= ABORT_LEVELS.indexOf(level)) {
      return current;
    }
    store.statement("UPDATE tasks SET abort_request = ?, abort_requested_at = ? WHERE uuid = ?")
      .run(level, new Date(now()).toISOString(), uuid);
    return level;
  });
}

/** The level the task `uuid` is asked to stop at, or undefined when it is not asked to. */
export function abortRequest(store: SqliteStore, uuid: string): AbortLevel | undefined {
  return readLevel(store, uuid);
}

/** The level after `current` that `brunt abort` asks for: stop, then cancel. */
export function nextHardLevel(current: AbortLevel | undefined): AbortLevel {
  return current === "stop" || current === "cancel" ? "cancel" : "stop";
}

function readLevel(store: SqliteStore, uuid: string): AbortLevel | undefined {
  const row = store.statement("SELECT abort_request FROM tasks WHERE uuid = ?").get(uuid) as
    | { abort_request: string | null }
    | undefined;
  const level = row?.abort_request;
  return ABORT_LEVELS.includes(level as AbortLevel) ? level as AbortLevel : undefined;
}
