/**
 * Recording each workload of a running task as it starts and ends.
 *
 * @module
 */
import { firstLine } from "../model/plugin_registry.ts";
import type { WorkloadResult } from "../model/results_document.ts";
import type { TaskSpec, WorkloadSpec } from "../model/task_spec.ts";
import type {
  HookRunNotice,
  HookRunStartNotice,
  ProgressSink,
  WorkloadProgress,
} from "../model/progress.ts";
import type { SqliteStore } from "./sqlite_store.ts";
import { workloadJson } from "./task_rows.ts";

/** What a {@linkcode ProgressRecorder} records into, and how. */
export interface ProgressRecorderOptions {
  /** The task history. */
  store: SqliteStore;
  /** The task's row id. */
  taskId: number;
  /** The task being run. */
  spec: TaskSpec;
  /** The wall clock of the rows' timestamps, epoch ms. */
  now: () => number;
  /** Runs a write about `what`, keeping its failure instead of throwing it into the run. */
  guard: (what: string, write: () => void) => void;
  /** Told each notice after it is recorded. */
  next?: ProgressSink;
}

/**
 * A progress sink that records each workload's spec (with its place in the
 * task) when it starts and its result when it ends, then passes the notice
 * on to `next`. A workload that ends without having started a sink (its
 * plugins failed) gets its row here, placed by position and scenario.
 */
export class ProgressRecorder implements ProgressSink {
  readonly #store: SqliteStore;
  readonly #taskId: number;
  readonly #spec: TaskSpec;
  readonly #now: () => number;
  readonly #guard: ProgressRecorderOptions["guard"];
  readonly #next: ProgressSink | undefined;

  /** Records the workloads of `options.spec` in `options.store`, then tells `options.next`. */
  constructor(options: ProgressRecorderOptions) {
    this.#store = options.store;
    this.#taskId = options.taskId;
    this.#spec = options.spec;
    this.#now = options.now;
    this.#guard = options.guard;
    this.#next = options.next;
  }

  /** Records the workload's spec and place, then tells `next`. */
  workloadStarted(progress: WorkloadProgress): void {
    this.#guard(
      `the start of workload ${progress.uuid}`,
      () => this.#workloadStarted(progress.uuid, progress.spec),
    );
    this.#next?.workloadStarted(progress);
  }

  /** Records the workload's result, then tells `next`. */
  workloadFinished(result: WorkloadResult): void {
    this.#guard(`the result of workload ${result.uuid}`, () => this.#workloadFinished(result));
    this.#next?.workloadFinished(result);
  }

  /** Tells `next` (the run is recorded through the workload's sink). */
  hookRunFinished(notice: HookRunNotice): void {
    this.#next?.hookRunFinished?.(notice);
  }

  /** Tells `next`. */
  hookRunStarted(notice: HookRunStartNotice): void {
    this.#next?.hookRunStarted?.(notice);
  }

  #workloadStarted(uuid: string, spec: WorkloadSpec): void {
    const place = this.#placeOf(spec);
    const description = spec.description ??
      firstLine(this.#spec.plugins.find("scenario", spec.scenario.name)?.description ?? "");
    this.#store.write(() =>
      this.#store.statement(
        "UPDATE workloads SET subtask_position = ?, position = ?, spec = ? WHERE uuid = ? AND task_id = ?",
      ).run(
        place?.[0] ?? null,
        place?.[1] ?? null,
        JSON.stringify({ ...spec, description }),
        uuid,
        this.#taskId,
      )
    );
  }

  #workloadFinished(result: WorkloadResult): void {
    this.#store.write(() => {
      const updated = this.#store.statement(
        "UPDATE workloads SET result = ? WHERE uuid = ? AND task_id = ?",
      ).run(workloadJson(result), result.uuid, this.#taskId);
      if (Number(updated.changes) > 0) return;
      // Its plugins failed before a sink was opened: place it by position and scenario.
      const subtask = this.#spec.subtasks.findIndex((s) =>
        s.workloads[result.position]?.scenario.name === Object.keys(result.scenario)[0]
      );
      this.#store.statement(
        `INSERT INTO workloads (task_id, uuid, subtask_position, position, started_at, result)
         VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(
        this.#taskId,
        result.uuid,
        subtask < 0 ? null : subtask,
        result.position,
        this.#now(),
        workloadJson(result),
      );
    });
  }

  #placeOf(spec: WorkloadSpec): [number, number] | undefined {
    for (let s = 0; s < this.#spec.subtasks.length; s++) {
      const w = this.#spec.subtasks[s].workloads.indexOf(spec);
      if (w >= 0) return [s, w];
    }
    return undefined;
  }
}
