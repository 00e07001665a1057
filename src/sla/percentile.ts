/**
 * The `percentile` SLA criterion: percentiles of the iteration duration stay
 * within limits, as k6's percentile thresholds say.
 *
 * @module
 */
import type { ArgsOf, Assert, Equal } from "../plugins/args_of.ts";
import type { IterationRecord } from "../model/iteration_record.ts";
import type { JsonSchema, PluginEntry } from "../model/plugin_registry.ts";
import { Sla, type SlaClass, slaPlugin } from "../plugins/sla.ts";
import { DurationHistogram } from "../stats/duration_histogram.ts";
import { formatFixed } from "./format_fixed.ts";

/** Args of `percentile`: a limit in seconds per percentile, like `{"p95": 0.2, "p99": 0.5}`. */
export type PercentileArgs = Record<string, number>;

/** JSON Schema of {@linkcode PercentileArgs}: keys `p50`, `p95`, `p99.9`, … (0 to 100). */
const PERCENTILE_SCHEMA = {
  type: "object",
  description: 'percentiles and their limits in seconds, like {"p95": 0.2, "p99.9": 1}',
  patternProperties: {
    "^p(100|[1-9]?[0-9](\\.[0-9]+)?)$": { type: "number", exclusiveMinimum: 0 },
  },
  additionalProperties: false,
  minProperties: 1,
} as const;
type _CheckedArgs = Assert<Equal<PercentileArgs, ArgsOf<typeof PERCENTILE_SCHEMA>>>;

/**
 * `percentile`: each percentile named (`p95` is the 95th) of the duration of
 * every iteration, failed ones included, must be at most its limit in
 * seconds (exactly the limit passes). The percentile is the one the
 * statistics report (linear interpolation between closest ranks; exact up
 * to 1,024 iterations, within 0.05 % beyond). With no iterations it passes.
 * A percentile of a whole load is not decided before the load ends, so it
 * never stops a load early; scoped to a window (`"during"`), it is judged
 * when the window closes.
 *
 * Detail: `Percentile p95 0.153s <= 0.200s, p99 0.412s <= 0.500s - Passed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Percentile } from "./percentile.ts";
 * const sla = new Percentile({ p95: 0.2 });
 * for (const duration of [0.1, 0.1, 0.3]) {
 *   sla.addIteration({
 *     timestamp: 0, duration, idle_duration: 0, error: [],
 *     output: { additive: [], complete: [] }, atomic_actions: [],
 *   });
 * }
 * assert.equal(sla.detail(), "Percentile p95 0.280s <= 0.200s - Failed");
 * ```
 */
export class Percentile extends Sla<PercentileArgs> {
  /** `{pNN: seconds}`, at least one. */
  static override schema: JsonSchema = PERCENTILE_SCHEMA;
  /** One line for plugin listings. */
  static override description: string =
    'Maximum seconds per percentile of the iteration duration, like {"p95": 0.2}.\n\n' +
    "Percentiles as the statistics report them (linear interpolation), of every iteration, " +
    'failed ones included; judged when the load (or, scoped with "during", the window) ends.';

  readonly #limits: [name: string, p: number, limit: number][];
  readonly #durations = new DurationHistogram();

  /** Builds the criterion from its validated args. */
  constructor(config: PercentileArgs) {
    super(config);
    this.#limits = Object.entries(config)
      .map(([name, limit]): [string, number, number] => [name, Number(name.slice(1)) / 100, limit])
      .sort((a, b) => a[1] - b[1]);
  }

  /** Takes the iteration's duration; a percentile is decided only at the end. */
  addIteration(record: IterationRecord): boolean {
    this.#durations.add(record.duration);
    return true;
  }

  /** Whether every percentile is within its limit. */
  success(): boolean {
    return this.#measured().every(([, value, limit]) => value <= limit);
  }

  /** Each percentile against its limit, and the verdict. */
  detail(): string {
    const parts = this.#measured().map(([name, value, limit]) =>
      `${name} ${formatFixed(value, 3)}s <= ${formatFixed(limit, 3)}s`
    );
    return `Percentile ${parts.join(", ")} - ${this.success() ? "Passed" : "Failed"}`;
  }

  #measured(): [name: string, value: number, limit: number][] {
    const values = this.#durations.quantiles(this.#limits.map(([, p]) => p));
    return this.#limits.map(([name, , limit], i) => [name, values[i] ?? 0, limit]);
  }
}

/** The `percentile` SLA criterion plugin. */
export const PERCENTILE_SLA: PluginEntry<SlaClass> = slaPlugin("percentile", Percentile);
