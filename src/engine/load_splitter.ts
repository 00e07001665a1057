/**
 * How a run splits each workload's load: into which segments, and where
 * they run.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { WorkloadSpec } from "../model/task_spec.ts";
import type { SegmentSequence } from "../segment/segment_sequence.ts";
import { BUILTIN_PLUGINS } from "../builtin/builtin_plugins.ts";
import { pluginOrigin } from "../plugins/plugin_loader.ts";
import type { EngineEnv } from "./engine_env.ts";
import type { SegmentHost } from "./segment_host.ts";
import { SegmentedLoad } from "./segmented_load.ts";

/** How one workload's load is split: a sequence, and a host for each of its segments. */
export interface SplitPlan {
  /** The segments. */
  sequence: SegmentSequence;
  /** Where each runs, in sequence order. */
  hosts: SegmentHost[];
  /** Milliseconds from "all ready" to the start they are released at. */
  releaseMs: number;
}

/** What {@linkcode loadSplitter} splits with. */
export interface LoadSplitterOptions {
  /** The plan for a workload; undefined: its load runs in this thread. */
  plan: (spec: WorkloadSpec) => SplitPlan | undefined;
  /** The task's seed. */
  seed: number;
  /** The task's plugins. */
  plugins: PluginRegistry;
  /**
   * Where the hosts run with a registry of their own (other threads): the
   * plugin modules they load, those of every plugin of `plugins` that does
   * not come with brunt. Undefined: the hosts use `plugins` itself.
   */
  modules?: string[];
  /** The coordinator's clock. */
  clock: Clock;
}

/** The `split` of an {@linkcode EngineEnv}: each workload's load as its plan says. */
export function loadSplitter(o: LoadSplitterOptions): NonNullable<EngineEnv["split"]> {
  return (spec, targets) => {
    const plan = o.plan(spec);
    if (plan === undefined) return Promise.resolve(undefined);
    if (o.modules) {
      checkLoadable(o.plugins, "scenario", spec.scenario.name);
      checkLoadable(o.plugins, "runner", spec.runner.name);
    }
    return Promise.resolve(
      new SegmentedLoad({
        hosts: plan.hosts,
        job: {
          workload: {
            scenario: spec.scenario,
            runner: spec.runner,
            sla: spec.sla,
            path: spec.path,
          },
          seed: o.seed,
          sequence: plan.sequence.toString(),
          plugins: o.modules ?? [],
        },
        targets,
        clock: o.clock,
        releaseMs: plan.releaseMs,
      }),
    );
  };
}

/**
 * Segments a workload's load takes in worker threads: `workers` when given,
 * else as many as its runner's `max_cpu_count` (Rally's) asks for, up to
 * `cores`; undefined (the load runs in this thread) when neither says.
 */
export function workersFor(
  spec: WorkloadSpec,
  workers: number | undefined,
  cores: number,
): number | undefined {
  if (workers !== undefined) return workers;
  const asked = (spec.runner.args as { max_cpu_count?: unknown }).max_cpu_count;
  if (typeof asked !== "number" || !Number.isInteger(asked) || asked < 1) return undefined;
  return Math.min(asked, cores);
}

/**
 * The plugin modules a registry's plugins come from (`--plugin` files and
 * specifiers): what a worker thread loads to have the same plugins.
 */
export function pluginModules(plugins: PluginRegistry): string[] {
  const modules = new Set<string>();
  for (const entry of plugins.all()) {
    const origin = pluginOrigin(entry);
    if (origin !== undefined) modules.add(origin);
  }
  return [...modules];
}

// A plugin a worker thread cannot load is one this program registered itself.
function checkLoadable(plugins: PluginRegistry, kind: "scenario" | "runner", name: string): void {
  const entry = plugins.get(kind, name);
  if (BUILTIN_PLUGINS.includes(entry) || pluginOrigin(entry) !== undefined) return;
  throw new Error(
    `${kind} "${name}" was registered by this program, not by a plugin module, so worker ` +
      `threads cannot load it: put it in a module and load it with loadPlugins (or --plugin), ` +
      `or run without workers`,
  );
}
