/**
 * Runs compared across time: the resilience figures in trends (worse when a
 * recovery takes longer or no longer happens) and `brunt compare A B`, two
 * runs side by side.
 */
import assert from "node:assert/strict";
import type { TaskResult } from "../mod.ts";
import { main } from "../src/cli/main.ts";
import { compareRuns } from "../src/report/compare_runs.ts";
import { writeResultsJson } from "../src/report/json_writer.ts";
import { buildTrends } from "../src/report/trends.ts";
import { cleanRecovery, runService } from "./helpers/scripted_fault.ts";

/**
 * One run of the scripted fault (on at 5 s, off at 10 s taking 0.2 s): the
 * service stays slow (0.3 s iterations) for `lag` s after, so it recovers
 * once the first fast iteration after the lag ends: 1.3 s with 1 s of lag,
 * 2.2 s with 2 s (see resilience_analysis_test.ts); started `day` days
 * after 2026-01-01.
 */
async function run(lag: number, day: number): Promise<TaskResult> {
  const { document } = await runService(cleanRecovery({}, lag));
  return { ...document.tasks[0], created_at: new Date(Date.UTC(2026, 0, 1 + day)).toISOString() };
}

Deno.test("trends carry each run's longest recovery, downtime and worst degradation, and mark a longer recovery worse", async () => {
  const trends = buildTrends([await run(2, 1), await run(1, 0)]);
  const [older, newer] = trends.workloads[0].points;
  assert.deepEqual(older?.resilience, {
    recoveryTime: 1.3,
    notRecovered: 0,
    downtime: 3,
    degradation: 4.6,
  });
  assert.equal(newer?.resilience?.recoveryTime, 2.2);
  assert.equal(newer?.changes.recoveryTime, "worse");
  assert.equal(newer?.changes.downtime, undefined);
});

Deno.test("a fault the load no longer recovers from is worse than any recovery time", async () => {
  // 20 s of lag: still slow when the load ends.
  const trends = buildTrends([await run(1, 0), await run(20, 1)]);
  const newer = trends.workloads[0].points[1]!;
  assert.deepEqual(
    [newer.resilience?.recoveryTime, newer.resilience?.notRecovered, newer.changes.recoveryTime],
    [null, 1, "worse"],
  );
});

Deno.test("brunt compare shows two runs side by side, older on the left, with what got worse", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const files = [];
    for (const [lag, day] of [[2, 1], [1, 0]]) {
      const task = await run(lag, day);
      const file = `${dir}/run${day}.json`;
      await writeResultsJson(
        file,
        {
          info: {
            brunt_version: "t",
            generated_at: "2026-01-05T00:00:00.000Z",
            format_version: "1.0",
          },
          tasks: [task],
        },
        () => [],
      );
      files.push(file);
    }
    const out: string[] = [];
    const err: string[] = [];
    const io = {
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
      errIsTty: false,
    };
    assert.equal(await main(["compare", ...files], io), 0, err.join("\n"));
    const text = out.join("\n");
    assert.match(text, /\| Recovery \(longest\)\s+\|\s+1\.3 s \|\s+2\.2 s \| ▲ worse\s+\|/);
    assert.match(text, /\| Downtime \(longest\)\s+\|\s+3 s \|\s+3 s \|\s+\|/);
    assert.match(
      text,
      /\| Window #2 recovery\s+\|\s+down 0 s, recovered 1\.3 s, ×1\.15 \|\s+down 0 s, recovered 2\.2 s, ×1\.24 \|/,
    );
    assert.equal(await main(["compare", files[0]], io), 2);
    assert.match(err.join("\n"), /compare needs two runs, got 1/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("compareRuns says which workload only one run has", async () => {
  const a = await run(1, 0);
  const b = await run(1, 1);
  const renamed: TaskResult = {
    ...b,
    subtasks: b.subtasks.map((s) => ({
      ...s,
      workloads: s.workloads.map((w) => ({ ...w, scenario: { "Other.scenario": {} } })),
    })),
  };
  const text = compareRuns(a, renamed);
  assert.match(text, /\(only in the older run\)/);
  assert.match(text, /\(only in the newer run\)/);
});

Deno.test("the trends page shows each run's recovery, downtime and degradation, and names a longer recovery", async () => {
  const { trendsHtml } = await import("../src/report/html/trends_page.ts");
  const html = trendsHtml(buildTrends([await run(1, 0), await run(2, 1)]), {
    style: "",
    script: "",
  });
  assert.match(html, /<th>Recovery<\/th><th>Downtime<\/th><th>Degradation<\/th>/);
  assert.match(html, /<td class="num up">2\.2 s ▲<\/td><td class="num ">3 s<\/td>/);
  assert.match(
    html,
    /<li class="worse"><a href="#trend-0">Test\.service<\/a>: [^<]*slower recovery<\/li>/,
  );
  assert.match(html, /"label":"recovery \(longest\)","values":\[1\.3,2\.2\]/);
});
