/**
 * `deno task test` runs every test file exactly once: in share_1.ts, in
 * share_2.ts, or in a runtime of its own (shares.ts).
 */
import assert from "node:assert/strict";
import { OWN_RUNTIME } from "./shares.ts";

const ROOT = new URL("../../", import.meta.url);

async function testFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
    const path = `${dir}${entry.name}`;
    // Fixtures are data for tests, whatever their names.
    if (entry.isDirectory && path !== "tests/fixtures") found.push(...await testFiles(`${path}/`));
    else if (path.endsWith("_test.ts")) found.push(path);
  }
  return found;
}

// The test files a share imports, as paths from the repository root.
async function shareOf(name: string): Promise<string[]> {
  const share = new URL(`tests/suite/${name}`, ROOT);
  const text = await Deno.readTextFile(share);
  return [...text.matchAll(/^import "(.+_test\.ts)";$/gm)]
    .map((m) => new URL(m[1], share).href.slice(ROOT.href.length));
}

Deno.test("every test file runs once in deno task test: in a share, or in a runtime of its own", async () => {
  const shared = [...await shareOf("share_1.ts"), ...await shareOf("share_2.ts")];
  const run = [...shared, ...OWN_RUNTIME].sort();
  assert.deepEqual(run, [...new Set(run)], "a file runs twice");
  assert.deepEqual(
    run,
    (await testFiles("tests/")).sort(),
    "every tests/**/*_test.ts (fixtures aside) is imported by share_1.ts or share_2.ts, or listed in OWN_RUNTIME",
  );

  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const entries = (config.tasks.test as string).split(/\s+/).filter((w) => w.startsWith("tests/"));
  assert.deepEqual(
    entries.sort(),
    ["tests/suite/share_1.ts", "tests/suite/share_2.ts", ...OWN_RUNTIME].sort(),
    "the test task runs the two shares and the files of OWN_RUNTIME",
  );
});
