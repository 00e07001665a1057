/**
 * The benchmarks' in-process runner, started as a subprocess so each run has
 * a fresh heap: loads a task file with `runTask` from mod.ts on the real or
 * a simulated clock. Records go to a store that counts (and digests) them
 * and then drops them, so the figures are the engine's own cost, or, with
 * `store: "history"`, on to the SQLite task history as the CLI records them.
 * Prints one JSON line.
 *
 *     deno run -A bench/in_process.ts '{"task": "bench/rally/dummy.json.j2", "args": {...}, "clock": "real"}'
 *
 * @module
 */
import {
  type IterationRecord,
  loadTaskFile,
  runTask,
  type RunTaskOptions,
  type WorkloadResult,
} from "../mod.ts";
import { type IterationSink, type ResultStore } from "../src/store/result_store.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { SqliteStore } from "../src/store/sqlite_store.ts";
import { TaskRecorder } from "../src/store/task_recorder.ts";
import { chunkRecords } from "../src/store/record_chunk.ts";
import { probeLog, recorded } from "./probe_hook.ts";

/** What the parent asks for. */
export interface InProcessRequest {
  /** The task file. */
  task: string;
  /** Its template values. */
  args?: Record<string, unknown>;
  /** `real` (runTask's default real clock) or `simulated` (SimulatedClock, run to the end as fast as possible). */
  clock: "real" | "simulated";
  /** Seed of the random source. @default 1 */
  seed?: number;
  /** `count`: count and drop records; `history`: also record them in a SQLite task history, as the CLI does. @default "count" */
  store?: "count" | "history";
}

/** What the child prints. */
export interface InProcessResult {
  /** The workload's result, without raw iterations. */
  workload: WorkloadResult;
  /** A digest of the whole results document and every raw iteration (hex). */
  digest: string;
  /** Real seconds `runTask` took. */
  realSeconds: number;
  /** Per probe tag, the recorded-iteration counts at each run. */
  probes: Record<string, number[]>;
  /** Peak RSS of this process, MB. */
  peakRssMb: number;
}

/** Runs `request` in this process. */
export async function runInProcess(request: InProcessRequest): Promise<InProcessResult> {
  const spec = await loadTaskFile(request.task, { args: request.args });
  const digest = new Digest();
  const history = request.store === "history"
    ? { dir: await Deno.makeTempDir({ prefix: "brunt_bench_history_" }) }
    : undefined;
  const db = history ? SqliteStore.open(`${history.dir}/brunt.db`) : undefined;
  const recorder = db ? new TaskRecorder(db, { spec, seed: request.seed ?? 1 }) : undefined;
  const store: ResultStore = {
    openWorkload: (uuid) => counting(recorder?.openWorkload(uuid), digest),
    iterations: () => [],
  };
  let id = 0;
  const common: RunTaskOptions = {
    seed: request.seed ?? 1,
    store,
    newId: () => `bench-${++id}`,
    progress: recorder?.watch(),
    onStart: (uuid) => recorder?.started(uuid),
  };
  const started = performance.now();
  let document;
  try {
    if (request.clock === "simulated") {
      const clock = new SimulatedClock();
      let done = false;
      const running = runTask(spec, { ...common, clock }).finally(() => done = true);
      await clock.runUntil(() => done);
      ({ document } = await running);
    } else {
      // runTask's default: the real clock, with sub-millisecond timers (as the CLI runs).
      ({ document } = await runTask(spec, common));
    }
    recorder?.finish(document);
  } finally {
    db?.close();
    if (history) await Deno.remove(history.dir, { recursive: true });
  }
  const realSeconds = (performance.now() - started) / 1000;
  digest.text(JSON.stringify(document));
  const hwm = Deno.readTextFileSync("/proc/self/status").match(/VmHWM:\s+(\d+)/);
  return {
    workload: document.tasks[0].subtasks[0].workloads[0],
    digest: digest.hex(),
    realSeconds,
    probes: Object.fromEntries(probeLog),
    peakRssMb: hwm ? (Number(hwm[1]) * 1024) / 1e6 : NaN,
  };
}

// Counts and digests each record, then hands it to `inner` (if any).
function counting(inner: IterationSink | undefined, digest: Digest): IterationSink {
  return {
    write(record) {
      recorded.count++;
      digest.record(record);
      inner?.write(record);
    },
    writeChunk(chunk) {
      recorded.count += chunk.count;
      for (const record of chunkRecords(chunk.records)) digest.record(record);
      inner?.writeChunk(chunk);
    },
    hookRun: inner?.hookRun?.bind(inner),
    flush: () => inner?.flush(),
    close: () => inner?.close(),
  };
}

// FNV-1a over the bits of each record's numbers and the document's text:
// cheap enough for millions of records, and any differing bit shows.
class Digest {
  #h = 0x811c9dc5;
  readonly #f = new Float64Array(1);
  readonly #u = new Uint32Array(this.#f.buffer);

  record(r: IterationRecord): void {
    this.#num(r.timestamp);
    this.#num(r.duration);
    this.#num(r.error.length);
    for (const a of r.atomic_actions) {
      this.#num(a.started_at);
      this.#num(a.finished_at);
    }
  }

  text(s: string): void {
    for (let i = 0; i < s.length; i++) this.#mix(s.charCodeAt(i));
  }

  hex(): string {
    return (this.#h >>> 0).toString(16).padStart(8, "0");
  }

  #num(n: number): void {
    this.#f[0] = n;
    this.#mix(this.#u[0]);
    this.#mix(this.#u[1]);
  }

  #mix(v: number): void {
    this.#h = Math.imul(this.#h ^ v, 0x01000193);
  }
}

if (import.meta.main) {
  const request = JSON.parse(Deno.args[0]) as InProcessRequest;
  console.log(JSON.stringify(await runInProcess(request)));
}
