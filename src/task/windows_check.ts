/**
 * Up-front checks of what a workload asks of the resilience analysis: SLA
 * criteria scoped to windows (`"during"`), criteria that judge windows, and
 * `resilience` settings, each against the hooks that would cut the windows.
 *
 * @module
 */
import type { PluginRegistry } from "../model/plugin_registry.ts";
import { WINDOW_SCOPES, type WindowScope } from "../model/resilience.ts";
import type { SlaRef } from "../model/task_spec.ts";
import type { SlaClass } from "../plugins/sla.ts";
import { didYouMean } from "./did_you_mean.ts";
import { describeValue } from "./schema_messages.ts";
import type { TaskPath } from "./task_path.ts";
import { type ProblemList, resolvePlugin } from "./validate.ts";

/** The SLA key whose criteria are judged on windows: `"during": {kind: {criterion: args}}`. */
export const DURING = "during";

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

const DURING_EXAMPLE = '{"fault": {"failure_rate": {"max": 20}}}';

/**
 * The criteria under `"during"` (at `path`), each validated against its
 * plugin and marked with its window kind; an undefined entry for each one
 * that is wrong (its problems recorded).
 */
export function duringRefs(
  value: unknown,
  path: TaskPath,
  problems: ProblemList,
  plugins: PluginRegistry,
): (SlaRef | undefined)[] {
  if (!isObject(value) || Object.keys(value).length === 0) {
    problems.add(
      path,
      `"during" takes window kinds and the criteria to judge on each window of that kind, ` +
        `like ${DURING_EXAMPLE}; got ${describeValue(value)}`,
    );
    return [undefined];
  }
  const refs: (SlaRef | undefined)[] = [];
  for (const [scope, criteria] of Object.entries(value)) {
    const scopePath = [...path, scope];
    if (!(WINDOW_SCOPES as readonly string[]).includes(scope)) {
      problems.add(
        scopePath,
        `unknown window kind ${JSON.stringify(scope)}${didYouMean(scope, WINDOW_SCOPES)} ` +
          `(window kinds: ${WINDOW_SCOPES.join(", ")})`,
        { key: true },
      );
      refs.push(undefined);
      continue;
    }
    if (!isObject(criteria) || Object.keys(criteria).length === 0) {
      problems.add(
        scopePath,
        `must name the SLA criteria to judge on each ${scope} window, like ` +
          `{"failure_rate": {"max": 20}}; got ${
            isObject(criteria) ? "{}" : describeValue(criteria)
          }`,
      );
      refs.push(undefined);
      continue;
    }
    for (const [name, args] of Object.entries(criteria)) {
      if (name === DURING) {
        problems.add([...scopePath, name], `"during" cannot be nested in "during"`, { key: true });
        refs.push(undefined);
        continue;
      }
      const ref = resolvePlugin(problems, plugins, "sla", name, args, {
        namePath: scopePath,
        nameAt: [...scopePath, name],
        argsPath: [...scopePath, name],
      });
      refs.push(ref && { ...ref, window: scope as WindowScope });
    }
  }
  return refs;
}

/** The parts of a workload (as written) the checks look at. */
export interface WindowsCheckInput {
  /** The hook list as written. */
  hooks: unknown;
  /** Where it is. */
  hooksPath: TaskPath;
  /** The `sla` object as written. */
  sla: unknown;
  /** The `resilience` settings as written. */
  resilience: unknown;
}

/**
 * Records a problem for each thing the workload at `path` asks of windows
 * that its hooks cannot give: `resilience` settings or a criterion that
 * judges windows without hooks, an `off` hook without an `on` hook, a
 * recovery to judge without a hook that ends a fault, a `"during"` kind no
 * hook opens.
 */
export function checkWindows(
  input: WindowsCheckInput,
  path: TaskPath,
  problems: ProblemList,
  plugins: PluginRegistry,
): void {
  const hooks = Array.isArray(input.hooks) ? input.hooks : [];
  const faults = hooks.map((h) => isObject(h) ? h.fault : undefined);
  const has = (role: unknown) => faults.includes(role);
  const noHooks = "this workload has no hooks; add a hook (with " +
    '"fault": "on", "off" or "pulse" to say what it does)';
  if (input.resilience !== undefined && hooks.length === 0) {
    problems.add(
      [...path, "resilience"],
      `resilience settings apply to the windows that hook runs cut, but ${noHooks}`,
      { key: true },
    );
  }
  if (!has("on")) {
    faults.forEach((role, k) => {
      if (role !== "off") return;
      problems.add(
        [...input.hooksPath, k, "fault"],
        `"fault": "off" ends a fault that a hook with "fault": "on" started, but no hook of ` +
          `this workload has "fault": "on"; add one, or use "pulse" for a fault that ends ` +
          "with its own hook run",
      );
    });
  }
  if (!isObject(input.sla)) return;
  const slaPath = [...path, "sla"];
  const judged = (name: string, at: TaskPath) => {
    const cls = plugins.find<SlaClass>("sla", name)?.impl;
    if (!cls) return;
    if (cls.judgesWindows && hooks.length === 0) {
      problems.add(
        at,
        `${JSON.stringify(name)} judges the windows that hook runs cut, but ${noHooks}`,
        { key: true },
      );
    } else if (cls.judgesRecoveries && !has("off") && !has("pulse")) {
      problems.add(
        at,
        `${JSON.stringify(name)} judges the recovery after a fault ends, but no hook of this ` +
          'workload ends one; give the hook that ends it "fault": "off" (or "pulse" for a ' +
          "fault that ends with its own run)",
        { key: true },
      );
    }
  };
  for (const [name, value] of Object.entries(input.sla)) {
    if (name !== DURING) {
      judged(name, [...slaPath, name]);
      continue;
    }
    if (!isObject(value)) continue;
    for (const [scope, criteria] of Object.entries(value)) {
      const at = [...slaPath, DURING, scope];
      const missing = scopeMissing(scope, hooks.length, has);
      if (missing) problems.add(at, missing, { key: true });
      else if (isObject(criteria)) {
        for (const name of Object.keys(criteria)) judged(name, [...at, name]);
      }
    }
  }
}

// Why no window of kind `scope` can exist, or undefined when one can.
function scopeMissing(
  scope: string,
  hookCount: number,
  has: (role: unknown) => boolean,
): string | undefined {
  const none = (what: string, fix: string) => `no ${scope} window can exist: ${what}; ${fix}`;
  if (hookCount === 0) {
    return none("this workload has no hooks to cut windows", "add a hook");
  }
  if (scope === "fault" && !has("on") && !has("pulse")) {
    return none(
      'no hook has "fault": "on" or "pulse"',
      'say what the hook that injects the fault does with "fault"',
    );
  }
  if (scope === "recovery" && !has("off")) {
    return none('no hook has "fault": "off"', 'give the hook that ends the fault "fault": "off"');
  }
  if (scope === "hook" && !has(undefined)) {
    return none(
      'every hook says what it does with "fault"',
      'use "fault" or "recovery" windows instead',
    );
  }
  return undefined;
}
