/**
 * Merging the results of one task's separate runs into one document: the
 * segments of a load split over processes that ran alone (`run --segment`
 * without a coordinator), or whole runs of the same task on several machines.
 *
 * @module
 */
import { workloadResult } from "../engine/workload_result.ts";
import type { HookResult } from "../model/hook_result.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import type {
  SegmentsHeld,
  SubtaskResult,
  TaskResult,
  WorkloadResult,
} from "../model/results_document.ts";
import { SlaChecker } from "../sla/sla_checker.ts";
import { WorkloadStats } from "../stats/workload_stats.ts";
import { parseTask } from "../task/load.ts";

/** One run to merge: its task's results, where it came from, and its raw iterations. */
export interface MergeSource {
  /** The run's task results. */
  task: TaskResult;
  /** Where it came from (a file name), for messages. */
  name: string;
  /** A workload's raw iterations. */
  iterations(workload: WorkloadResult): Iterable<IterationRecord>;
}

/** The merged run: its results, and each merged workload's raw iterations. */
export interface MergedRun {
  /** The task's results, as one run. */
  task: TaskResult;
  /** A merged workload's raw iterations (those of every source, source after source). */
  iterations(workload: WorkloadResult): Iterable<IterationRecord>;
}

/** Runs that cannot be merged, and why. */
export class MergeError extends Error {
  /** Names itself `MergeError`. */
  constructor(message: string) {
    super(message);
    this.name = "MergeError";
  }
}

/**
 * Merges runs of one task (the same task document, as rendered) into one:
 * per workload, the raw iterations of all runs together, the statistics and
 * the SLA computed over them (exactly, as one run over those iterations
 * computes them), every hook run of every run, and the task's `segments`
 * as the union of theirs. Runs that hold segments must hold disjoint
 * segments of one sequence.
 *
 * @throws {MergeError} when the runs are of different tasks or sequences,
 *   or hold a segment twice.
 */
export function mergeRuns(sources: MergeSource[], plugins: PluginRegistry): MergedRun {
  if (sources.length === 0) throw new MergeError("nothing to merge");
  const [first] = sources;
  const input = JSON.stringify(first.task.input_task);
  for (const s of sources) {
    if (JSON.stringify(s.task.input_task) !== input) {
      throw new MergeError(
        `${s.name} is a run of another task than ${first.name} (or of the same task with other ` +
          `task args): only runs of one task merge`,
      );
    }
  }
  const segments = mergeSegments(sources);
  let spec;
  try {
    spec = parseTask(input, `the task of ${first.name}`, { plugins });
  } catch (e) {
    throw new MergeError(`${(e as Error).message}\n(load its plugins with --plugin)`);
  }
  const records = new Map<WorkloadResult, () => Iterable<IterationRecord>>();
  const subtasks: SubtaskResult[] = spec.subtasks.map((sub, s) => {
    const workloads = sub.workloads.map((wspec, p) => {
      const parts = sources.map((src) => {
        const w = src.task.subtasks[s]?.workloads[p];
        if (!w) throw new MergeError(`${src.name} has no workload ${p + 1} in subtask ${s + 1}`);
        return { src, w };
      });
      const stats = new WorkloadStats();
      const sla = new SlaChecker(wspec.sla, plugins);
      for (const { src, w } of parts) {
        for (const record of src.iterations(w)) {
          stats.add(record);
          sla.addIteration(record);
        }
      }
      for (const { w } of parts) carryVerdicts(w, sla);
      const merged = workloadResult({
        spec: wspec,
        uuid: crypto.randomUUID(),
        position: p,
        status: parts.some(({ w }) => w.status !== "finished") ? "aborted" : "finished",
        stats,
        sla,
        hooks: mergeHooks(parts.map(({ w }) => w.hooks)),
        fullDuration: Math.max(...parts.map(({ w }) => w.full_duration)),
        plugins,
      });
      records.set(merged, () => parts.flatMap(({ src, w }) => [...src.iterations(w)]));
      return merged;
    });
    return {
      uuid: crypto.randomUUID(),
      title: sub.title,
      description: sub.description,
      status: workloads.some((w) => w.status !== "finished") ? "aborted" : "finished",
      run_in_parallel: sub.runInParallel,
      workloads,
    };
  });
  const tasks = sources.map((s) => s.task);
  const all = subtasks.flatMap((s) => s.workloads);
  const task: TaskResult = {
    uuid: crypto.randomUUID(),
    title: first.task.title,
    description: first.task.description,
    status: tasks.some((t) => t.status !== "finished") ? "aborted" : "finished",
    tags: first.task.tags,
    seed: first.task.seed,
    created_at: tasks.map((t) => t.created_at).sort()[0],
    updated_at: tasks.map((t) => t.updated_at).sort().pop()!,
    pass_sla: all.every((w) => w.pass_sla),
    input_task: first.task.input_task,
    subtasks,
    ...(segments ? { segments } : {}),
  };
  return { task, iterations: (w) => records.get(w)?.() ?? [] };
}

