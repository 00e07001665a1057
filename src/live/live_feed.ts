/**
 * The live feed: reads each running workload's figures once a second and
 * hands its outputs (dashboard, metrics senders) one batch, off the
 * per-iteration path.
 *
 * @module
 */
import type { Clock, TimerId } from "../clock/clock.ts";
import type {
  HookRunNotice,
  HookRunStartNotice,
  ProgressSink,
  WorkloadFigures,
  WorkloadProgress,
} from "../model/progress.ts";
import type { WorkloadResult } from "../model/results_document.ts";
import type { TaskSpec } from "../model/task_spec.ts";
import { DurationHistogram } from "../stats/duration_histogram.ts";
import type {
  LiveBatch,
  LiveHookEvent,
  LiveOutput,
  LiveWindow,
  LiveWorkloadEnd,
  LiveWorkloadInfo,
} from "./live_batch.ts";
import { liveWorkloadInfo } from "./live_workload_info.ts";

/** Most hook run notices one batch carries; more in one second are counted and left out. */
export const MAX_HOOK_EVENTS_PER_BATCH = 1000;

/** Options of {@linkcode LiveFeed}. */
export interface LiveFeedOptions {
  /** The task being run (names the workloads). */
  spec: TaskSpec;
  /**
   * The task's name in outputs (metrics' `task` label).
   * @default {spec.title}
   */
  title?: string;
  /** The clock that times the batches and stamps them. */
  clock: Clock;
  /**
   * Milliseconds between batches.
   * @default {1000}
   */
  everyMs?: number;
  /** Receives every notice after the feed (the progress line). */
  next?: ProgressSink;
}

interface Running {
  progress: WorkloadProgress & { figures(): WorkloadFigures };
  last: WorkloadFigures;
  lastAt: number;
}

/**
 * A {@linkcode ProgressSink} that batches what happens in a run for live
 * outputs. The load path is not touched: once a second the feed reads each
 * running workload's figures (the statistics' own counts and histograms,
 * copied), takes the difference from the previous reading, and hands every
 * output one {@linkcode LiveBatch} with that window, the hook runs that
 * started or ended, and the workloads that started or finished. An output
 * must queue and return at once; one that throws is cut off and counted,
 * never allowed to reach the load.
 *
 * @example
 * ```ts ignore
 * const feed = new LiveFeed({ spec, clock: new RealClock(), next: progressLine });
 * feed.subscribe(dashboard);
 * feed.start();
 * const { document } = await runTask(spec, { progress: feed, onStart: (id) => feed.taskStarted(id) });
 * const warnings = await feed.close();
 * ```
 */
export class LiveFeed implements ProgressSink {
  readonly #spec: TaskSpec;
  readonly #title: string;
  readonly #clock: Clock;
  readonly #everyMs: number;
  readonly #next: ProgressSink | undefined;
  readonly #outputs: LiveOutput[] = [];
  readonly #running = new Map<string, Running>();
  readonly #infos = new Map<string, LiveWorkloadInfo>();
  #uuid = "";
  #started: LiveWorkloadInfo[] = [];
  #windows: LiveWindow[] = [];
  #hookRuns: LiveHookEvent[] = [];
  #droppedHookRuns = 0;
  #finished: LiveWorkloadEnd[] = [];
  #timer: TimerId | undefined;
  #closed = false;
  #failedOutputs: string[] = [];

  /** A feed for `spec`'s run; {@linkcode LiveFeed.start} begins the batches. */
  constructor(options: LiveFeedOptions) {
    this.#spec = options.spec;
    this.#title = options.title ?? options.spec.title;
    this.#clock = options.clock;
    this.#everyMs = options.everyMs ?? 1000;
    this.#next = options.next;
  }

  /** Adds an output; it receives every batch from the next one on. */
  subscribe(output: LiveOutput): void {
    this.#outputs.push(output);
  }

  /** Takes the run's id (`runTask`'s `onStart`). */
  taskStarted(uuid: string): void {
    this.#uuid = uuid;
  }

