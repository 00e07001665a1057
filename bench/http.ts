/**
 * Target 5, HTTP: HttpRequests.check_request against a local Deno.serve
 * target (bench/http_target.ts, its own process) at concurrency 10 and 100:
 * brunt's CLI, `hey` and Rally's HttpRequests against the same target in
 * the same run, in requests per second. With `taskset` and two or more
 * CPUs, the target is pinned to CPU 1 and each client to CPU 0, so every
 * client gets one core, as in the figures.
 *
 * @module
 */
import { type BenchContext, HTTP_TASK } from "./bench_context.ts";
import { rateOf, REPO, runBruntCli } from "./brunt_cli.ts";
import { roundRatio } from "./engine_overhead.ts";
import { fmtInt, fmtRatio, median } from "./figures.ts";
import { commandExists, runMeasured } from "./measured_process.ts";
import { runRally } from "./rally_cli.ts";
import type { Section } from "./section.ts";
import { defaultPlugins } from "../mod.ts";

const LEVELS = [10, 100];

/** Runs target 5 and builds its table. */
export async function httpSection(ctx: BenchContext): Promise<Section> {
  const title =
    "5. HTTP: HttpRequests.check_request vs hey and Rally, same local target (requests/s, medians)";
  const header = ["concurrency", "brunt CLI", "hey", "Rally", "brunt/hey", "brunt/Rally", "failed"];
  if (!defaultPlugins().find("scenario", "HttpRequests.check_request")) {
    return {
      title,
      header,
      rows: [],
      notes: ["The HttpRequests.check_request scenario is not registered yet: nothing measured."],
      checks: [],
    };
  }
  const pin = navigator.hardwareConcurrency >= 2 && (await commandExists("taskset", ["-V"]));
  const client = pin ? ["taskset", "-c", "0"] : undefined;
  const serverCmd = [
    ...(pin ? ["taskset", "-c", "1"] : []),
    Deno.execPath(),
    "run",
    "-A",
    `${REPO}/bench/http_target.ts`,
  ];
  const server = new Deno.Command(serverCmd[0], {
    args: serverCmd.slice(1),
    stdout: "piped",
    stderr: "inherit",
  })
    .spawn();
  try {
    const url = await firstLine(server.stdout);
    const heyRequests = ctx.quick ? 50_000 : 200_000;
    const bruntRequests = ctx.quick ? 30_000 : 150_000;
    const rallyRequests = ctx.quick ? 500 : 3_000;
    const figures = new Map(
      LEVELS.map((
        c,
      ) => [c, { brunt: [] as number[], hey: [] as number[], rally: [] as number[], failed: 0 }]),
    );
    for (let round = 1; round <= ctx.runs; round++) {
      for (const c of LEVELS) {
        const f = figures.get(c)!;
        if (ctx.hey) {
          ctx.log(`http round ${round}/${ctx.runs} c=${c}: hey`);
          const args = ["-n", String(heyRequests), "-c", String(c), url];
          const hey = await runMeasured("hey", args, { prefix: client });
          const rps = hey.stdout.match(/Requests\/sec:\s+([\d.]+)/);
          if (hey.code !== 0 || !rps) {
            throw new Error(`hey failed (${hey.code}):\n${hey.stdout}${hey.stderr}`);
          }
          f.hey.push(Number(rps[1]));
          ctx.commands.set("hey", [...(client ?? []), "hey", ...args].join(" "));
        }
        ctx.log(`http round ${round}/${ctx.runs} c=${c}: brunt`);
        const runner = (times: number) => ({ constant: { times, concurrency: c } });
        const b = await runBruntCli(HTTP_TASK, {
          dir: ctx.dir,
          prefix: client,
          taskArgs: { url, runner: runner(bruntRequests) },
        });
        f.brunt.push(rateOf(b.workload));
        f.failed += b.workload.failed_iteration_count;
        ctx.commands.set("brunt CLI (HTTP)", b.command);
        if (ctx.rally) {
          ctx.log(`http round ${round}/${ctx.runs} c=${c}: Rally`);
          const r = await runRally(
            ctx.rally,
            HTTP_TASK,
            { url, runner: runner(rallyRequests) },
            ctx.dir,
            client,
          );
          f.rally.push(rateOf(r.workload));
          ctx.commands.set("Rally (HTTP)", r.command);
        }
      }
    }
    const rows: string[][] = [];
    const checks: Section["checks"] = [];
    for (const c of LEVELS) {
      const f = figures.get(c)!;
      const vsHey = roundRatio(f.brunt, f.hey);
      const vsRally = roundRatio(f.brunt, f.rally);
      rows.push([
        String(c),
        fmtInt(median(f.brunt)),
        fmtInt(median(f.hey)),
        fmtInt(median(f.rally)),
        f.hey.length ? fmtRatio(vsHey, 1) : "–",
        f.rally.length ? fmtRatio(vsRally, 1) : "–",
        String(f.failed),
      ]);
      checks.push({
        target: `c=${c}: brunt ≥ 0.7× hey`,
        measured: f.hey.length ? fmtRatio(vsHey, 1) : "hey not available",
        met: f.hey.length ? vsHey >= 0.7 : undefined,
      });
      checks.push({
        target: `c=${c}: brunt ≥ 30× Rally's HttpRequests`,
        measured: f.rally.length ? fmtRatio(vsRally, 1) : "Rally not available",
        met: f.rally.length ? vsRally >= 30 : undefined,
      });
    }
    return {
      title,
      header,
      rows,
      notes: [
        `Requests per run: brunt ${fmtInt(bruntRequests)}, hey ${fmtInt(heyRequests)}, Rally ${
          fmtInt(rallyRequests)
        }; ` +
        `${ctx.runs} round(s), clients alternating. Ratios: median over rounds of the ratio within a round.`,
        pin
          ? "Target pinned to CPU 1 (taskset), each client to CPU 0: one core per client."
          : "Not pinned (no taskset or one CPU): clients and target share the CPUs.",
        "failed: brunt iterations that failed, over all runs.",
      ],
      checks,
    };
  } finally {
    server.kill("SIGTERM");
    await server.status;
  }
}

async function firstLine(stream: ReadableStream<Uint8Array>): Promise<string> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error("bench/http_target.ts exited before printing its URL");
    text += value;
  }
  reader.releaseLock();
  return text.split("\n")[0].trim();
}
