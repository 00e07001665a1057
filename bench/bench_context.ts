/**
 * What every benchmark gets from bench/run.ts: the sizes to use, the scratch
 * folder, which references are available, and where to log.
 *
 * @module
 */
import { REPO } from "./brunt_cli.ts";
import type { InProcessRequest, InProcessResult } from "./in_process.ts";
import { runMeasured } from "./measured_process.ts";
import type { RallyEnv } from "./rally_cli.ts";

/** Shared by the benchmarks of one `deno task bench`. */
export interface BenchContext {
  /** `--quick`: smaller loads and one run each, for trying the bench out. */
  quick: boolean;
  /** Runs of each configuration (medians are over these). */
  runs: number;
  /** A scratch folder, removed at the end. */
  dir: string;
  /** Rally, when installed and set up. */
  rally: RallyEnv | undefined;
  /** Whether `hey` is installed. */
  hey: boolean;
  /** Progress lines (stderr). */
  log: (line: string) => void;
  /** Exact command lines run, one example per kind, for bench/README.md. */
  commands: Map<string, string>;
}

/** The shared task template: Dummy.dummy with the runner and hooks given as task args. */
export const DUMMY_TASK = `${REPO}/bench/rally/dummy.json.j2`;
/** The shared task template: HttpRequests.check_request against a URL. */
export const HTTP_TASK = `${REPO}/bench/rally/http.json.j2`;

/** Runs `request` in a fresh `deno run -A bench/in_process.ts` and returns what it printed. */
export async function runInChild(
  request: InProcessRequest,
  ctx: BenchContext,
): Promise<InProcessResult> {
  const args = ["run", "-A", `${REPO}/bench/in_process.ts`, JSON.stringify(request)];
  const proc = await runMeasured(Deno.execPath(), args, { cwd: ctx.dir });
  if (proc.code !== 0) {
    throw new Error(`bench/in_process.ts failed (${proc.code}):\n${proc.stderr}`);
  }
  ctx.commands.set(
    `in-process (${request.clock} clock)`,
    `deno ${args.slice(0, 3).join(" ")} '${args[3]}'`,
  );
  return JSON.parse(proc.stdout.trim().split("\n").pop()!);
}
