/**
 * The raw result of one iteration, in Rally's shape.
 *
 * @module
 */
import type { Output } from "./output.ts";

/** One atomic action of an iteration (`ctx.atomic(name, fn)`), possibly nested. */
export interface AtomicAction {
  /** The action's name. */
  name: string;
  /** Start, epoch seconds. */
  started_at: number;
  /** Finish, epoch seconds. */
  finished_at: number;
  /** Actions run inside this one. */
  children: AtomicAction[];
  /** Present and true when the action threw. */
  failed?: true;
}

/** An iteration's error: `[]` on success, else `[etype, msg, details]`. */
export type IterationError = [] | [string, string, string];

/** The raw result of one iteration. */
export interface IterationRecord {
  /** Start, epoch seconds. */
  timestamp: number;
  /** Seconds from start to finish. */
  duration: number;
  /** Seconds spent in idle sleeps the scenario declared (none so far: 0). */
  idle_duration: number;
  /** `[]` or `[etype, msg, details]`. */
  error: IterationError;
  /** Charts the scenario added. */
  output: Output;
  /** The scenario's atomic actions, in start order. */
  atomic_actions: AtomicAction[];
}
