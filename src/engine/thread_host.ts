/**
 * Worker threads for the segments of split loads: a pool that keeps them
 * for the workloads of a task run, and the host of one segment in one.
 *
 * @module
 */
import type { SegmentHost } from "./segment_host.ts";
import type { FromSegment, ToSegment } from "./segment_protocol.ts";

/** A segment running in a worker thread of this process. */
class ThreadHost implements SegmentHost {
  readonly sharesMemory = true;
  readonly threaded = true;
  readonly name: string;
  readonly #worker: Worker;
  readonly #pool: WorkerPool;

  constructor(name: string, worker: Worker, pool: WorkerPool) {
    this.name = name;
    this.#worker = worker;
    this.#pool = pool;
  }

  send(message: ToSegment): void {
    this.#worker.postMessage(message);
  }

  listen(onMessage: (message: FromSegment) => void, onLost: (reason: string) => void): void {
    this.#worker.onmessage = (e: MessageEvent<FromSegment>) => onMessage(e.data);
    this.#worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      onLost(`its thread stopped on an error: ${e.message}`);
    };
  }

  release(ended: boolean): void {
    this.#worker.onmessage = null;
    this.#worker.onerror = null;
    if (ended) this.#pool.giveBack(this.#worker);
    else this.#pool.discard(this.#worker);
  }
}

/**
 * Worker threads running segment agents (`segment_worker.ts`), made when
 * first needed and kept for later workloads until {@linkcode close}.
 */
export class WorkerPool {
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];

  /** `count` hosts, each in a thread of its own. */
  hosts(count: number): SegmentHost[] {
    return Array.from({ length: count }, (_, i) => {
      const worker = this.#idle.pop() ?? this.#spawn();
      return new ThreadHost(`worker ${i + 1}`, worker, this);
    });
  }

  /** A thread's segment is done; it can take another. */
  giveBack(worker: Worker): void {
    this.#idle.push(worker);
  }

  /** A thread whose segment may still run: it is ended, not reused. */
  discard(worker: Worker): void {
    worker.terminate();
    const i = this.#all.indexOf(worker);
    if (i >= 0) this.#all.splice(i, 1);
  }

  /** Ends every thread. */
  close(): void {
    for (const w of this.#all) w.terminate();
    this.#all.length = 0;
    this.#idle.length = 0;
  }

  #spawn(): Worker {
    const worker = new Worker(new URL("./segment_worker.ts", import.meta.url), { type: "module" });
    this.#all.push(worker);
    return worker;
  }
}
