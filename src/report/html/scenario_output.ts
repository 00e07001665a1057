/**
 * Aggregation of the scenario's per-iteration output charts, in one
 * streaming pass with bounded memory: additive charts are summarized over
 * all iterations, complete charts are kept from the first few only.
 *
 * @module
 */
import type { IterationRecord } from "../../model/iteration_record.ts";
import type { Chart } from "../../model/output.ts";
import { roundSig, type TimeGrid } from "./chart_series.ts";

/** Caps on what the aggregation keeps. */
export const SCENARIO_OUTPUT_LIMITS = {
  /** Distinct additive charts (by title and plugin). */
  additiveCharts: 10,
  /** Distinct names (series, slices, rows) per additive chart. */
  names: 12,
  /** Iterations whose complete charts are kept. */
  completeIterations: 3,
} as const;

/** An additive StackedArea/Lines chart: the mean of each name per time bucket. */
export interface AdditiveSeries {
  /** The chart as first seen (its `data` is not used). */
  chart: Omit<Chart, "data">;
  /** Series names in first-seen order. */
  names: string[];
  /** Per name, the mean per bucket; null where the bucket had no value. */
  values: (number | null)[][];
  /** Names seen beyond the kept ones. */
  namesDropped: number;
}

/** An additive Pie/Table of name/value pairs: figures of each name over the iterations. */
export interface AdditiveStats {
  /** The chart as first seen (its `data` is not used). */
  chart: Omit<Chart, "data">;
  /** Per name: how many iterations gave it, and their min, mean and max. */
  rows: { name: string; count: number; min: number; avg: number; max: number }[];
  /** Names seen beyond the kept ones. */
  namesDropped: number;
}

/** The scenario's output, summarized. */
export interface ScenarioOutputSummary {
  /** Additive line and area charts. */
  series: AdditiveSeries[];
  /** Additive pies and tables of name/value pairs. */
  stats: AdditiveStats[];
  /** Additive charts whose data cannot be summed (text, tables): the first iteration's. */
  firstOnly: { iteration: number; chart: Chart }[];
  /** Complete charts of the first iterations that had any (1-based iteration numbers). */
  complete: { iteration: number; charts: Chart[] }[];
  /** Iterations with complete charts beyond the kept ones. */
  completeDropped: number;
  /** Distinct additive charts beyond the kept ones. */
  chartsDropped: number;
}

interface SeriesAcc {
  kind: "series";
  chart: Omit<Chart, "data">;
  names: Map<string, { sum: Float64Array; n: Uint32Array }>;
  dropped: Set<string>;
}

interface StatsAcc {
  kind: "stats";
  chart: Omit<Chart, "data">;
  names: Map<string, { count: number; min: number; sum: number; max: number }>;
  dropped: Set<string>;
}

interface FirstAcc {
  kind: "first";
}

/** Takes each iteration's `output` once and keeps bounded summaries. */
export class ScenarioOutputAggregator {
  readonly #grid: TimeGrid;
  readonly #charts = new Map<string, SeriesAcc | StatsAcc | FirstAcc>();
  readonly #firstOnly: { iteration: number; chart: Chart }[] = [];
  readonly #complete: { iteration: number; charts: Chart[] }[] = [];
  #completeDropped = 0;
  readonly #droppedCharts = new Set<string>();
  #seen = 0;

  /** An aggregator bucketing additive series over `grid`. */
  constructor(grid: TimeGrid) {
    this.#grid = grid;
  }

  /** Takes one iteration's output into account. */
  add(record: IterationRecord): void {
    this.#seen++;
    const output = record.output;
    if (!output) return;
    const additive = Array.isArray(output.additive) ? output.additive : [];
    for (const chart of additive) this.#addAdditive(chart, record.timestamp);
    const complete = Array.isArray(output.complete) ? output.complete : [];
    if (complete.length > 0) {
      if (this.#complete.length < SCENARIO_OUTPUT_LIMITS.completeIterations) {
        this.#complete.push({ iteration: this.#seen, charts: complete });
      } else {
        this.#completeDropped++;
      }
    }
  }

