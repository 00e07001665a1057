/**
 * `brunt detailed` against Rally 3.3's `rally task detailed`: given Rally's
 * own results (its JSON report, or its raw iterations), brunt prints Rally's
 * text: the args block, the errors with their details, the Response Times
 * table with Rally's numbers, the durations. The hints name brunt's
 * commands; `--iterations-data` shows each row's time only in the
 * iterations that ran the action as often as the row's name says (Rally
 * looks every row up by the bare name: `1. repeat` sums all counts and the
 * `(xN)` columns are always 0).
 */
import assert from "node:assert/strict";
import { cliInProcess } from "../helpers/cli_in_process.ts";

const FIXTURES = new URL("../fixtures/rally/", import.meta.url);
const read = (name: string) => Deno.readTextFileSync(new URL(name, FIXTURES));

// Rally's hints name rally's commands, brunt's its own.
function withBruntHints(rally: string): string {
  return rally
    .replace(/rally task report (\S+) --out output\.html/, "brunt report $1 --html output.html")
    .replace(
      /rally task export (\S+) --type junit-xml --to output\.xml/,
      "brunt report $1 --junit output.xml",
    )
    .replace(
      /rally task report (\S+) --json --out output\.json/,
      "brunt export $1 --json output.json",
    );
}

Deno.test("detailed of Rally's report of a failing task prints Rally's detailed text", async () => {
  const { code, out } = await cliInProcess([
    "detailed",
    new URL("q1_fail_report.json", FIXTURES).pathname,
  ]);
  assert.equal(code, 0);
  assert.equal(out + "\n", withBruntHints(read("detailed/q1_fail.txt")));
});

// The tables of a detailed text, by title.
function tables(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const title = lines[i + 1]?.match(/^\|\s+(Response Times \(sec\)|Atomics per iteration)\s+\|$/);
    if (!lines[i].startsWith("+") || !title) continue;
    let end = i + 2;
    while (!(lines[end].startsWith("+") && !lines[end + 1]?.startsWith("|"))) end++;
    const key = `${title[1]} ${[...found.keys()].filter((k) => k.startsWith(title[1])).length}`;
    found.set(key, lines.slice(i, end + 1).join("\n"));
  }
  return found;
}

Deno.test("detailed --iterations-data of Rally's iterations gives Rally's tables, repeat counts told apart", async () => {
  const fixture = JSON.parse(read("q4_atomics_rally_results.json"));
  const rallyDoc = {
    tasks: [{
      subtasks: fixture.workloads.map((w: { title: string; scenario: unknown; data: unknown }) => ({
        title: w.title,
        workloads: [{ scenario: w.scenario, data: w.data }],
      })),
    }],
  };
  const dir = Deno.makeTempDirSync({ prefix: "brunt_detailed_" });
  try {
    Deno.writeTextFileSync(`${dir}/rally.json`, JSON.stringify(rallyDoc));
    const { out } = await cliInProcess(["detailed", `${dir}/rally.json`, "--iterations-data"]);
    const brunt = tables(out);
    const rally = tables(read("detailed/q4_iterations_data.txt"));
    // Rally's run of these iterations had three workloads; the fixture keeps them first.
    for (const [key, table] of rally) {
      if (key.startsWith("Response Times")) assert.equal(brunt.get(key), table, key);
    }
    // Iterations 1–3 ran `repeat` once, twice, three times: Rally puts every sum under "1. repeat".
    const rows = brunt.get("Atomics per iteration 1")!.split("\n").slice(5, 8);
    assert.deepEqual(rows, [
      "| 1         | 0.026    | 0.016     | 0.01    | 0              | 0              |",
      "| 2         | 0.055    | 0         | 0.01    | 0.044          | 0              |",
      "| 3         | 0.086    | 0         | 0.01    | 0              | 0.076          |",
    ]);
    // Same iterations and durations as Rally's table; only the per-row cells differ.
    const firstColumns = (table: string) => table.split("\n").map((l) => l.split("|").slice(1, 3));
    assert.deepEqual(
      firstColumns(brunt.get("Atomics per iteration 0")!),
      firstColumns(rally.get("Atomics per iteration 0")!),
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
