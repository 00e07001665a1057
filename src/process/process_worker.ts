/**
 * The worker thread that starts subprocesses for {@linkcode ./process_host.ts}
 * and reads their output, away from the thread that runs the load.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { type ChildEnd, type ChildRequest, startChild } from "./child_start.ts";

/** What the host asks of the worker. */
export type ToWorker =
  | { op: "start"; id: number; request: ChildRequest }
  | { op: "cancelOutput"; id: number };

/** What the worker tells the host about child `id`. */
export type FromWorker =
  | { id: number; kind: "started"; pid: number }
  | { id: number; kind: "ended"; end: ChildEnd }
  | { id: number; kind: "failed"; name: string; message: string };

const port = parentPort;
if (port) {
  const cancels = new Map<number, () => void>();
  const send = (message: FromWorker) => port.postMessage(message);
  port.on("message", (message: ToWorker) => {
    if (message.op === "cancelOutput") {
      cancels.get(message.id)?.();
      return;
    }
    const { id, request } = message;
    try {
      const child = startChild(request);
      cancels.set(id, child.cancelOutput);
      send({ id, kind: "started", pid: child.pid });
      child.ended.then(
        (end) => send({ id, kind: "ended", end }),
        (e) =>
          send({ id, kind: "failed", name: e?.name ?? "Error", message: String(e?.message ?? e) }),
      ).finally(() => cancels.delete(id));
    } catch (e) {
      const error = e as Error;
      send({
        id,
        kind: "failed",
        name: error?.name ?? "Error",
        message: String(error?.message ?? e),
      });
    }
  });
}
