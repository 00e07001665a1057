/**
 * The README stays true: what it shows a command printing is what the
 * command prints, the figures it quotes are what its examples measure, and
 * its install line installs a working `brunt`. Each checked place in the
 * README carries a `<!-- checked by tests/readme_test.ts: NAME -->` marker.
 */
import assert from "node:assert/strict";
import { startTarget } from "../examples/target/server.ts";
import { cliInProcess } from "./helpers/cli_in_process.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import type { IterationRecord } from "../src/model/iteration_record.ts";
import type { ResultsDocument } from "../src/model/results_document.ts";
import { taskVerdict, workloadSummary } from "../src/report/run_summary.ts";
import { loadTaskFile } from "../src/task/load.ts";
import { runSimulated } from "../src/testing/run_simulated.ts";

const ROOT = new URL("../", import.meta.url);
const README = Deno.readTextFileSync(new URL("README.md", ROOT));

/** The text after the README's marker NAME, up to the next heading. */
function sectionAfter(name: string): string {
  const marker = `<!-- checked by tests/readme_test.ts: ${name} -->`;
  const at = README.indexOf(marker);
  assert.ok(at >= 0, `README.md has the marker ${marker}`);
  const rest = README.slice(at + marker.length);
  return rest.slice(0, rest.search(/^#/m));
}

/** The indented block (4 spaces) right after the README's marker NAME, unindented. */
function blockAfter(name: string): string {
  const lines = sectionAfter(name).split("\n");
  const start = lines.findIndex((l) => l.startsWith("    "));
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (line !== "" && !line.startsWith("    ")) break;
    block.push(line.slice(4));
  }
  return block.join("\n").trimEnd();
}

const cli = cliInProcess;

Deno.test("README: the task file errors it shows are what validate prints", async () => {
  const dir = await Deno.makeTempDir({ prefix: "brunt_readme_" });
  try {
    await Deno.writeTextFile(
      `${dir}/task.json`,
      [
        `{"Dummy.dummy": [{`,
        `  "args": {"sleep": 0},`,
        `  "runner": {"type": "constnat", "times": 10},`,
        `  "hook": [{"name": "sys_call", "args": "true", "trigger": {"name": "event", "args": {"unit": "itertion", "at": [1]}}}]`,
        `}]}`,
      ].join("\n"),
    );
    const { code, err } = await cli(["validate", `${dir}/task.json`]);
    assert.equal(code, 2);
    assert.equal(err.replaceAll(`${dir}/`, ""), blockAfter("validate"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("README: the summary it shows for examples/dummy.json is what a run prints", async () => {
  // Loaded first: reading a file is real work, which a simulated clock does not wait for.
  const spec = await loadTaskFile(new URL("examples/dummy.json", ROOT));
  const { document, store } = await runSimulated(spec, {
    seed: 7,
    clock: new SimulatedClock({ start: Date.UTC(2024, 0, 1) }),
  });
  const task = document.tasks[0];
  const subtask = task.subtasks[2];
  const printed = workloadSummary(
    subtask.workloads[0],
    { number: 3, count: 4, subtask: subtask.title },
    { width: 96, iterationsOf: (w) => store.iterations(w.uuid) },
  ) + "\n\n" + taskVerdict(task).replace(task.uuid, "1f0c8c3e-…");
  assert.equal(printed, blockAfter("dummy.json, workload 3"));
});

Deno.test("README: its install line installs a brunt that runs", async () => {
  const line = /^ {4}deno task install +# (deno install .*)$/m.exec(README)?.[1];
  assert.ok(line, "README shows the install line beside deno task install");
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  assert.equal(config.tasks.install, line, "deno task install runs the line README shows");
  const firstCommand = README.search(
    /^( {4})?brunt (run|validate|report|list|show|export|import|delete|trends|plugins)\b/m,
  );
  assert.ok(
    README.indexOf("## Install") < firstCommand,
    "Install comes before the first brunt command",
  );

  const root = await Deno.makeTempDir({ prefix: "brunt_install_" });
  try {
    const args = line.split(" ").slice(1);
    const install = await new Deno.Command(Deno.execPath(), {
      args: [...args.slice(0, -1), "--root", root, args.at(-1)!],
      cwd: ROOT,
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(install.code, 0, new TextDecoder().decode(install.stderr));
    const run = await new Deno.Command(`${root}/bin/brunt`, {
      args: ["validate", "examples/hooks.json"],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const out = new TextDecoder().decode(run.stdout);
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    assert.match(out, /hooks\.json: valid/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("README: the fault injection walkthrough's figures are what the example measures", async () => {
  const text = sectionAfter("the fault injection figures");
  const figure = (re: RegExp) => {
    const m = re.exec(text.replace(/\s+/g, " "));
    assert.ok(m, `README says ${re}`);
    return Number(m[1]);
  };
  const quoted = {
    duration: figure(/iteration duration goes from just over 10 ms to about (\d+) ms/),
    rate: figure(/throughput falls from a few hundred per second to about (\d+)\/s/),
    failures: figure(/failure rate goes from 0 % to (\d+) %/),
  };
  assert.ok(text.includes("`` ValueError: Expected HTTP request code is `200` actual `500` ``"));

  const target = startTarget();
  const dir = await Deno.makeTempDir({ prefix: "brunt_readme_fault_" });
  try {
    // The example's template, shortened to 3 s with the fault from 0.5 s to 2.5 s.
    const { code, out, err } = await cli([
      "run",
      new URL("examples/fault_injection.json.j2", ROOT).pathname,
      "--task-args",
      JSON.stringify({ duration: 3, fault_on: 0.5, fault_off: 2.5, target: target.url }),
      "--db",
      `${dir}/history.db`,
      "--json",
      `${dir}/out.json`,
      "--seed",
      "1",
    ]);
    assert.match(
      err,
      /^hook #0 http_call \(fault on: 200 ms latency, 20% of answers are 500s\) at time 0\.5 s: success in /m,
    );
    assert.match(
      out,
      /\| ValueError: Expected HTTP request code is `200` actual `500` \| +\d+ \| 100\.0 % \| #\d+ at \+\d+ ms \|/,
    );

    const doc = JSON.parse(await Deno.readTextFile(`${dir}/out.json`)) as ResultsDocument;
    const w = doc.tasks[0].subtasks[0].workloads[0];
    assert.equal(code, w.pass_sla ? 0 : 1, err);
    const [on, off] = w.hooks.map((h) => h.results[0]);
    const records = w.data as IterationRecord[];
    const end = (r: IterationRecord) => r.timestamp + r.duration;
    const before = records.filter((r) => end(r) < on.started_at);
    const during = records.filter((r) => r.timestamp > on.finished_at && end(r) < off.started_at);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

    const beforeP50 = median(before.map((r) => r.duration));
    assert.ok(beforeP50 > 0.01 && beforeP50 < 0.03, `just over 10 ms before: ${beforeP50}`);
    assert.ok(before.length / (on.started_at - w.start_time!) > 100, "a few hundred per second");
    assert.deepEqual(before.filter((r) => r.error.length), []);

    const duringP50 = median(during.map((r) => r.duration)) * 1000;
    // "About": within 10 % (a loaded machine adds a few ms to the 200 ms of latency).
    assert.ok(
      Math.abs(duringP50 - quoted.duration) / quoted.duration < 0.1,
      `about ${quoted.duration}: ${duringP50}`,
    );
    const window = off.started_at - on.finished_at;
    const rate = records.filter((r) => r.timestamp > on.finished_at && r.timestamp < off.started_at)
      .length / window;
    assert.ok(Math.abs(rate - quoted.rate) / quoted.rate < 0.25, `about ${quoted.rate}/s: ${rate}`);
    const failureRate = (100 * during.filter((r) => r.error.length).length) / during.length;
    assert.ok(
      Math.abs(failureRate - quoted.failures) <= 5,
      `${quoted.failures} %: ${failureRate} % of ${during.length}`,
    );
  } finally {
    await target.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("README: the walkthrough's recovery is what the example measures", async () => {
  const text = sectionAfter("the fault injection figures").replace(/\s+/g, " ");
  const said = (re: RegExp) => {
    const m = re.exec(text);
    assert.ok(m, `README says ${re}`);
    return Number(m[1]);
  };
  const recovered = said(/the load recovered about (\d+(?:\.\d+)?) s after the fault ended/);
  const fade = said(/latency fades out over (\d+(?:\.\d+)?) s/);
  const example = JSON.parse(
    await Deno.readTextFile(new URL("examples/fault_injection.json", ROOT)),
  );
  assert.equal(example.subtasks[0].hooks[0].action.http_call.body.recovery_ms, fade * 1000);
  // The load is back once most of the fade is over: "about" the fade.
  assert.ok(Math.abs(recovered - fade) <= 0.5, `${recovered} s for a ${fade} s fade`);

  const target = startTarget();
  const dir = await Deno.makeTempDir({ prefix: "brunt_readme_recovery_" });
  try {
    // The example's template, shortened: fault from 0.5 s to 1.5 s, fading over 1 s; 4.5 s of
    // load after it, room for the recovery to be decided on a busy machine.
    const { out } = await cli([
      "run",
      new URL("examples/fault_injection.json.j2", ROOT).pathname,
      "--task-args",
      JSON.stringify({
        duration: 6,
        fault_on: 0.5,
        fault_off: 1.5,
        recovery_ms: 1000,
        window: 0.5,
        hold: 0.5,
        target: target.url,
      }),
      "--db",
      `${dir}/history.db`,
      "--json",
      `${dir}/out.json`,
    ]);
    // Window edges are the hook runs' starts, a few ms after their points on a busy machine.
    assert.match(out, /\| #1 fault 0\.[56]–1\.[56] s +\| hook #0 at 0\.5 s \|/);
    assert.match(out, /\| #2 recovery 1\.[56]–6(\.\d)? s +\| hook #1 at 1\.5 s \|/);
    const doc = JSON.parse(await Deno.readTextFile(`${dir}/out.json`)) as ResultsDocument;
    const [fault, recovery] = doc.tasks[0].subtasks[0].workloads[0].resilience!.windows;
    assert.ok(fault.impact && fault.failures > 0 && fault.degradation!.mean_relative! > 5);
    assert.equal(recovery.recovery?.status, "recovered");
    const seconds = recovery.recovery!.seconds!;
    // Most of the fade (every answer within 50 % of the baseline's p95); later when the
    // machine is so busy that answers are slow anyway.
    assert.ok(seconds > 0.5 && seconds < 2.5, `recovered ${seconds} s after a 1 s fade`);
  } finally {
    await target.close();
    await Deno.remove(dir, { recursive: true });
  }
});
