/**
 * The metrics brunt exports to Prometheus: names, types and help texts
 * (k6's names as a guide: `*_total` counters, `*_seconds` histograms).
 *
 * @module
 */

/** A Prometheus metric type, as brunt uses them. */
export type MetricType = "counter" | "gauge" | "histogram";

/** One metric family. */
export interface MetricFamily {
  /** Its name. */
  name: string;
  /** Its type. */
  type: MetricType;
  /** What it counts, for `# HELP` and remote write's metadata. */
  help: string;
}

/** Every family, in the order `/metrics` lists them. */
export const METRIC_FAMILIES = {
  iterations: {
    name: "brunt_iterations_total",
    type: "counter",
    help: "Iterations recorded (completed, with or without an error).",
  },
  failures: {
    name: "brunt_iteration_failures_total",
    type: "counter",
    help: "Iterations recorded with an error, by error type (etype).",
  },
  inFlight: {
    name: "brunt_iterations_in_flight",
    type: "gauge",
    help: "Iterations started and not yet recorded.",
  },
  duration: {
    name: "brunt_iteration_duration_seconds",
    type: "histogram",
    help: "Duration of each iteration, in seconds.",
  },
  atomic: {
    name: "brunt_atomic_duration_seconds",
    type: "histogram",
    help:
      "Duration of each atomic action, by its row in the statistics (foo, foo (x2), foo > bar), in seconds.",
  },
  hookRuns: {
    name: "brunt_hook_runs_total",
    type: "counter",
    help: "Hook runs that ended, by hook and status (success, failed).",
  },
  hookActive: {
    name: "brunt_hook_active",
    type: "gauge",
    help:
      "Runs of the hook running now (1 while a single run is running): shade fault windows with it.",
  },
} as const satisfies Record<string, MetricFamily>;

/**
 * The histograms' bucket bounds (`le`), in seconds: from 100 µs (a no-op
 * iteration) to a minute (a slow request), 1–2.5–5 per decade.
 */
export const DURATION_BUCKETS: readonly number[] = [
  0.0001,
  0.00025,
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60,
];
