/**
 * The normalized task model: what both task file forms load into.
 *
 * @module
 */
import type { PluginRegistry } from "./plugin_registry.ts";

/** A plugin reference with its args, validated and with schema defaults filled in. */
export interface PluginRef {
  /** The registered plugin name. */
  name: string;
  /** The args after validation (defaults filled in). */
  args: unknown;
  /** The args exactly as the task file wrote them. */
  raw: unknown;
  /**
   * True when brunt added the reference itself rather than the task file
   * (Rally's default SLA, `failure_rate: {max: 0}`, for a workload without `sla`).
   */
  byDefault?: true;
}

/** One configured hook. */
export interface HookSpec {
  /** The `description`, or undefined. */
  description?: string;
  /** The hook plugin and its args. */
  action: PluginRef;
  /** The trigger plugin and its args. */
  trigger: PluginRef;
  /** The hook entry exactly as the task file wrote it (reported as `config`). */
  config: unknown;
  /** Its place in the task file, like `subtasks[0].hooks[1]`. */
  path: string;
}

/** One workload: a scenario run by a runner, with hooks, SLA and contexts. */
export interface WorkloadSpec {
  /** The scenario and its args. */
  scenario: PluginRef;
  /** The runner and its args. */
  runner: PluginRef;
  /** Hooks, in configuration order. */
  hooks: HookSpec[];
  /**
   * SLA criteria, in configuration order. A workload with no `sla` key gets
   * Rally's default, `failure_rate: {max: 0}` (marked `byDefault`); an explicit
   * `sla: {}` has no criteria.
   */
  sla: PluginRef[];
  /** Contexts as written (kept in results; brunt has no context plugins yet). */
  contexts: Record<string, unknown>;
  /** A description of the workload, if any. */
  description?: string;
  /** Its place in the task file, like `subtasks[0]` or `["Dummy.dummy"][1]`. */
  path: string;
}

/** A subtask: workloads run one after another, or together with `run_in_parallel`. */
export interface SubtaskSpec {
  /** Title (the scenario name when the file gave none). */
  title: string;
  /** Description, empty when none. */
  description: string;
  /** Whether its workloads run at the same time. */
  runInParallel: boolean;
  /** Its workloads, in order. */
  workloads: WorkloadSpec[];
}

/** A whole task. */
export interface TaskSpec {
  /** Title, empty when none. */
  title: string;
  /** Description, empty when none. */
  description: string;
  /** Tags, empty when none. */
  tags: string[];
  /** Subtasks in order. */
  subtasks: SubtaskSpec[];
  /** The parsed task document as written (reported as the input task). */
  input: unknown;
  /** The plugins the task was validated against; it runs with them. */
  plugins: PluginRegistry;
}
