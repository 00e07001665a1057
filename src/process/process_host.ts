/**
 * Where subprocesses start: a worker thread of this process, so the spawn
 * (a few hundred µs to a few ms of fork and exec) and the reading of the
 * output never take time from the thread that runs the load. Where no
 * worker can be started, in this thread.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import { type ChildEnd, type ChildRequest, startChild } from "./child_start.ts";
import type { FromWorker, ToWorker } from "./process_worker.ts";

/** A program being started by {@linkcode launchChild}. */
export interface LaunchedChild {
  /**
   * Its pid (also its process group's id) once it has started; rejects with
   * the spawn error (`Deno.errors.NotFound`, `Deno.errors.PermissionDenied`).
   */
  started: Promise<number>;
  /** Resolves once it has exited and both outputs are read; rejects as `started` does. */
  ended: Promise<ChildEnd>;
  /** Stops reading its output: `ended` resolves with what was read so far. */
  cancelOutput(): void;
}

interface Waiting {
  started: PromiseWithResolvers<number>;
  ended: PromiseWithResolvers<ChildEnd>;
}

/**
 * The worker and the children it is starting or reading. The worker keeps
 * the process alive only while a child is in flight.
 */
class WorkerHost {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiting>();
  #seq = 0;

  constructor(onGone: () => void) {
    this.#worker = new Worker(new URL("./process_worker.ts", import.meta.url));
    this.#worker.unref();
    this.#worker.on("message", (message: FromWorker) => this.#receive(message));
    const fail = (why: string) => {
      onGone();
      for (const [id, w] of this.#waiting) {
        this.#waiting.delete(id);
        const error = new Error(
          `The subprocess worker stopped (${why}); the command's outcome is unknown`,
        );
        w.started.reject(error);
        w.ended.reject(error);
      }
    };
    this.#worker.on("error", (e: Error) => fail(e?.message ?? String(e)));
    this.#worker.on("exit", (code: number) => fail(`exit code ${code}`));
  }

  launch(request: ChildRequest): LaunchedChild {
    const id = ++this.#seq;
    const waiting: Waiting = { started: Promise.withResolvers(), ended: Promise.withResolvers() };
    waiting.started.promise.catch(() => {}); // the same error reaches `ended`
    if (this.#waiting.size === 0) this.#worker.ref();
    this.#waiting.set(id, waiting);
    this.#post({ op: "start", id, request });
    return {
      started: waiting.started.promise,
      ended: waiting.ended.promise,
      cancelOutput: () => this.#post({ op: "cancelOutput", id }),
    };
  }

  #post(message: ToWorker): void {
    this.#worker.postMessage(message);
  }

  #receive(message: FromWorker): void {
    const waiting = this.#waiting.get(message.id);
    if (!waiting) return;
    if (message.kind === "started") {
      waiting.started.resolve(message.pid);
      return;
    }
    this.#waiting.delete(message.id);
    if (this.#waiting.size === 0) this.#worker.unref();
    if (message.kind === "ended") waiting.ended.resolve(message.end);
    else {
      const error = spawnError(message.name, message.message);
      waiting.started.reject(error);
      waiting.ended.reject(error);
    }
  }
}

// The error class the worker saw, rebuilt on this side of the message.
function spawnError(name: string, message: string): Error {
  const errors = Deno.errors as unknown as Record<string, new (message: string) => Error>;
  const error = Object.hasOwn(errors, name) ? new errors[name](message) : new Error(message);
  if (error.name !== name) error.name = name;
  return error;
}

// undefined: not started yet; null: a worker cannot be started here.
let host: WorkerHost | undefined | null;

/**
 * Starts the subprocess worker now, if it is not running: it takes tens of
 * milliseconds of this thread, which must not come out of a load. Hooks that
 * run programs call it from their `prepare`, before the load starts.
 */
export function prepareProcessHost(): void {
  if (host !== undefined) return;
  try {
    host = new WorkerHost(() => host = undefined);
  } catch {
    host = null;
  }
}

/**
 * Starts `request.program` as {@linkcode startChild} does, in the worker
 * thread (started now if {@linkcode prepareProcessHost} was not called), or
 * in this thread where no worker can run.
 */
export function launchChild(request: ChildRequest): LaunchedChild {
  prepareProcessHost();
  if (host) return host.launch(request);
  try {
    const child = startChild(request);
    return {
      started: Promise.resolve(child.pid),
      ended: child.ended,
      cancelOutput: child.cancelOutput,
    };
  } catch (e) {
    const failed = Promise.reject(e);
    failed.catch(() => {});
    return { started: failed, ended: failed, cancelOutput: () => {} };
  }
}
