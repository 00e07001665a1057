/**
 * ResultConsumer: takes each iteration's record as it completes and streams
 * it into statistics, the resilience analysis (windows), SLA criteria and the
 * store, and tells the {@linkcode LoadSeam} the completed-iteration count.
 *
 * It is called directly for every iteration rather than through an XState
 * mailbox: at 150,000+ iterations a second the mailbox alone (~1.5 µs an
 * event here) would cost a quarter of the budget. The hook executor still
 * sees every iteration point that can fire a hook, as an XState event the
 * seam sends it.
 *
 * @module
 */
import type { SlaChecker } from "../sla/sla_checker.ts";
import type { ResilienceAnalyzer } from "../stats/resilience_analyzer.ts";
import type { WorkloadStats } from "../stats/workload_stats.ts";
import type { IterationSink } from "../store/result_store.ts";
import type { LoadSignals } from "./load_seam.ts";
import type { IterationRecord } from "../model/iteration_record.ts";

/** What takes each record's statistics: a `WorkloadStats`, or a worker's share of them. */
export type StatsInput = Pick<WorkloadStats, "add">;

/** What a {@linkcode ResultConsumer} feeds. */
export interface ResultConsumerOptions {
  /** Streaming statistics. */
  stats: StatsInput;
  /** The SLA criteria (or, in a worker, those it judges); none where none are judged. */
  sla?: Pick<SlaChecker, "addIteration" | "addResilience">;
  /** The raw-iteration sink. */
  sink: IterationSink;
  /** Told every completed-iteration count. */
  seam: LoadSignals;
  /**
   * The resilience analysis (workloads with hooks): it counts each
   * iteration in its window, and the SLA criteria hear its figures as they
   * are decided.
   */
  windows?: ResilienceAnalyzer;
  /**
   * Called once, on the first iteration (or decided resilience figure) after
   * which a criterion fails.
   */
  onSlaFailure?: () => void;
}

/** Consumes iteration records in completion order. */
export class ResultConsumer {
  readonly #o: ResultConsumerOptions;
  #slaFailed = false;
  /** Iterations recorded. */
  completed = 0;
  /** Iterations recorded with an error. */
  failed = 0;

  /** Builds a consumer. */
  constructor(options: ResultConsumerOptions) {
    this.#o = options;
    const { windows, sla } = options;
    windows?.listen((event) => {
      if (sla && !sla.addResilience(event)) this.#failSla();
    });
  }

  /** Takes one record, of the iteration numbered `iteration` in the load. */
  consume(record: IterationRecord, iteration?: number): void {
    const n = ++this.completed;
    if (record.error.length) this.failed++;
    this.#o.stats.add(record, iteration);
    this.#o.sink.write(record);
    const window = this.#o.windows?.add(record);
    if (this.#o.sla && !this.#o.sla.addIteration(record, window)) this.#failSla();
    this.#o.seam.completed(n);
  }

  #failSla(): void {
    if (this.#slaFailed) return;
    this.#slaFailed = true;
    this.#o.onSlaFailure?.();
  }
}