  #addAdditive(chart: Chart, timestamp: number): void {
    if (typeof chart !== "object" || chart === null) return;
    const key = `${chart.chart_plugin}\u0000${chart.title}`;
    let acc = this.#charts.get(key);
    if (!acc) {
      if (this.#charts.size >= SCENARIO_OUTPUT_LIMITS.additiveCharts) {
        if (this.#droppedCharts.size < 1000) this.#droppedCharts.add(key);
        return;
      }
      acc = this.#newAcc(chart);
      this.#charts.set(key, acc);
      if (acc.kind === "first") {
        this.#firstOnly.push({ iteration: this.#seen, chart });
        return;
      }
    }
    if (acc.kind === "first" || !Array.isArray(chart.data)) return;
    const bucket = this.#grid.indexOf(timestamp);
    for (const item of chart.data) {
      if (!Array.isArray(item) || typeof item[1] !== "number" || !Number.isFinite(item[1])) {
        continue;
      }
      const name = String(item[0]);
      const value = item[1];
      if (acc.kind === "series") {
        let s = acc.names.get(name);
        if (!s) {
          if (acc.names.size >= SCENARIO_OUTPUT_LIMITS.names) {
            if (acc.dropped.size < 1000) acc.dropped.add(name);
            continue;
          }
          s = { sum: new Float64Array(this.#grid.count), n: new Uint32Array(this.#grid.count) };
          acc.names.set(name, s);
        }
        s.sum[bucket] += value;
        s.n[bucket]++;
      } else {
        let s = acc.names.get(name);
        if (!s) {
          if (acc.names.size >= SCENARIO_OUTPUT_LIMITS.names) {
            if (acc.dropped.size < 1000) acc.dropped.add(name);
            continue;
          }
          s = { count: 0, min: Infinity, sum: 0, max: -Infinity };
          acc.names.set(name, s);
        }
        s.count++;
        s.sum += value;
        if (value < s.min) s.min = value;
        if (value > s.max) s.max = value;
      }
    }
  }

  #newAcc(chart: Chart): SeriesAcc | StatsAcc | FirstAcc {
    const { data, ...meta } = chart;
    const isPairs = Array.isArray(data) &&
      data.every((item) => Array.isArray(item) && typeof item[1] === "number");
    if (!isPairs) return { kind: "first" };
    if (chart.chart_plugin === "StackedArea" || chart.chart_plugin === "Lines") {
      return { kind: "series", chart: meta, names: new Map(), dropped: new Set() };
    }
    return { kind: "stats", chart: meta, names: new Map(), dropped: new Set() };
  }

  /** The summaries so far. */
  result(): ScenarioOutputSummary {
    const series: AdditiveSeries[] = [];
    const stats: AdditiveStats[] = [];
    for (const acc of this.#charts.values()) {
      if (acc.kind === "series") {
        series.push({
          chart: acc.chart,
          names: [...acc.names.keys()],
          values: [...acc.names.values()].map((s) =>
            Array.from(s.sum, (v, i) => s.n[i] ? roundSig(v / s.n[i]) : null)
          ),
          namesDropped: acc.dropped.size,
        });
      } else if (acc.kind === "stats") {
        stats.push({
          chart: acc.chart,
          rows: [...acc.names].map(([name, s]) => ({
            name,
            count: s.count,
            min: s.min,
            avg: roundSig(s.sum / s.count),
            max: s.max,
          })),
          namesDropped: acc.dropped.size,
        });
      }
    }
    return {
      series,
      stats,
      firstOnly: this.#firstOnly,
      complete: this.#complete,
      completeDropped: this.#completeDropped,
      chartsDropped: this.#droppedCharts.size,
    };
  }
}
