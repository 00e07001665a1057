/**
 * Turns a parsed task document, in either accepted form, into the one
 * {@linkcode TaskSpec} the engine runs, validating everything on the way.
 *
 * @module
 */
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type { FaultRole, ResilienceConfig } from "../model/resilience.ts";
import type {
  HookSpec,
  PluginRef,
  SlaRef,
  SubtaskSpec,
  TaskSpec,
  WorkloadSpec,
} from "../model/task_spec.ts";
import { checkWindows, DURING, duringRefs } from "./windows_check.ts";
import type { ParsedDocument } from "./parse.ts";
import { describeValue } from "./schema_messages.ts";
import {
  SPEC_TASK_SCHEMA,
  SPEC_WORKLOAD_SCHEMA,
  V2_SUBTASK_SCHEMA,
  V2_TASK_SCHEMA,
  V2_WORKLOAD_SCHEMA,
  V2_WORKLOADS_SUBTASK_SCHEMA,
} from "./structure_schema.ts";
import { formatPath as formatPathOf, type TaskPath } from "./task_path.ts";
import { ProblemList, resolvePlugin, structureValidator } from "./validate.ts";
import { limitProblems, TOO_DEEP } from "./document_limits.ts";

/** The runner used when a workload names none (as in Rally). */
export const DEFAULT_RUNNER = "serial";

/**
 * The SLA of a workload whose entry has no `sla` key, as in Rally: no
 * iteration may fail. An explicit `"sla": {}` means no criteria at all.
 */
export const DEFAULT_SLA: Readonly<Record<string, unknown>> = Object.freeze({
  failure_rate: Object.freeze({ max: 0 }),
});

type Obj = Record<string, unknown>;
type TaskBody = Omit<TaskSpec, "plugins">;

