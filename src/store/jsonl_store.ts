import type { IterationRecord } from "../engine/iteration_record.ts";
import type { IterationSink, ResultStore } from "./result_store.ts";

/** Options of {@linkcode JsonlStore}. */
export interface JsonlStoreOptions {
  /** Flush when this many bytes are buffered. @default 65536 */
  bufferBytes?: number;
  /** Flush at least this often while records arrive, in real milliseconds. @default 1000 */
  flushEveryMs?: number;
}

/**
 * Streams each workload's raw iterations to `<dir>/<workload uuid>.jsonl`,
 * one JSON record per line, flushed at least once a second (on a real-time
 * timer that does not keep the process alive), so a killed process leaves
 * every iteration older than a second readable.
 */
export class JsonlStore implements ResultStore {
  readonly #dir: string;
  readonly #options: Required<JsonlStoreOptions>;

  /** Stores under `dir` (created when missing). */
  constructor(dir: string, options: JsonlStoreOptions = {}) {
    this.#dir = dir;
    this.#options = { bufferBytes: 65536, flushEveryMs: 1000, ...options };
    Deno.mkdirSync(dir, { recursive: true });
  }

  /** The folder holding the files. */
  get dir(): string {
    return this.#dir;
  }

  /** Opens (creates or truncates) the workload's file. */
  openWorkload(workloadUuid: string): IterationSink {
    return new JsonlSink(this.#path(workloadUuid), this.#options);
  }

  /** Reads the workload's records back lazily; a torn last line (a killed writer) is skipped. */
  *iterations(workloadUuid: string): Generator<IterationRecord> {
    let file: Deno.FsFile;
    try {
      file = Deno.openSync(this.#path(workloadUuid), { read: true });
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return;
      throw e;
    }
    const decoder = new TextDecoder();
    const chunk = new Uint8Array(1 << 20);
    let rest = "";
    try {
      for (;;) {
        const n = file.readSync(chunk);
        if (n === null) break;
        const lines = (rest + decoder.decode(chunk.subarray(0, n), { stream: true })).split("\n");
        rest = lines.pop()!;
        for (const line of lines) if (line) yield JSON.parse(line);
      }
      if (rest) {
        try {
          yield JSON.parse(rest);
        } catch {
          // The writer was killed mid-line: that record is incomplete.
        }
      }
    } finally {
      file.close();
    }
  }

  #path(workloadUuid: string): string {
    return `${this.#dir}/${workloadUuid}.jsonl`;
  }
}

class JsonlSink implements IterationSink {
  readonly #file: Deno.FsFile;
  readonly #encoder = new TextEncoder();
  readonly #limit: number;
  #parts: string[] = [];
  #size = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #every: number;

  constructor(path: string, options: Required<JsonlStoreOptions>) {
    this.#file = Deno.openSync(path, { write: true, create: true, truncate: true });
    this.#limit = options.bufferBytes;
    this.#every = options.flushEveryMs;
  }

  write(record: IterationRecord): void {
    const line = JSON.stringify(record) + "\n";
    this.#parts.push(line);
    this.#size += line.length;
    if (this.#size >= this.#limit) this.flush();
    else if (this.#timer === undefined) {
      this.#timer = setTimeout(() => {
        this.#timer = undefined;
        this.flush();
      }, this.#every);
      Deno.unrefTimer(this.#timer as unknown as number);
    }
  }

  flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#parts.length) return;
    const bytes = this.#encoder.encode(this.#parts.join(""));
    this.#parts = [];
    this.#size = 0;
    let off = 0;
    while (off < bytes.length) off += this.#file.writeSync(bytes.subarray(off));
  }

  close(): void {
    this.flush();
    this.#file.close();
  }
}
