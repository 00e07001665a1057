/**
 * An SLA criterion scoped to windows of one kind (`"during": {"fault":
 * {"failure_rate": {"max": 20}}}`): any criterion, judged on each such
 * window on its own.
 *
 * @module
 */
import type { IterationRecord } from "../model/iteration_record.ts";
import type {
  ResilienceEvent,
  WindowFigures,
  WindowRef,
  WindowScope,
} from "../model/resilience.ts";
import { Sla, type SlaClass } from "../plugins/sla.ts";

/**
 * Judges the criterion `Criterion(args)` on the windows of kind `scope`
 * (`baseline`: the iterations after the warm-up and before the first hook
 * run). A criterion over iterations gets a fresh instance per window, fed
 * that window's iterations and judged when the window closes, so it can
 * stop a load (`--abort-on-sla-failure`) only once a window is decided; it
 * passes when every window passed. A criterion that judges the resilience
 * figures (`recovery_time`, `downtime`, `degradation`) gets one instance
 * that hears only the windows of the scope.
 *
 * Detail: the criterion's own, for the first window that failed (else the
 * last one judged), after what it is about:
 * `During fault window #1 (hook #0 at time 10): Failure rate criteria 0.00% <= 31.25% <= 20.00% - Failed`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { FailureRate } from "./failure_rate.ts";
 * import { WindowScoped } from "./window_scoped.ts";
 * const sla = new WindowScoped("fault", FailureRate, { max: 20 });
 * assert.equal(sla.detail(), "During fault windows: none ran - Passed");
 * ```
 */
export class WindowScoped<A = unknown> extends Sla<A> {
  readonly #scope: WindowScope;
  readonly #make: () => Sla;
  // A criterion of the resilience figures: one instance hears the scope's windows.
  readonly #whole: Sla | undefined;
  readonly #open = new Map<number, Sla>();
  readonly #verdicts = new Map<number, boolean>();
  #shown: { label: string; detail: string; failed: boolean } | undefined;

  /** `Criterion` with its validated `args`, judged on the windows of `scope`. */
  constructor(scope: WindowScope, Criterion: SlaClass<A>, args: A) {
    super(args);
    this.#scope = scope;
    this.#make = () => new Criterion(args);
    if (Criterion.judgesWindows) this.#whole = this.#make();
  }

  /** Feeds the iteration to the instance of its window, when the window is in scope. */
  addIteration(record: IterationRecord, window?: WindowRef): boolean {
    if (!window || window.kind !== this.#scope) return this.success();
    if (this.#whole) return this.#whole.addIteration(record, window);
    let criterion = this.#open.get(window.index);
    if (!criterion) this.#open.set(window.index, criterion = this.#make());
    criterion.addIteration(record, window);
    return this.success();
  }

  /** Judges a window of the scope when it closes; passes the scope's figures on. */
  override addResilience(event: ResilienceEvent): boolean {
    if (this.#whole) {
      const kind = event.type === "baseline_closed"
        ? "baseline"
        : event.type === "recovery_pending"
        ? event.kind
        : event.window.kind;
      return kind === this.#scope ? this.#whole.addResilience(event) : this.#whole.success();
    }
    if (event.type === "baseline_closed" && this.#scope === "baseline") {
      this.#judge(0, "the baseline");
    } else if (event.type === "window_closed" && event.window.kind === this.#scope) {
      this.#judge(event.window.index, `${this.#scope} window ${label(event.window)}`);
    }
    return this.success();
  }

  /** Whether every window judged passed. */
  success(): boolean {
    if (this.#whole) return this.#whole.success();
    for (const ok of this.#verdicts.values()) if (!ok) return false;
    return true;
  }

  /** The criterion's detail for the first window that failed, else the last one judged. */
  detail(): string {
    if (this.#whole) return `During ${this.#scope} windows: ${this.#whole.detail()}`;
    if (!this.#shown) {
      return `During ${this.#scope === "baseline" ? "the baseline" : `${this.#scope} windows`}: ` +
        `none ran - Passed`;
    }
    const count = this.#verdicts.size;
    const failed = [...this.#verdicts.values()].filter((ok) => !ok).length;
    const tally = count > 1 ? ` (${failed} of ${count} failed)` : "";
    return `During ${this.#shown.label}${tally}: ${this.#shown.detail}`;
  }

  /** Windows judged, by number (0 is the baseline). */
  override windowVerdicts(): ReadonlyMap<number, boolean> {
    return this.#whole ? this.#whole.windowVerdicts() : this.#verdicts;
  }

  #judge(index: number, what: string): void {
    const criterion = this.#open.get(index) ?? this.#make();
    this.#open.delete(index);
    const ok = criterion.success();
    this.#verdicts.set(index, ok);
    if (!this.#shown?.failed) {
      this.#shown = { label: what, detail: criterion.detail(), failed: !ok };
    }
  }
}

// `#2 (hook #0 at time 10)`: which window, and which run opened it.
function label(window: WindowFigures): string {
  return `#${window.index} (hook #${window.hook} at ${window.trigger.event_type} ${window.trigger.value})`;
}
