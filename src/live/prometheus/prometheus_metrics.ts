/**
 * The Prometheus view of a run: cumulative counters, gauges and histograms
 * per workload, brought up to date by each live batch, read as samples (for
 * remote write) or as the text format (for `/metrics`).
 *
 * @module
 */
import type { HistogramCounts } from "../../model/histogram_counts.ts";
import { DurationHistogram } from "../../stats/duration_histogram.ts";
import type { LiveBatch, LiveWindow, LiveWorkloadInfo } from "../live_batch.ts";
import { DURATION_BUCKETS, METRIC_FAMILIES, type MetricFamily } from "./metric_families.ts";

/** A series' labels, `__name__` included, sorted by name. */
export type Labels = [name: string, value: string][];

/** One value of one series at one time. */
export interface Sample {
  /** The value. */
  value: number;
  /** Epoch milliseconds. */
  timestamp: number;
}

/** One series with its new samples, in time order. */
export interface TimeSeries {
  /** Its labels, sorted by name. */
  labels: Labels;
  /** Its samples, timestamps strictly increasing. */
  samples: Sample[];
}

interface WorkloadState {
  info: LiveWorkloadInfo;
  base: Labels;
  latest?: LiveWindow;
  /** Runs ended per hook index: success and failed. */
  runs: { success: number; failed: number }[];
  /** Runs running per hook index. */
  active: number[];
  /** Changes of `active` in the current batch: [hook index, epoch ms, value after]. */
  edges: [number, number, number][];
  /** It ended in the current batch: its samples in it are its last. */
  ending: boolean;
  /** It ended in an earlier batch. */
  done: boolean;
}

/**
 * The metrics of one run (see {@linkcode METRIC_FAMILIES}), labelled with
 * `task` (its title), `workload` (its key, `Dummy.dummy#0`) and `run_id`
 * (the task's id), and with `etype`, `action`, `hook`, `status` and `le`
 * where they apply. {@linkcode PrometheusMetrics.update} brings them up to
 * a batch; {@linkcode PrometheusMetrics.take} does that and returns the
 * batch's samples: one per series at the batch's
 * time, and for `brunt_hook_active` one more at each run's exact start and
 * end, so a run shorter than a second still shows. A workload's series get
 * their last samples in the batch that ends it.
 */
export class PrometheusMetrics {
  readonly #workloads = new Map<string, WorkloadState>();
  // The last timestamp sent per series: samples must go forward in time.
  readonly #lastSent = new Map<string, number>();

