/**
 * The normalized task model: what both task file forms load into.
 *
 * @module
 */
import type { PluginRegistry } from "./plugin_registry.ts";
import type { FaultRole, ResilienceConfig, WindowScope } from "./resilience.ts";

/** A plugin reference with its args, validated and with schema defaults filled in. */
export interface PluginRef {
  /** The registered plugin name. */
  name: string;
  /** The args after validation (defaults filled in). */
  args: unknown;
  /** The args exactly as the task file wrote them. */
  raw: unknown;
}

/** An SLA criterion: a plugin reference, judged on the whole load or on windows of one kind. */
export interface SlaRef extends PluginRef {
  /** The windows it judges (`"during": {kind: {…}}`); the whole load when absent. */
  window?: WindowScope;
}

/** One configured hook. */
export interface HookSpec {
  /** The `description`, or undefined. */
  description?: string;
  /** The hook plugin and its args. */
  action: PluginRef;
  /** The trigger plugin and its args. */
  trigger: PluginRef;
  /** What the hook does to the service (`"fault"`), when the entry says. */
  fault?: FaultRole;
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
  /** SLA criteria, in configuration order (those under `"during"` where it stands). */
  sla: SlaRef[];
  /** The `resilience` settings as written (validated); defaults apply to the rest. */
  resilience?: ResilienceConfig;
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
