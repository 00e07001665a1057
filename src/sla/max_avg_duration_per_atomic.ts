/**
 * The `max_avg_duration_per_atomic` SLA criterion: the mean duration of
 * chosen atomic actions stays under per-action limits.
 *
 * @module
 */
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { Sla, type SlaClass, slaPlugin } from "../plugins/sla.ts";
import { formatFixed } from "./format_fixed.ts";

/** Args of `max_avg_duration_per_atomic`: atomic action name → limit in seconds. */
export type MaxAvgDurationPerAtomicArgs = Record<string, number>;

/** The running mean of one configured action. */
interface ActionMean {
  name: string;
  limit: number;
  total: number;
  count: number;
  avg: number;
}

/** JSON Schema of {@linkcode MaxAvgDurationPerAtomicArgs}. */
const MAX_AVG_DURATION_PER_ATOMIC_SCHEMA = {
  type: "object",
  patternProperties: {
    ".*": { type: "number", minimum: 0, description: "The name of atomic action." },
  },
  minProperties: 1,
  additionalProperties: false,
} as const;
type _CheckedArgs = Assert<
  Equal<MaxAvgDurationPerAtomicArgs, ArgsOf<typeof MAX_AVG_DURATION_PER_ATOMIC_SCHEMA>>
>;

/**
 * `max_avg_duration_per_atomic`, as in Rally: for each configured atomic
 * action, the average of its durations (`finished_at - started_at`) over the
 * successful iterations must be at most its limit (exactly the limit passes).
 * As in Rally, failed iterations are left out, only top-level actions count
 * (not their children), and an action that runs several times in one
 * iteration adds each run. An action never seen averages 0 s and passes, so
 * an empty workload passes. Only the configured actions are tracked, so
 * memory is bounded by the configuration.
 *
 * Detail, one line per configured action in configuration order:
 *
 *     Average duration of one iteration for atomic actions:
 *     Action: 'boot'. 1.20s <= 2.00s
 *     Status: Passed
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { MaxAvgDurationPerAtomic } from "./max_avg_duration_per_atomic.ts";
 * const sla = new MaxAvgDurationPerAtomic({ boot: 2 });
 * assert.equal(sla.success(), true);
 * ```
 */
export class MaxAvgDurationPerAtomic extends Sla<MaxAvgDurationPerAtomicArgs> {
  /** Rally's schema: an object of action name → seconds, at least one entry. */
  static override schema: JsonSchema = MAX_AVG_DURATION_PER_ATOMIC_SCHEMA;
  /** One line for plugin listings. */
  static override description: string =
    "Maximum average duration of one iterations atomic actions in seconds.";

  private readonly means: ActionMean[];
  private readonly byName = new Map<string, ActionMean>();
  private ok = true;

  /** Builds the criterion from its validated args. */
  constructor(config: MaxAvgDurationPerAtomicArgs) {
    super(config);
    this.means = Object.entries(config).map(([name, limit]) => ({
      name,
      limit,
      total: 0,
      count: 0,
      avg: 0,
    }));
    for (const mean of this.means) this.byName.set(mean.name, mean);
    this.ok = this.check();
  }

  /** Adds the top-level action durations of a successful iteration; ignores failed ones. */
  addIteration(record: IterationRecord): boolean {
    if (record.error.length === 0) {
      const actions = record.atomic_actions;
      for (let i = 0; i < actions.length; i++) {
        const action = actions[i];
        const mean = this.byName.get(action.name);
        if (mean === undefined) continue;
        mean.total += action.finished_at - action.started_at;
        mean.count++;
        mean.avg = mean.total / mean.count;
      }
    }
    this.ok = this.check();
    return this.ok;
  }

  /** Whether every configured action's mean is within its limit. */
  success(): boolean {
    return this.ok;
  }

  /** Per configured action: `[total, count]` of its runs in successful iterations. */
  override state(): [number, number][] {
    return this.means.map((m) => [m.total, m.count]);
  }

  /** Adds another share's sums and counts. */
  override mergeState(state: [number, number][]): void {
    this.means.forEach((mean, i) => {
      mean.total += state[i][0];
      mean.count += state[i][1];
      if (mean.count > 0) mean.avg = mean.total / mean.count;
    });
    this.ok = this.check();
  }

  /** Rally's lines: a head, one line per configured action, the verdict. */
  detail(): string {
    const lines = ["Average duration of one iteration for atomic actions:"];
    for (const mean of this.means) {
      lines.push(
        `Action: '${mean.name}'. ${formatFixed(mean.avg, 2)}s <= ${formatFixed(mean.limit, 2)}s`,
      );
    }
    lines.push(`Status: ${this.ok ? "Passed" : "Failed"}`);
    return lines.join("\n");
  }

  /** Whether every configured action is within its limit. */
  private check(): boolean {
    const means = this.means;
    for (let i = 0; i < means.length; i++) {
      if (!(means[i].avg <= means[i].limit)) return false;
    }
    return true;
  }
}

/** The `max_avg_duration_per_atomic` SLA criterion plugin. */
export const MAX_AVG_DURATION_PER_ATOMIC_SLA: PluginEntry<SlaClass> = slaPlugin(
  "max_avg_duration_per_atomic",
  MaxAvgDurationPerAtomic,
);
