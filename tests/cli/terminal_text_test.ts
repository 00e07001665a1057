/**
 * What a task file says is printed on a terminal as text: `list` and `show`
 * write control characters (escape sequences) as `\x1b`, and shorten a title
 * of megabytes.
 */
import assert from "node:assert/strict";
import { writeResultsJson } from "../../src/report/json_writer.ts";
import { cli } from "../helpers/cli_in_process.ts";
import { syntheticResults } from "../helpers/synthetic_results.ts";

Deno.test("list and show print a task title with escape sequences as text, and a megabyte title shortened", async () => {
  const dir = await Deno.makeTempDir({ prefix: "brunt_terminal_" });
  try {
    const { doc, iterationsOf } = syntheticResults({ iterations: 20 });
    doc.tasks[0].title = "\u001b[2J\u001b]0;owned\u0007" + "t".repeat(1_000_000);
    await writeResultsJson(`${dir}/r.json`, doc, iterationsOf);
    assert.equal((await cli("import", `${dir}/r.json`, "--db", `${dir}/h.db`)).code, 0);
    const list = await cli("list", "--db", `${dir}/h.db`);
    assert.equal(list.code, 0);
    assert.match(list.out, /\\x1b\[2J\\x1b\]0;owned\\x07t+… /);
    assert.ok(!list.out.includes("\u001b"), "no escape character is printed");
    assert.ok(list.out.length < 2_000);
    const show = await cli("show", "last", "--db", `${dir}/h.db`);
    assert.equal(show.code, 0);
    assert.match(show.out, /^Task \S+: \\x1b\[2J/);
    assert.ok(!show.out.includes("\u001b") && !show.out.includes("\u0007"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