  /** Starts handing out a batch every `everyMs`. */
  start(): void {
    if (this.#timer !== undefined || this.#closed) return;
    const schedule = () => {
      this.#timer = this.#clock.setTimeout(() => {
        this.tick();
        if (!this.#closed) schedule();
      }, this.#everyMs);
    };
    schedule();
  }

  /** Starts following a workload (one whose view has no figures is passed on only). */
  workloadStarted(progress: WorkloadProgress): void {
    const { figures } = progress;
    if (figures) {
      const info = liveWorkloadInfo(this.#spec, progress);
      this.#infos.set(progress.uuid, info);
      this.#started.push(info);
      this.#running.set(progress.uuid, {
        progress: { ...progress, figures },
        last: figures(),
        lastAt: this.#clock.now() / 1000,
      });
    }
    this.#next?.workloadStarted(progress);
  }

  /** Takes the workload's last window; the next batch ends it. */
  workloadFinished(result: WorkloadResult): void {
    const running = this.#running.get(result.uuid);
    if (running) {
      this.#windows.push(this.#window(result.uuid, running, this.#clock.now() / 1000));
      this.#running.delete(result.uuid);
    }
    if (this.#infos.has(result.uuid)) {
      this.#finished.push({
        uuid: result.uuid,
        status: result.status,
        pass_sla: result.pass_sla,
        total_iteration_count: result.total_iteration_count,
        failed_iteration_count: result.failed_iteration_count,
      });
    }
    this.#next?.workloadFinished(result);
  }

  /** Notes a hook run's start for the next batch. */
  hookRunStarted(notice: HookRunStartNotice): void {
    this.#noteHookRun({ type: "started", ...notice });
    this.#next?.hookRunStarted?.(notice);
  }

  /** Notes a hook run's end for the next batch. */
  hookRunFinished(notice: HookRunNotice): void {
    this.#noteHookRun({ type: "finished", ...notice });
    this.#next?.hookRunFinished?.(notice);
  }

  /** Takes a batch now and hands it to every output. */
  tick(): void {
    const at = this.#clock.now() / 1000;
    for (const [uuid, running] of this.#running) {
      this.#windows.push(this.#window(uuid, running, at));
    }
    const batch: LiveBatch = {
      at,
      task: { title: this.#title, uuid: this.#uuid },
      started: this.#started,
      windows: this.#windows,
      hookRuns: this.#hookRuns,
      droppedHookRuns: this.#droppedHookRuns,
      finished: this.#finished,
    };
    this.#started = [];
    this.#windows = [];
    this.#hookRuns = [];
    this.#droppedHookRuns = 0;
    this.#finished = [];
    for (const output of [...this.#outputs]) {
      try {
        output.take(batch);
      } catch (e) {
        // An output that breaks is cut off: the load goes on without it.
        this.#outputs.splice(this.#outputs.indexOf(output), 1);
        this.#failedOutputs.push(
          `a live output failed and was stopped: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
  }

  /** Hands out the last batch and stops the timer; the outputs stay open. */
  stop(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.tick();
  }

  /**
   * Stops (see {@linkcode LiveFeed.stop}) and closes every output (each
   * within its own time bound); resolves with their warnings.
   */
  async close(): Promise<string[]> {
    this.stop();
    const outputs = this.#outputs.splice(0);
    const warnings = await Promise.all(outputs.map((o) => o.close()));
    return [...this.#failedOutputs.splice(0), ...warnings.flat()];
  }

  #window(uuid: string, running: Running, at: number): LiveWindow {
    const { progress, last } = running;
    const total = progress.figures();
    const failures: Record<string, number> = {};
    for (const [etype, n] of Object.entries(total.failures)) {
      const added = n - (last.failures[etype] ?? 0);
      if (added > 0) failures[etype] = added;
    }
    const loadStart = progress.loadStart();
    const window: LiveWindow = {
      uuid,
      from: running.lastAt,
      to: at,
      loadStart: loadStart === undefined ? undefined : loadStart / 1000,
      started: progress.started(),
      total,
      window: {
        completed: total.completed - last.completed,
        failed: total.failed - last.failed,
        failures,
        durations: DurationHistogram.countsSince(total.durations, last.durations),
      },
    };
    running.last = total;
    running.lastAt = at;
    return window;
  }

  #noteHookRun(event: LiveHookEvent): void {
    if (this.#hookRuns.length >= MAX_HOOK_EVENTS_PER_BATCH) this.#droppedHookRuns++;
    else this.#hookRuns.push(event);
  }
}
