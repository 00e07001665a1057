/**
 * `deno task bench`: runs brunt beside its references (OpenStack Rally, hey)
 * on the same workloads in one go and prints a table per target of the
 * issue, with medians of several runs and the ratios taken within each
 * round. See bench/README.md for the targets, the figures and how to
 * reproduce them.
 *
 *     deno task bench [--quick] [--runs N] [--only engine,hooks,memory,rps,http,sim,live]
 *                     [--no-rally] [--no-hey] [--json FILE]
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { BenchContext } from "./bench_context.ts";
import { type EngineResults, engineSection, measureEngine } from "./engine_overhead.ts";
import { hookTimingSection } from "./hook_timing.ts";
import { httpSection } from "./http.ts";
import { liveSection } from "./live_overhead.ts";
import { commandExists, runMeasured } from "./measured_process.ts";
import { memorySection } from "./memory.ts";
import { setUpRally } from "./rally_cli.ts";
import { rpsSection } from "./rps_accuracy.ts";
import { mark, renderSection, type Section } from "./section.ts";
import { simulatedSection } from "./simulated_time.ts";
import { workersSection } from "./workers.ts";

const ALL = ["engine", "hooks", "memory", "rps", "http", "sim", "workers", "live"];

const { values } = parseArgs({
  args: Deno.args,
  options: {
    quick: { type: "boolean", default: false },
    runs: { type: "string" },
    only: { type: "string", default: ALL.join(",") },
    "no-rally": { type: "boolean", default: false },
    "no-hey": { type: "boolean", default: false },
    json: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(
    "Usage: deno task bench [--quick] [--runs N] [--only " + ALL.join(",") +
      "] [--no-rally] [--no-hey] [--json FILE]",
  );
  Deno.exit(0);
}
const only = new Set(values.only.split(",").map((s) => s.trim()));
for (const name of only) {
  if (!ALL.includes(name)) {
    console.error(`--only: unknown benchmark "${name}"; choose from ${ALL.join(", ")}`);
    Deno.exit(2);
  }
}

const began = performance.now();
const log = (line: string) =>
  console.error(`[bench ${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${line}`);
const dir = await Deno.makeTempDir({ prefix: "brunt_bench_" });
const ctx: BenchContext = {
  quick: values.quick,
  runs: values.runs ? Math.max(1, Number(values.runs)) : values.quick ? 1 : 3,
  dir,
  rally: values["no-rally"] ? undefined : await setUpRally(`${dir}/rally`, log),
  hey: !values["no-hey"] && (await commandExists("hey", ["-h"])),
  log,
  commands: new Map(),
};
if (!ctx.hey && !values["no-hey"]) {
  log("hey not found (apt-get install hey): the hey column stays empty");
}

const machine = await describeMachine(ctx);
const load0 = Deno.loadavg();
const sections: Section[] = [];
try {
  let engine: EngineResults | undefined;
  if (only.has("engine") || only.has("hooks")) {
    engine = await measureEngine(ctx);
    if (only.has("engine")) sections.push(engineSection(engine, ctx));
  }
  if (only.has("hooks")) sections.push(await hookTimingSection(ctx, engine));
  if (only.has("memory")) sections.push(await memorySection(ctx, engine));
  if (only.has("rps")) sections.push(await rpsSection(ctx));
  if (only.has("http")) sections.push(await httpSection(ctx));
  if (only.has("sim")) sections.push(await simulatedSection(ctx));
  if (only.has("workers")) sections.push(await workersSection(ctx));
  if (only.has("live")) sections.push(await liveSection(ctx));
} finally {
  await Deno.remove(dir, { recursive: true }).catch(() => {});
}

const load1 = Deno.loadavg();
const out: string[] = [
  "brunt benchmark",
  ...machine.map((l) => `  ${l}`),
  `  load average: ${load0.map((x) => x.toFixed(2)).join(" ")} at start, ${
    load1.map((x) => x.toFixed(2)).join(" ")
  } at end`,
  `  ${ctx.quick ? "--quick: smaller loads; " : ""}${ctx.runs} run(s) per configuration; took ${
    ((performance.now() - began) / 1000).toFixed(0)
  } s`,
  "",
];
for (const s of sections) out.push(renderSection(s), "");
out.push("Targets");
out.push("=======");
for (const s of sections) {
  for (const c of s.checks) out.push(`${mark(c.met)} ${c.target}: ${c.measured}`);
}
out.push("", "Commands (one of each kind, as run)");
for (const [kind, command] of ctx.commands) out.push(`  ${kind}: ${command}`);
console.log(out.join("\n"));
if (values.json) {
  await Deno.writeTextFile(
    values.json,
    JSON.stringify({ machine, runs: ctx.runs, quick: ctx.quick, sections }, null, 2),
  );
}

async function describeMachine(c: BenchContext): Promise<string[]> {
  let cpu = "unknown CPU";
  try {
    cpu = Deno.readTextFileSync("/proc/cpuinfo").match(/model name\s*:\s*(.+)/)?.[1] ?? cpu;
  } catch {
    // Not Linux: the model stays unknown.
  }
  const mem = Deno.systemMemoryInfo();
  const hey = c.hey
    ? await runMeasured("dpkg-query", ["-W", "-f", "${Version}", "hey"]).catch(() => undefined)
    : undefined;
  return [
    `machine: ${cpu}, ${navigator.hardwareConcurrency} CPUs, ${
      (mem.total / 2 ** 30).toFixed(1)
    } GiB, ${Deno.build.os} ${Deno.osRelease()}`,
    `deno ${Deno.version.deno} (V8 ${Deno.version.v8}); Rally ${
      c.rally?.version ?? "not available"
    }; hey ${c.hey ? (hey?.code === 0 && hey.stdout) || "installed" : "not available"}`,
  ];
}
