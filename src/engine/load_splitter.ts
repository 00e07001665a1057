/**
 * How a run splits each workload's load: how many segments, and where they
 * run.
 *
 * @module
 */
import type { Clock } from "../clock/clock.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { WorkloadSpec } from "../model/task_spec.ts";
import { SegmentSequence } from "../segment/segment_sequence.ts";
import { BUILTIN_PLUGINS } from "../builtin/builtin_plugins.ts";
import { pluginOrigin } from "../plugins/plugin_loader.ts";
import type { EngineEnv } from "./engine_env.ts";
import type { SegmentHost } from "./segment_host.ts";
import { SegmentedLoad } from "./segmented_load.ts";

/** What {@linkcode loadSplitter} splits with. */
export interface LoadSplitterOptions {
  /**
   * Segments per workload; undefined: as many as the runner's
   * `max_cpu_count` (Rally's) says, up to `cores`, and none (the load runs
   * in this thread) when it says nothing.
   */
  workers?: number;
  /** The cores available: the most segments `max_cpu_count` asks for. */
  cores: number;
  /** Hosts for the `count` segments of a workload. */
  hosts: (count: number) => SegmentHost[];
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

/**
 * The `split` of an {@linkcode EngineEnv}: each workload's load goes to
 * `workers` hosts (or its runner's `max_cpu_count`), one segment of an even
 * sequence each.
 */
export function loadSplitter(o: LoadSplitterOptions): NonNullable<EngineEnv["split"]> {
  return (spec, targets) => {
    const count = segmentsFor(spec, o);
    if (count === undefined) return Promise.resolve(undefined);
    if (o.modules) {
      checkLoadable(o.plugins, "scenario", spec.scenario.name);
      checkLoadable(o.plugins, "runner", spec.runner.name);
    }
    return Promise.resolve(
      new SegmentedLoad({
        hosts: o.hosts(count),
        job: {
          workload: { scenario: spec.scenario, runner: spec.runner, path: spec.path },
          seed: o.seed,
          sequence: SegmentSequence.even(count).toString(),
          plugins: o.modules ?? [],
        },
        targets,
        clock: o.clock,
      }),
    );
  };
}

function segmentsFor(spec: WorkloadSpec, o: LoadSplitterOptions): number | undefined {
  if (o.workers !== undefined) return o.workers;
  const asked = (spec.runner.args as { max_cpu_count?: unknown }).max_cpu_count;
  if (typeof asked !== "number" || !Number.isInteger(asked) || asked < 1) return undefined;
  return Math.min(asked, o.cores);
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