  /** Brings the metrics up to `batch`. */
  update(batch: LiveBatch): void {
    for (const w of this.#workloads.values()) {
      if (w.ending) w.done = true;
      w.edges = [];
    }
    for (const info of batch.started) {
      this.#workloads.set(info.uuid, {
        info,
        base: [["run_id", batch.task.uuid], ["task", batch.task.title], ["workload", info.key]],
        runs: info.hooks.map(() => ({ success: 0, failed: 0 })),
        active: info.hooks.map(() => 0),
        edges: [],
        ending: false,
        done: false,
      });
    }
    for (const event of batch.hookRuns) {
      const w = this.#workloads.get(event.workloadUuid);
      if (!w) continue;
      const i = event.hookIndex;
      if (event.type === "started") {
        w.edges.push([i, event.run.started_at * 1000, ++w.active[i]]);
      } else {
        w.active[i] = Math.max(0, w.active[i] - 1);
        w.runs[i][event.run.status]++;
        w.edges.push([i, event.run.finished_at * 1000, w.active[i]]);
      }
    }
    for (const window of batch.windows) {
      const w = this.#workloads.get(window.uuid);
      if (w) w.latest = window;
    }
    for (const end of batch.finished) {
      const w = this.#workloads.get(end.uuid);
      if (w) w.ending = true;
    }
  }

  /** Brings the metrics up to `batch` and returns the samples it gives, by series. */
  take(batch: LiveBatch): TimeSeries[] {
    this.update(batch);
    const at = Math.round(batch.at * 1000);
    const out = new Map<string, TimeSeries>();
    const add = (labels: Labels, value: number, timestamp: number) => {
      const key = seriesKey(labels);
      const ts = Math.round(timestamp);
      if (ts <= (this.#lastSent.get(key) ?? -Infinity)) return;
      let series = out.get(key);
      if (!series) out.set(key, series = { labels, samples: [] });
      const last = series.samples.at(-1);
      // Two changes in one millisecond: the later value stands.
      if (last && last.timestamp >= ts) last.value = value;
      else series.samples.push({ value, timestamp: ts });
    };
    for (const w of this.#workloads.values()) {
      if (w.done) continue;
      const hookActive = METRIC_FAMILIES.hookActive.name;
      w.edges.sort((a, b) => a[1] - b[1]);
      for (const [i, ms, value] of w.edges) {
        add(labelled(w.base, hookActive, [["hook", w.info.hooks[i]]]), value, Math.min(ms, at));
      }
      for (const [labels, value] of this.#values(w)) add(labels, value, at);
    }
    for (const series of out.values()) {
      this.#lastSent.set(seriesKey(series.labels), series.samples.at(-1)!.timestamp);
    }
    return [...out.values()];
  }

  /** The current values of every workload's series in Prometheus' text format (for `/metrics`). */
  exposition(): string {
    const byFamily = new Map<string, string[]>();
    for (const w of this.#workloads.values()) {
      for (const [labels, value] of this.#values(w)) {
        const name = labels.find(([n]) => n === "__name__")![1];
        const family = familyOf(name);
        const lines = byFamily.get(family.name) ?? [];
        const text = labels.filter(([n]) => n !== "__name__")
          .map(([n, v]) => `${n}="${escapeLabel(v)}"`).join(",");
        lines.push(`${name}{${text}} ${formatValue(value)}`);
        byFamily.set(family.name, lines);
      }
    }
    const out: string[] = [];
    for (const family of Object.values(METRIC_FAMILIES)) {
      const lines = byFamily.get(family.name);
      if (!lines) continue;
      out.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
      out.push(...lines);
    }
    return out.length ? out.join("\n") + "\n" : "";
  }

  // Every series of a workload with its current value.
  *#values(w: WorkloadState): Generator<[Labels, number]> {
    const f = METRIC_FAMILIES;
    const window = w.latest;
    if (window) {
      const total = window.total;
      yield [labelled(w.base, f.iterations.name), total.completed];
      for (const [etype, n] of Object.entries(total.failures)) {
        yield [labelled(w.base, f.failures.name, [["etype", etype]]), n];
      }
      yield [labelled(w.base, f.inFlight.name), Math.max(0, window.started - total.completed)];
      yield* histogram(w.base, f.duration.name, [], total.durations);
      for (const [action, counts] of Object.entries(total.atomics)) {
        yield* histogram(w.base, f.atomic.name, [["action", action]], counts);
      }
    }
    for (let i = 0; i < w.info.hooks.length; i++) {
      const hook = w.info.hooks[i];
      for (const status of ["success", "failed"] as const) {
        yield [
          labelled(w.base, f.hookRuns.name, [["hook", hook], ["status", status]]),
          w.runs[i][status],
        ];
      }
      yield [labelled(w.base, f.hookActive.name, [["hook", hook]]), w.active[i]];
    }
  }
}

// A classic histogram's series: cumulative `_bucket{le}` counts, `_sum`, `_count`.
function* histogram(
  base: Labels,
  name: string,
  extra: Labels,
  counts: HistogramCounts,
): Generator<[Labels, number]> {
  const cumulative = DurationHistogram.countsAtOrBelow(counts, DURATION_BUCKETS);
  for (let i = 0; i < DURATION_BUCKETS.length; i++) {
    yield [
      labelled(base, `${name}_bucket`, [...extra, ["le", String(DURATION_BUCKETS[i])]]),
      cumulative[i],
    ];
  }
  yield [labelled(base, `${name}_bucket`, [...extra, ["le", "+Inf"]]), counts.count];
  yield [labelled(base, `${name}_sum`, extra), counts.sum];
  yield [labelled(base, `${name}_count`, extra), counts.count];
}

function labelled(base: Labels, name: string, extra: Labels = []): Labels {
  return [["__name__", name] as [string, string], ...base, ...extra].sort((a, b) =>
    a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0
  );
}

function seriesKey(labels: Labels): string {
  return labels.map(([n, v]) => `${n}\u0000${v}`).join("\u0001");
}

function familyOf(name: string): MetricFamily {
  return Object.values(METRIC_FAMILIES).find((f) =>
    name === f.name ||
    (f.type === "histogram" &&
      [`${f.name}_bucket`, `${f.name}_sum`, `${f.name}_count`].includes(name))
  )!;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}
