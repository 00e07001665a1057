/**
 * TaskActor: runs a task's subtasks in order; a subtask's workloads one
 * after another, or all at once with `run_in_parallel`.
 * choosingNext → startingWorkloads → awaitingWorkloads → choosingNext … → finished
 *
 * @module
 */
import { type AnyActorRef, assign, type DoneActorEvent, enqueueActions, setup } from "xstate";
import type { SubtaskResult, TaskResult, WorkloadResult } from "../model/results_document.ts";
import type { TaskSpec, WorkloadSpec } from "../model/task_spec.ts";
import type { EngineEnv } from "./engine_env.ts";
import { workloadMachine } from "./workload_actor.ts";
import { workloadResult } from "./workload_result.ts";

/** What a TaskActor starts from. */
export interface TaskInput {
  /** The task. */
  spec: TaskSpec;
  /** Its id. */
  uuid: string;
  /** The seed of the random source. */
  seed: number;
  /** The shared environment. */
  env: EngineEnv;
  /** Makes ids for subtasks and workloads. */
  newId: () => string;
}

/** Events a TaskActor takes. */
export type TaskEvent =
  | { type: "FINISH" }
  | { type: "STOP" }
  | { type: "ABORT" }
  | DoneActorEvent<WorkloadResult>;

interface TaskContext extends TaskInput {
  createdAt: number;
  subtask: number;
  nextWorkload: number;
  running: Map<string, AnyActorRef>;
  /** Where each workload actor's result goes: its subtask and place, by actor id. */
  places: Map<string, [subtask: number, workload: number]>;
  results: (WorkloadResult | undefined)[][];
  subtaskIds: string[];
  stopped: boolean;
  hardAborted: boolean;
}

/** The TaskActor's machine; its output is the task's result (without `info`). */
export const taskMachine = setup({
  types: {} as {
    input: TaskInput;
    context: TaskContext;
    events: TaskEvent;
    output: TaskResult;
  },
  actors: { workload: workloadMachine },
  guards: {
    othersRunning: ({ context }) => context.running.size > 0,
    stopped: ({ context }) => context.stopped,
    moreInSubtask: ({ context }) =>
      context.nextWorkload < (context.spec.subtasks[context.subtask]?.workloads.length ?? 0),
    moreSubtasks: ({ context }) => context.subtask + 1 < context.spec.subtasks.length,
  },
  actions: {
    spawnWorkloads: assign(({ context, spawn }) => {
      const sub = context.spec.subtasks[context.subtask];
      const running = new Map(context.running);
      const places = new Map(context.places);
      let next = context.nextWorkload;
      const end = sub.runInParallel ? sub.workloads.length : next + 1;
      for (; next < end; next++) {
        const id = `workload-${context.subtask}-${next}`;
        places.set(id, [context.subtask, next]);
        running.set(
          id,
          spawn("workload", {
            id,
            input: {
              spec: sub.workloads[next],
              uuid: context.newId(),
              position: next,
              env: context.env,
            },
          }),
        );
      }
      return { running, places, nextWorkload: next };
    }),
    record: assign(({ context }, done: DoneActorEvent<WorkloadResult>) => {
      const [s, w] = context.places.get(done.actorId)!;
      const running = new Map(context.running);
      running.delete(done.actorId);
      const results = context.results.map((r) => [...r]);
      const output = done.output;
      results[s][w] = output;
      // A workload stopped by its SLA stops the task: later workloads are skipped.
      const slaStop = output.sla_results.aborted_on_sla_failure === true;
      return { running, results, stopped: context.stopped || slaStop };
    }),
    nextSubtask: assign(({ context }) => ({ subtask: context.subtask + 1, nextWorkload: 0 })),
    // Rally's soft abort: the running workloads go on to their end; no other starts.
    startNoMore: assign({ stopped: true }),
    stopAll: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ stopped: true });
      for (const ref of context.running.values()) enqueue.sendTo(ref, { type: "STOP" });
    }),
    abortAll: enqueueActions(({ context, enqueue }) => {
      enqueue.assign({ stopped: true, hardAborted: true });
      for (const ref of context.running.values()) enqueue.sendTo(ref, { type: "ABORT" });
    }),
  },
}).createMachine({
  id: "task",
  context: ({ input }) => ({
    ...input,
    createdAt: input.env.clock.now(),
    subtask: 0,
    nextWorkload: 0,
    running: new Map(),
    places: new Map(),
    results: input.spec.subtasks.map((s) => s.workloads.map(() => undefined)),
    subtaskIds: input.spec.subtasks.map(() => input.newId()),
    stopped: false,
    hardAborted: false,
  }),
  initial: "choosingNext",
  states: {
    startingWorkloads: {
      entry: "spawnWorkloads",
      always: "awaitingWorkloads",
    },
    awaitingWorkloads: {
      on: {
        "xstate.done.actor.*": {
          target: "choosingNext",
          actions: {
            type: "record",
            params: ({ event }: { event: DoneActorEvent<WorkloadResult> }) => event,
          },
        },
      },
    },
    choosingNext: {
      always: [
        { guard: "othersRunning", target: "awaitingWorkloads" },
        { guard: "stopped", target: "finished" },
        { guard: "moreInSubtask", target: "startingWorkloads" },
        { guard: "moreSubtasks", target: "startingWorkloads", actions: "nextSubtask" },
        { target: "finished" },
      ],
    },
    finished: { type: "final" },
  },
  on: {
    FINISH: { actions: "startNoMore" },
    STOP: { actions: "stopAll" },
    ABORT: { actions: "abortAll" },
  },
  output: ({ context }) => taskResult(context),
});

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function skipped(context: TaskContext, spec: WorkloadSpec, position: number): WorkloadResult {
  return workloadResult({
    spec,
    uuid: context.newId(),
    position,
    status: "skipped",
    fullDuration: 0,
    plugins: context.env.plugins,
  });
}

function taskResult(context: TaskContext): TaskResult {
  const subtasks: SubtaskResult[] = context.spec.subtasks.map((sub, s) => {
    const workloads = sub.workloads.map((w, i) => context.results[s][i] ?? skipped(context, w, i));
    const aborted = workloads.some((w) => w.status !== "finished");
    return {
      uuid: context.subtaskIds[s],
      title: sub.title,
      description: sub.description,
      status: aborted ? "aborted" : "finished",
      run_in_parallel: sub.runInParallel,
      workloads,
    };
  });
  const all = subtasks.flatMap((s) => s.workloads);
  return {
    uuid: context.uuid,
    title: context.spec.title,
    description: context.spec.description,
    status: context.stopped ? "aborted" : "finished",
    tags: context.spec.tags,
    seed: context.seed,
    created_at: iso(context.createdAt),
    updated_at: iso(context.env.clock.now()),
    pass_sla: all.every((w) => w.pass_sla),
    input_task: context.spec.input,
    subtasks,
  };
}