function isObject(value: unknown): value is Obj {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Validates `doc` and normalizes it into a {@linkcode TaskSpec}: Rally task
 * format v2 when it has `version` or `subtasks`, the spec's
 * `{"Scenario.name": [workloads]}` form otherwise.
 *
 * @throws {TaskFileError} listing every problem found.
 */
export function normalizeTask(doc: ParsedDocument, plugins: PluginRegistry): TaskSpec {
  const problems = new ProblemList(doc);
  const data = doc.data;
  // Too deep is refused before anything walks the document by recursion.
  const limits = limitProblems(data);
  const deep = limits.find((p) => p.message === TOO_DEEP);
  if (deep) {
    problems.add(deep.path, deep.message);
    problems.throwIfAny();
  }
  let spec: TaskBody | undefined;
  if (!isObject(data)) {
    problems.add(
      [],
      data === null || data === undefined
        ? "the task file is empty; expected a task object"
        : `the task must be an object, either {"version": 2, "subtasks": [...]} or ` +
          `{"Scenario.name": [...]}; got ${describeValue(data)}`,
    );
  } else if ("version" in data || "subtasks" in data) {
    spec = normalizeV2(data, problems, plugins);
  } else {
    spec = normalizeSpecForm(data, problems, plugins);
  }
  // A number that is not finite, where no schema has said so already.
  for (const p of limits) if (!problems.hasProblemAt(p.path)) problems.add(p.path, p.message);
  problems.throwIfAny();
  return { ...spec!, input: data, plugins };
}

// ---------------------------------------------------------------- v2 form

function normalizeV2(task: Obj, problems: ProblemList, plugins: PluginRegistry): TaskBody {
  problems.check([], structureValidator(V2_TASK_SCHEMA), task);
  if (!("version" in task)) {
    problems.add(
      ["subtasks"],
      'a task with "subtasks" is in Rally task format v2 and needs "version": 2 at the top',
    );
  } else if (task.version !== 2) {
    problems.add(
      ["version"],
      `unsupported task format version ${describeValue(task.version)}; use "version": 2 ` +
        'with "subtasks", or the spec\'s form without "version": {"Scenario.name": [...]}',
    );
  }
  const subtasks: SubtaskSpec[] = [];
  const list = Array.isArray(task.subtasks) ? task.subtasks : [];
  list.forEach((subtask, i) => {
    if (!isObject(subtask)) return;
    const built = v2Subtask(subtask, ["subtasks", i], problems, plugins);
    if (built) subtasks.push(built);
  });
  return {
    title: stringOr(task.title, ""),
    description: stringOr(task.description, ""),
    tags: Array.isArray(task.tags) ? task.tags.filter((t) => typeof t === "string") : [],
    subtasks,
    input: task,
  };
}

function v2Subtask(
  subtask: Obj,
  path: TaskPath,
  problems: ProblemList,
  plugins: PluginRegistry,
): SubtaskSpec | undefined {
  const hasScenario = "scenario" in subtask;
  const hasWorkloads = "workloads" in subtask;
  const description = stringOr(subtask.description, "");
  if (hasScenario && hasWorkloads) {
    problems.add(
      path,
      'has both "scenario" and "workloads"; use "scenario" for one workload ' +
        'or "workloads" for a list of them',
    );
    return undefined;
  }
  if (!hasScenario && !hasWorkloads) {
    problems.add(
      path,
      'missing "scenario" (one workload) or "workloads" (a list of workloads)',
    );
  }
  let workloads: (WorkloadSpec | undefined)[];
  let runInParallel = false;
  if (hasWorkloads) {
    problems.check(path, structureValidator(V2_WORKLOADS_SUBTASK_SCHEMA), subtask);
    runInParallel = subtask.run_in_parallel === true;
    const list = Array.isArray(subtask.workloads) ? subtask.workloads : [];
    workloads = list.map((w, j) => {
      if (!isObject(w)) return undefined;
      const wPath = [...path, "workloads", j];
      problems.check(wPath, structureValidator(V2_WORKLOAD_SCHEMA), w);
      return v2Workload(w, wPath, problems, plugins, stringOr(w.description, undefined));
    });
  } else {
    problems.check(path, structureValidator(V2_SUBTASK_SCHEMA), subtask);
    workloads = hasScenario
      ? [v2Workload(subtask, path, problems, plugins, stringOr(subtask.description, undefined))]
      : [];
  }
  const complete = workloads.filter((w): w is WorkloadSpec => w !== undefined);
  if (complete.length !== workloads.length || complete.length === 0) return undefined;
  return {
    title: stringOr(subtask.title, complete[0].scenario.name),
    description,
    runInParallel,
    workloads: complete,
  };
}

function v2Workload(
  w: Obj,
  path: TaskPath,
  problems: ProblemList,
  plugins: PluginRegistry,
  description: string | undefined,
): WorkloadSpec | undefined {
  const scenario = namedPlugin("scenario", w.scenario, [...path, "scenario"], problems, plugins);
  const runner = w.runner === undefined
    ? defaultRunner(path, problems, plugins)
    : namedPlugin("runner", w.runner, [...path, "runner"], problems, plugins);
  const hooks = Array.isArray(w.hooks)
    ? w.hooks.map((h, k) =>
      isObject(h) ? v2Hook(h, [...path, "hooks", k], problems, plugins) : undefined
    )
    : [];
  const sla = slaRefs(w, [...path, "sla"], problems, plugins);
  checkWindows(
    { hooks: w.hooks, hooksPath: [...path, "hooks"], sla: w.sla, resilience: w.resilience },
    path,
    problems,
    plugins,
  );
  return workload(scenario, runner, hooks, sla, w.contexts, description, path, w.resilience);
}

function v2Hook(
  hook: Obj,
  path: TaskPath,
  problems: ProblemList,
  plugins: PluginRegistry,
): HookSpec | undefined {
  const action = namedPlugin("hook", hook.action, [...path, "action"], problems, plugins);
  const trigger = namedPlugin("trigger", hook.trigger, [...path, "trigger"], problems, plugins);
  if (!action || !trigger) return undefined;
  return hookSpec(hook, action, trigger, path);
}

/** A `{name: args}` object: checked only when its structure is right (else already reported). */
function namedPlugin(
  kind: "scenario" | "runner" | "hook" | "trigger",
  value: unknown,
  path: TaskPath,
  problems: ProblemList,
  plugins: PluginRegistry,
): PluginRef | undefined {
  if (!isObject(value)) return undefined;
  const names = Object.keys(value);
  if (names.length !== 1) return undefined;
  const [name] = names;
  return resolvePlugin(problems, plugins, kind, name, value[name], {
    namePath: path,
    nameAt: [...path, name],
    argsPath: [...path, name],
  });
}

// ------------------------------------------------------------- spec's form

function normalizeSpecForm(task: Obj, problems: ProblemList, plugins: PluginRegistry): TaskBody {
  problems.check([], structureValidator(SPEC_TASK_SCHEMA), task);
  if (Object.keys(task).length === 0) {
    problems.add(
      [],
      'the task has no workloads; write {"Scenario.name": [{"args": …, "runner": …}]} ' +
        'or {"version": 2, "subtasks": [...]}',
    );
  }
  const subtasks: SubtaskSpec[] = [];
  for (const [name, list] of Object.entries(task)) {
    if (!Array.isArray(list)) continue;
    list.forEach((w, i) => {
      if (!isObject(w)) return;
      const built = specWorkload(name, w, [name, i], problems, plugins);
      if (!built) return;
      subtasks.push({
        title: name,
        description: built.description ?? "",
        runInParallel: false,
        workloads: [built],
      });
    });
  }
  return { title: "", description: "", tags: [], subtasks, input: task };
}

function specWorkload(
  name: string,
  w: Obj,
  path: TaskPath,
  problems: ProblemList,
  plugins: PluginRegistry,
): WorkloadSpec | undefined {
  problems.check(path, structureValidator(SPEC_WORKLOAD_SCHEMA), w);
  const scenario = resolvePlugin(problems, plugins, "scenario", name, "args" in w ? w.args : {}, {
    namePath: [name],
    nameAt: [name],
    argsPath: [...path, "args"],
  });
  let runner: PluginRef | undefined;
  if (w.runner === undefined) runner = defaultRunner(path, problems, plugins);
  else if (isObject(w.runner) && typeof w.runner.type === "string") {
    const { type, ...args } = w.runner;
    runner = resolvePlugin(problems, plugins, "runner", type, args, {
      namePath: [...path, "runner", "type"],
      argsPath: [...path, "runner"],
    });
  }
  if ("hook" in w && "hooks" in w) {
    problems.add(path, 'has both "hook" and "hooks"; they are the same key, so use only one');
  }
  const hookKey = "hooks" in w ? "hooks" : "hook";
  const hookList = w[hookKey];
  const hooks = Array.isArray(hookList)
    ? hookList.map((h, k) =>
      isObject(h) ? specHook(h, [...path, hookKey, k], problems, plugins) : undefined
    )
    : [];
  const sla = slaRefs(w, [...path, "sla"], problems, plugins);
  checkWindows(
    { hooks: hookList, hooksPath: [...path, hookKey], sla: w.sla, resilience: w.resilience },
    path,
    problems,
    plugins,
  );
  return workload(
    scenario,
    runner,
    hooks,
    sla,
    w.context,
    stringOr(w.description, undefined),
    path,
    w.resilience,
  );
}

function specHook(
  hook: Obj,
  path: TaskPath,
  problems: ProblemList,
  plugins: PluginRegistry,
): HookSpec | undefined {
  let action: PluginRef | undefined;
  if (typeof hook.name === "string" && "args" in hook) {
    action = resolvePlugin(problems, plugins, "hook", hook.name, hook.args, {
      namePath: [...path, "name"],
      argsPath: [...path, "args"],
    });
  }
  let trigger: PluginRef | undefined;
  const t = hook.trigger;
  if (isObject(t) && typeof t.name === "string" && "args" in t) {
    trigger = resolvePlugin(problems, plugins, "trigger", t.name, t.args, {
      namePath: [...path, "trigger", "name"],
      argsPath: [...path, "trigger", "args"],
    });
  }
  if (!action || !trigger) return undefined;
  return hookSpec(hook, action, trigger, path);
}

// ------------------------------------------------------------------ shared

function hookSpec(hook: Obj, action: PluginRef, trigger: PluginRef, path: TaskPath): HookSpec {
  return {
    description: stringOr(hook.description, undefined),
    action,
    trigger,
    ...(typeof hook.fault === "string" ? { fault: hook.fault as FaultRole } : {}),
    config: hook,
    path: formatPathOf(path),
  };
}

function defaultRunner(
  path: TaskPath,
  problems: ProblemList,
  plugins: PluginRegistry,
): PluginRef | undefined {
  if (!plugins.find("runner", DEFAULT_RUNNER)) {
    problems.add(
      path,
      `no "runner" given, and the default runner ${JSON.stringify(DEFAULT_RUNNER)} ` +
        "is not registered; add a runner",
    );
    return undefined;
  }
  const ref = resolvePlugin(problems, plugins, "runner", DEFAULT_RUNNER, {}, {
    namePath: path,
    argsPath: [...path, "runner"],
  });
  return ref && { ...ref, raw: {} };
}

// The workload's criteria; Rally's default when it has no `sla` key (and
// the registry has the criterion: a registry of one's own may leave it out).
function slaRefs(
  w: Obj,
  path: TaskPath,
  problems: ProblemList,
  plugins: PluginRegistry,
): (SlaRef | undefined)[] {
  if (!("sla" in w)) {
    return Object.entries(DEFAULT_SLA)
      .filter(([name]) => plugins.find("sla", name))
      .map(([name, args]) => ({
        name,
        args: structuredClone(args),
        raw: structuredClone(args),
        byDefault: true,
      }));
  }
  const sla = w.sla;
  if (!isObject(sla)) return [];
  return Object.entries(sla).flatMap(([name, args]) =>
    name === DURING
      ? duringRefs(args, [...path, name], problems, plugins)
      : [resolvePlugin(problems, plugins, "sla", name, args, {
        namePath: path,
        nameAt: [...path, name],
        argsPath: [...path, name],
      })]
  );
}

function workload(
  scenario: PluginRef | undefined,
  runner: PluginRef | undefined,
  hooks: (HookSpec | undefined)[],
  sla: (SlaRef | undefined)[],
  contexts: unknown,
  description: string | undefined,
  path: TaskPath,
  resilience: unknown,
): WorkloadSpec | undefined {
  if (!scenario || !runner || hooks.includes(undefined) || sla.includes(undefined)) {
    return undefined;
  }
  return {
    scenario,
    runner,
    hooks: hooks as HookSpec[],
    sla: sla as SlaRef[],
    contexts: isObject(contexts) ? contexts : {},
    ...(description === undefined ? {} : { description }),
    ...(isObject(resilience) ? { resilience: resilience as ResilienceConfig } : {}),
    path: formatPathOf(path),
  };
}

function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === "string" ? value : fallback;
}
