/**
 * The plugins brunt brings, and the registries runs start from.
 *
 * @module
 */
import { type PluginEntry, PluginRegistry } from "../model/plugin_registry.ts";
import type { LoadedPlugin } from "../plugins/plugin_loader.ts";
import { ambientPlugins } from "../plugins/registration.ts";
import { CONSTANT_RUNNER } from "../runners/constant.ts";
import { CONSTANT_FOR_DURATION_RUNNER } from "../runners/constant_for_duration.ts";
import { RPS_RUNNER } from "../runners/rps.ts";
import { SERIAL_RUNNER } from "../runners/serial.ts";
import {
  DUMMY_DUMMY_EXCEPTION_PROBABILITY_SCENARIO,
  DUMMY_DUMMY_EXCEPTION_SCENARIO,
  DUMMY_DUMMY_OUTPUT_SCENARIO,
  DUMMY_DUMMY_RANDOM_ACTION_SCENARIO,
  DUMMY_DUMMY_RANDOM_FAIL_IN_ATOMIC_SCENARIO,
  DUMMY_DUMMY_SCENARIO,
  DUMMY_DUMMY_TIMED_ATOMIC_ACTIONS_SCENARIO,
  DUMMY_FAILURE_SCENARIO,
} from "../scenarios/dummy.ts";
import {
  HTTP_REQUESTS_CHECK_RANDOM_REQUEST_SCENARIO,
  HTTP_REQUESTS_CHECK_REQUEST_SCENARIO,
} from "../scenarios/http_requests.ts";
import { DEGRADATION_SLA } from "../sla/degradation.ts";
import { DOWNTIME_SLA } from "../sla/downtime.ts";
import { FAILURE_RATE_SLA } from "../sla/failure_rate.ts";
import { MAX_AVG_DURATION_SLA } from "../sla/max_avg_duration.ts";
import { MAX_AVG_DURATION_PER_ATOMIC_SLA } from "../sla/max_avg_duration_per_atomic.ts";
import { MAX_SECONDS_PER_ITERATION_SLA } from "../sla/max_seconds_per_iteration.ts";
import { OUTLIERS_SLA } from "../sla/outliers.ts";
import { PERCENTILE_SLA } from "../sla/percentile.ts";
import { PERFORMANCE_DEGRADATION_SLA } from "../sla/performance_degradation.ts";
import { RECOVERY_TIME_SLA } from "../sla/recovery_time.ts";
import { HTTP_CALL_HOOK } from "../../hooks/http_call.ts";
import { SYS_CALL_HOOK } from "../../hooks/sys_call.ts";
import { EVENT_TRIGGER } from "../../triggers/event.ts";
import { PERIODIC_TRIGGER } from "../../triggers/periodic.ts";

/** Every built-in plugin. */
export const BUILTIN_PLUGINS: readonly PluginEntry[] = [
  CONSTANT_RUNNER,
  CONSTANT_FOR_DURATION_RUNNER,
  RPS_RUNNER,
  SERIAL_RUNNER,
  DUMMY_DUMMY_SCENARIO,
  DUMMY_DUMMY_EXCEPTION_SCENARIO,
  DUMMY_DUMMY_EXCEPTION_PROBABILITY_SCENARIO,
  DUMMY_DUMMY_OUTPUT_SCENARIO,
  DUMMY_DUMMY_RANDOM_FAIL_IN_ATOMIC_SCENARIO,
  DUMMY_DUMMY_RANDOM_ACTION_SCENARIO,
  DUMMY_DUMMY_TIMED_ATOMIC_ACTIONS_SCENARIO,
  DUMMY_FAILURE_SCENARIO,
  HTTP_REQUESTS_CHECK_REQUEST_SCENARIO,
  HTTP_REQUESTS_CHECK_RANDOM_REQUEST_SCENARIO,
  EVENT_TRIGGER,
  PERIODIC_TRIGGER,
  SYS_CALL_HOOK,
  HTTP_CALL_HOOK,
  FAILURE_RATE_SLA,
  MAX_SECONDS_PER_ITERATION_SLA,
  MAX_AVG_DURATION_SLA,
  MAX_AVG_DURATION_PER_ATOMIC_SLA,
  OUTLIERS_SLA,
  PERFORMANCE_DEGRADATION_SLA,
  PERCENTILE_SLA,
  RECOVERY_TIME_SLA,
  DOWNTIME_SLA,
  DEGRADATION_SLA,
];

/**
 * The registry a run uses when it is given none: the built-in plugins, then
 * those registered so far outside any module that `loadPlugins` loaded
 * (plugins a library user's own script registers).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultPlugins } from "@brunt/brunt";
 * assert.equal(defaultPlugins().get("runner", "constant").name, "constant");
 * ```
 */
export function defaultPlugins(): PluginRegistry {
  return new PluginRegistry([...BUILTIN_PLUGINS, ...ambientPlugins()]);
}

/**
 * The default registry (see {@linkcode defaultPlugins}) with the plugins of
 * `loaded` modules after it: a loaded plugin replaces a built-in one of the
 * same kind and name.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { loadPlugins, parseTask, pluginsWith } from "@brunt/brunt";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/echo.ts`, `import { registerScenario } from "@brunt/brunt";
 *   registerScenario("Echo.nothing", () => {}, { schema: {}, description: "Does nothing." });`);
 * const plugins = pluginsWith(await loadPlugins(`${dir}/echo.ts`));
 * const text = "Echo.nothing: [{runner: {type: serial, times: 1}}]";
 * const task = parseTask(text, "task.yaml", { plugins });
 * assert.equal(task.subtasks[0].workloads[0].scenario.name, "Echo.nothing");
 * assert.ok(plugins.find("runner", "serial")); // the built-in plugins are there too
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export function pluginsWith(loaded: readonly LoadedPlugin[]): PluginRegistry {
  return defaultPlugins().with(loaded.flatMap((m) => m.registered));
}
