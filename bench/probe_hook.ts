/**
 * `bench_probe`: an in-process hook registered by the benchmarks. It runs no
 * process (so it can run on a simulated clock, where a real process would
 * race the simulated time), and it notes how many iterations had been
 * recorded when it was created, which is when its trigger fired: the
 * in-process runs check with it that iteration points fire at exactly their
 * count.
 *
 * @module
 */
import { Hook, type HookInit, registerHook } from "../mod.ts";

/** Args of `bench_probe`. */
export interface ProbeArgs {
  /** Which log the run goes to (one per configured probe hook). */
  tag: string;
}

/** Iterations recorded so far; the in-process runner's store counts them. */
export const recorded: { count: number } = { count: 0 };

/** Per tag, in firing order: the recorded-iteration count at each run's creation. */
export const probeLog: Map<string, number[]> = new Map();

/** The probe hook: succeeds at once; its constructor notes the recorded count. */
export class ProbeHook extends Hook<ProbeArgs> {
  /** Takes a tag. */
  static override schema = {
    type: "object",
    properties: { tag: { type: "string" } },
    required: ["tag"],
    additionalProperties: false,
  };
  /** What it is. */
  static override description =
    "Benchmark probe: notes the recorded-iteration count when it fires.";

  /** Notes the count now: the hook executor builds the hook as its trigger fires. */
  constructor(init: HookInit<ProbeArgs>) {
    super(init);
    const log = probeLog.get(init.config.tag) ?? [];
    log.push(recorded.count);
    probeLog.set(init.config.tag, log);
  }

  /** Does nothing. */
  run(): Promise<void> {
    return Promise.resolve();
  }
}

registerHook("bench_probe", ProbeHook);