// The union of the sources' segments; undefined when none holds segments.
function mergeSegments(sources: MergeSource[]): SegmentsHeld | undefined {
  const held = sources.filter((s) => s.task.segments);
  if (held.length === 0) return undefined;
  if (held.length !== sources.length) {
    const whole = sources.find((s) => !s.task.segments)!;
    throw new MergeError(
      `${whole.name} is a whole run and ${held[0].name} a segment of one: a whole run already ` +
        `holds every segment`,
    );
  }
  const { sequence } = held[0].task.segments!;
  const owner = new Map<string, string>();
  const lost = new Set<string>();
  for (const s of held) {
    const segs = s.task.segments!;
    if (segs.sequence !== sequence) {
      throw new MergeError(
        `${s.name} split the load by ${segs.sequence}, ${held[0].name} by ${sequence}: ` +
          `merge runs of one sequence`,
      );
    }
    for (const seg of [...segs.included, ...segs.lost]) {
      const other = owner.get(seg);
      if (other !== undefined) {
        throw new MergeError(
          `segment ${seg} is in both ${other} and ${s.name}: merging would count its share twice`,
        );
      }
    }
    for (const seg of segs.included) owner.set(seg, s.name);
    for (const seg of segs.lost) {
      owner.set(seg, s.name);
      lost.add(seg);
    }
  }
  const all = sequence.split(",").slice(1).map((to, i, tos) =>
    `${i === 0 ? sequence.split(",")[0] : tos[i - 1]}:${to}`
  );
  return {
    sequence,
    included: all.filter((seg) => owner.has(seg) && !lost.has(seg)),
    lost: all.filter((seg) => !owner.has(seg) || lost.has(seg)),
  };
}

// A source's stops and failures stay in the merged verdicts.
function carryVerdicts(w: WorkloadResult, sla: SlaChecker): void {
  if (w.sla_results.aborted_on_sla_failure) sla.setAbortedOnSla();
  for (const v of w.sla_results.sla) {
    if (v.criterion === "aborted_manually") sla.setAbortedManually();
    if (v.criterion === "something_went_wrong") {
      sla.setUnexpectedFailure(v.detail.replace(/^Unexpected error: /, ""));
    }
  }
}

// Every run of every source, per configured hook, in start order.
function mergeHooks(hooks: HookResult[][]): HookResult[] {
  const longest = hooks.reduce((a, b) => (b.length > a.length ? b : a), []);
  return longest.map((entry, i) => {
    const results = hooks.flatMap((h) => h[i]?.results ?? [])
      .sort((a, b) => a.started_at - b.started_at);
    const summary: HookResult["summary"] = {};
    for (const r of results) summary[r.status] = (summary[r.status] ?? 0) + 1;
    const notReached = hooks.map((h) => h[i]?.not_reached).find((n) => n !== undefined);
    return {
      config: entry.config,
      results,
      summary,
      ...(notReached ? { not_reached: notReached } : {}),
    };
  });
}
