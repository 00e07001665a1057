/**
 * Idle keep-alive connections, kept per origin for reuse.
 *
 * @module
 */
import type { Connection } from "./connection.ts";

const MAX_IDLE_PER_ORIGIN = 1_024;

/**
 * The idle connections of a client, per origin, newest last: the one
 * released last is reused first (the least likely to have been closed by
 * the server meanwhile). At most 1,024 are kept per origin; more are closed.
 */
export class ConnectionPool {
  readonly #idle = new Map<string, Connection[]>();

  /** An idle connection to `origin`, taken out of the pool; undefined when there is none. */
  take(origin: string): Connection | undefined {
    return this.#idle.get(origin)?.pop();
  }

  /** Puts a connection whose response was read to the end back for reuse. */
  release(origin: string, conn: Connection): void {
    let list = this.#idle.get(origin);
    if (!list) this.#idle.set(origin, list = []);
    if (list.length < MAX_IDLE_PER_ORIGIN) list.push(conn);
    else conn.close();
  }

  /** Closes every idle connection. */
  closeIdle(): void {
    for (const list of this.#idle.values()) for (const c of list) c.close();
    this.#idle.clear();
  }
}
