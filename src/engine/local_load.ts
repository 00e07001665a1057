/**
 * LocalLoad: a workload's runner driving iterations in this thread, through
 * plain calls (runner → iteration driver → iteration executor → result
 * consumer).
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { PluginRef } from "../model/task_spec.ts";
import type { RunnerPlugin } from "../plugins/runner.ts";
import type { ScenarioPlugin } from "../plugins/scenario.ts";
import { SegmentShare } from "../segment/segment_share.ts";
import type { SlaChecker } from "../sla/sla_checker.ts";
import type { ResilienceAnalyzer } from "../stats/resilience_analyzer.ts";
import type { IterationSink } from "../store/result_store.ts";
import { type BreathePolicy, IterationDriver } from "./iteration_driver.ts";
import { IterationExecutor } from "./iteration_executor.ts";
import type { Load } from "./load.ts";
import type { LoadSignals } from "./load_seam.ts";
import { ResultConsumer, type StatsInput } from "./result_consumer.ts";
import { derivedSeed, iterationRandom } from "./seeded_random.ts";

/** What a {@linkcode LocalLoad} is built from. */
export interface LocalLoadOptions {
  /** The workload's scenario and runner (validated args) and its place in the task file. */
  workload: { scenario: PluginRef; runner: PluginRef; path: string };
  /** The plugins they come from. */
  plugins: PluginRegistry;
  /** The clock. */
  clock: Clock;
  /** The task's seed. */
  seed: number;
  /** When runners yield to the event loop. */
  breathe: BreathePolicy;
  /**
   * The part of the load to run.
   * @default {SegmentShare.WHOLE}
   */
  share?: SegmentShare;
  /** Takes each record's statistics. */
  stats: StatsInput;
  /** The SLA criteria judged here. */
  sla?: Pick<SlaChecker, "addIteration" | "addResilience">;
  /** Where raw records go. */
  sink: IterationSink;
  /** Told the load's start and each completed count. */
  signals: LoadSignals;
  /** The resilience analysis, for a workload with hooks run whole here. */
  windows?: ResilienceAnalyzer;
  /** Called once when an SLA criterion fails. */
  onSlaFailure?: () => void;
}

/**
 * A runner plugin running (its share of) a workload's load in this thread.
 * A runner that cannot split (`splits: false`) given a part of the load runs
 * the whole load in the part that has the load's first index, and nothing in
 * the others.
 */
export class LocalLoad implements Load {
  readonly #runner: RunnerPlugin;
  readonly #args: Record<string, unknown>;
  readonly #executor: IterationExecutor;
  readonly #driver: IterationDriver;
  readonly #consumer: ResultConsumer;
  readonly #release: () => void;
  readonly #idle: boolean;

  /** Builds the load path: the scenario's shared state, the executor, consumer and driver. */
  constructor(o: LocalLoadOptions) {
    const { workload, plugins } = o;
    this.#runner = plugins.get<RunnerPlugin>("runner", workload.runner.name).impl;
    this.#args = workload.runner.args as Record<string, unknown>;
    const scenario = plugins.get<ScenarioPlugin>("scenario", workload.scenario.name).impl;
    let share = o.share ?? SegmentShare.WHOLE;
    this.#idle = false;
    if (!this.#runner.splits && !share.whole) {
      this.#idle = !share.owns(0);
      share = SegmentShare.WHOLE;
    }
    const workloadState = scenario.workloadState?.create();
    const timeout = (this.#args as { timeout?: number }).timeout;
    this.#executor = new IterationExecutor({
      scenario: scenario.run,
      workloadState,
      args: workload.scenario.args,
      clock: o.clock,
      random: iterationRandom(derivedSeed(o.seed, workload.path)),
      // As in Rally, a timeout of 0 is none.
      timeoutMs: timeout === undefined || timeout === 0 ? undefined : timeout * 1000,
    });
    this.#consumer = new ResultConsumer({
      stats: o.stats,
      sla: o.sla,
      sink: o.sink,
      seam: o.signals,
      windows: o.windows,
      onSlaFailure: o.onSlaFailure,
    });
    this.#driver = new IterationDriver({
      clock: o.clock,
      executor: this.#executor,
      consumer: this.#consumer,
      seam: o.signals,
      breathe: o.breathe,
      share,
    });
    this.#release = () => {
      const dispose = scenario.workloadState?.dispose;
      if (!dispose) return;
      // The load's results are complete by now: a failing release cannot change them.
      Promise.resolve().then(() => dispose(workloadState)).catch(() => {});
    };
  }

  /** Runs the runner to its end. */
  run(): Promise<void> {
    if (this.#idle) return Promise.resolve();
    try {
      return this.#runner.run(this.#args, this.#driver);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Soft stop. */
  stopStarting(): void {
    this.#driver.stopStarting();
  }

  /** Hard stop. */
  abort(reason: Error): void {
    this.#driver.abort(reason);
  }

  /** Called once the first iteration started. */
  set onLoadStart(listener: (at: number) => void) {
    this.#driver.onLoadStart = listener;
  }
  /** The listener of the load's start. */
  get onLoadStart(): (at: number) => void {
    return this.#driver.onLoadStart;
  }

  /** Iterations started. */
  get started(): number {
    return this.#driver.started;
  }
  /** Iterations recorded. */
  get completed(): number {
    return this.#consumer.completed;
  }
  /** Iterations recorded with an error. */
  get failed(): number {
    return this.#consumer.failed;
  }

  /** Starts nothing more, stops the iteration timeout's timer and releases the scenario's state. */
  end(): void {
    // A runner that failed may leave lanes behind: they must start nothing more.
    this.#driver.stopStarting();
    this.#executor.dispose();
    this.#release();
  }
}
