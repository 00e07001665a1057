/**
 * How much hook output a task run keeps: each run's output and error
 * details are held until the workload ends and recorded twice in the
 * history, so a hook that printed a megabyte every 0.1 s for 20 s grew the
 * process by 630 MB and the history by 430 MB. Past the budget, a run keeps
 * its status, times and error, and its output is replaced by a note.
 *
 * @module
 */
import type { HookRunResult } from "../model/hook_result.ts";

/** The hook output one task run keeps, in characters of JSON: 32 MiB. */
export const HOOK_OUTPUT_BUDGET = 32 * 1024 * 1024;

/**
 * A task run's hook output budget, shared by its workloads. Runs are kept
 * whole, in the order they end, while their output fits in what is left.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { HookOutputBudget } from "./hook_output_budget.ts";
 * const budget = new HookOutputBudget(100);
 * const run = {
 *   triggered_by: { event_type: "time" as const, value: 1 },
 *   started_at: 1, finished_at: 2, status: "success" as const,
 *   output: {
 *     additive: [],
 *     complete: [{ title: "t", chart_plugin: "TextArea" as const, data: ["x".repeat(200)] }],
 *   },
 * };
 * const kept = budget.keep(run);
 * assert.equal(kept.status, "success");
 * assert.match(JSON.stringify(kept.output), /not kept/);
 * ```
 */
export class HookOutputBudget {
  #left: number;
  readonly #total: number;

  /** A budget of `chars` characters of output and error details. */
  constructor(chars: number = HOOK_OUTPUT_BUDGET) {
    this.#left = chars;
    this.#total = chars;
  }

  /** The run as it is kept: whole while the budget lasts, its output replaced by a note past it. */
  keep(run: HookRunResult): HookRunResult {
    const output = run.output ? JSON.stringify(run.output).length : 0;
    const details = run.error?.details.length ?? 0;
    if (output + details <= this.#left) {
      this.#left -= output + details;
      return run;
    }
    this.#left = 0;
    const note = `This run's output (${output + details} characters) was not kept: the task ` +
      `run's hook output went past the ${this.#total} characters the history keeps per run.`;
    const kept: HookRunResult = {
      ...run,
      output: {
        additive: [],
        complete: [{ title: "Output not kept", chart_plugin: "TextArea", data: [note] }],
      },
    };
    if (run.error) kept.error = { ...run.error, details: details > 0 ? note : "" };
    return kept;
  }
}
