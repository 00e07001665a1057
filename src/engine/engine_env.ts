/**
 * What the engine's actors share: the edges (clock, store, progress) and the
 * task-wide settings.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { ResultStore } from "../store/result_store.ts";
import type { BreathePolicy } from "./iteration_driver.ts";
import type { ProgressSink } from "../model/progress.ts";
import type { HookOutputBudget } from "./hook_output_budget.ts";
import type { WorkloadSpec } from "../model/task_spec.ts";
import type { MergeTargets, SegmentedLoad } from "./segmented_load.ts";
import type { SegmentShare } from "../segment/segment_share.ts";

/** Shared by every actor of a task run. */
export interface EngineEnv {
  /** The one clock. */
  clock: Clock;
  /** The plugins the task was validated against. */
  plugins: PluginRegistry;
  /** Where raw iterations go. */
  store: ResultStore;
  /** The seed of the random source: each workload's iterations draw from sources derived from it. */
  seed: number;
  /** Stop a workload (and skip the rest) when an SLA criterion fails. */
  abortOnSlaFailure: boolean;
  /** When runners yield to the event loop. */
  breathe: BreathePolicy;
  /** Lifecycle notices, if anyone listens. */
  progress?: ProgressSink;
  /** The hook output the run keeps, shared by its workloads. */
  hookOutputBudget: HookOutputBudget;
  /**
   * Splits a workload's load into segments that run elsewhere (worker
   * threads, other machines) and merge into `targets`; without it, or when
   * it gives nothing, the load runs in this thread.
   */
  split?: (spec: WorkloadSpec, targets: MergeTargets) => Promise<SegmentedLoad | undefined>;
  /**
   * The part of each workload's load this run runs when it is one segment of
   * a load split over processes that run alone (without a coordinator).
   * @default the whole load
   */
  share?: SegmentShare;
}
