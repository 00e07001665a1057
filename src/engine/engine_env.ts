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

/** Shared by every actor of a task run. */
export interface EngineEnv {
  /** The one clock. */
  clock: Clock;
  /** The plugins the task was validated against. */
  plugins: PluginRegistry;
  /** Where raw iterations go. */
  store: ResultStore;
  /** The seeded random source. */
  random: () => number;
  /** Stop a workload (and skip the rest) when an SLA criterion fails. */
  abortOnSlaFailure: boolean;
  /** When runners yield to the event loop. */
  breathe: BreathePolicy;
  /** Lifecycle notices, if anyone listens. */
  progress?: ProgressSink;
  /** The hook output the run keeps, shared by its workloads. */
  hookOutputBudget: HookOutputBudget;
}
