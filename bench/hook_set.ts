/**
 * The spec's four hooks (event and periodic triggers, each on iterations and
 * on time) as the benchmarks configure them, in Rally's task format v2,
 * which brunt and Rally both run, and the points each should fire at.
 *
 * @module
 */

/** A hook entry of a Rally v2 subtask. */
export interface V2Hook {
  /** Shown in reports; the benchmarks also use it to tell hooks apart. */
  description: string;
  /** `{hook name: args}`. */
  action: Record<string, unknown>;
  /** `{trigger name: args}`. */
  trigger: Record<string, Record<string, unknown>>;
}

/** Where the four hooks fire. */
export interface HookPlan {
  /** `event` on iterations: fire after these completed-iteration counts. */
  iterationAt: number[];
  /** `periodic` on iterations: every `iterationStep` iterations from `iterationStep` on. */
  iterationStep: number;
  /** `event` on time: fire at these seconds after the load started. */
  timeAt: number[];
  /** `periodic` on time: every `timeStep` seconds from 0 on. */
  timeStep: number;
  /** The action of every hook. @default {{sys_call: "/bin/true"}} */
  action?: Record<string, unknown>;
}

/**
 * The plan used beside Rally: for a load of `times` iterations, iteration
 * points at a quarter, half and three quarters of the load and every tenth
 * of it; time points every second, the event trigger on odd seconds and the
 * periodic one on even seconds (Rally takes whole seconds only), so no two
 * hooks start at the same instant.
 */
export function planFor(times: number, seconds = 120): HookPlan {
  const timeAt: number[] = [];
  for (let t = 1; t <= seconds; t += 2) timeAt.push(t);
  return {
    iterationAt: [Math.round(times / 4), Math.round(times / 2), Math.round((3 * times) / 4)],
    iterationStep: Math.max(1, Math.round(times / 10)),
    timeAt,
    timeStep: 2,
  };
}

/** The four hooks of `plan`, in the order: event iteration, event time, periodic iteration, periodic time. */
export function fourHooks(plan: HookPlan): V2Hook[] {
  const action = plan.action ?? { sys_call: "/bin/true" };
  return [
    {
      description: "event iteration",
      action,
      trigger: { event: { unit: "iteration", at: plan.iterationAt } },
    },
    { description: "event time", action, trigger: { event: { unit: "time", at: plan.timeAt } } },
    {
      description: "periodic iteration",
      action,
      trigger: {
        periodic: { unit: "iteration", step: plan.iterationStep, start: plan.iterationStep },
      },
    },
    {
      description: "periodic time",
      action,
      trigger: { periodic: { unit: "time", step: plan.timeStep, start: 0 } },
    },
  ];
}

/**
 * The iteration points of `plan` a load of `completed` iterations must have
 * fired, each once: the event points and the periodic multiples up to it.
 */
export function expectedIterationPoints(
  plan: HookPlan,
  completed: number,
): { event: number[]; periodic: number[] } {
  const periodic: number[] = [];
  for (let v = plan.iterationStep; v <= completed; v += plan.iterationStep) periodic.push(v);
  return { event: plan.iterationAt.filter((v) => v <= completed), periodic };
}
