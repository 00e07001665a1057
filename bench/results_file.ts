/**
 * Reading a results JSON file (brunt's `--json`, Rally's `task report
 * --json`) without holding its raw iterations in memory: a million
 * iterations make a file of hundreds of MB, and the benchmarks need only the
 * workload summaries plus, for some, each iteration's start time.
 *
 * @module
 */

/** A workload's summary fields the benchmarks read (brunt's and Rally's share them). */
export interface WorkloadSummary {
  /** Epoch seconds of the first iteration's start. */
  start_time: number;
  /** Seconds from the first start to the last end. */
  load_duration: number;
  /** Iterations run. */
  total_iteration_count: number;
  /** Iterations that failed. */
  failed_iteration_count: number;
  /** Hook results, one entry per configured hook. */
  hooks: HookEntry[];
}

/** One configured hook and its runs. */
export interface HookEntry {
  /** The hook as configured (brunt echoes the task file; Rally adds defaults). */
  config: Record<string, unknown>;
  /** Its runs. */
  results: HookRun[];
}

/** One hook run. */
export interface HookRun {
  /** The point that fired it. */
  triggered_by: { event_type: "iteration" | "time"; value: number };
  /** Epoch seconds. */
  started_at: number;
  /** `success` or `failed`. */
  status: string;
}

/** A results file's workloads and, when asked for, their iterations' start times. */
export interface ResultsRead {
  /** Every workload, in file order. */
  workloads: WorkloadSummary[];
  /** Start times (epoch seconds) of all iterations in the file, in file order; empty unless asked for. */
  starts: number[];
}

/**
 * Reads `path`. Iteration records are recognised as the lines that start
 * with `{"timestamp":` (brunt writes one per line); they are left out of the
 * parsed document and, with `keepStarts`, only their timestamps are kept.
 * A file laid out otherwise (Rally's) is parsed whole.
 */
export async function readResults(path: string, keepStarts = false): Promise<ResultsRead> {
  const starts: number[] = [];
  const kept: string[] = [];
  let skipped = 0;
  const file = await Deno.open(path);
  const decoder = new TextDecoder();
  let rest = "";
  const take = (line: string) => {
    const trimmed = line.trimStart();
    if (trimmed.startsWith('{"timestamp":')) {
      skipped++;
      if (keepStarts) starts.push(parseFloat(trimmed.slice(13)));
    } else kept.push(line);
  };
  for await (const chunk of file.readable) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split("\n");
    rest = lines.pop()!;
    for (const line of lines) take(line);
  }
  take(rest);
  // Rally writes its iterations inside the document, and Python's JSON has
  // bare Infinity/NaN (a periodic trigger's default end): read those as null.
  const doc = JSON.parse(kept.join("\n").replace(/(:\s*)(-?Infinity|NaN)(?=\s*[,}\]])/g, "$1null"));
  if (keepStarts && !skipped) {
    for (const w of workloadsOf(doc)) {
      for (const it of (w as { data?: { timestamp: number }[] }).data ?? []) {
        starts.push(it.timestamp);
      }
    }
  }
  return { workloads: workloadsOf(doc) as WorkloadSummary[], starts };
}

function workloadsOf(doc: { tasks: { subtasks: { workloads: unknown[] }[] }[] }): unknown[] {
  return doc.tasks.flatMap((t) => t.subtasks.flatMap((s) => s.workloads));
}
