/**
 * Nothing lost when the CLI is killed outright: the raw iterations streamed
 * to .brunt/runs/<time>/<workload>.jsonl are whole lines of JSON, flushed
 * within about a second, and readable with JsonlStore.iterations.
 */
import assert from "node:assert/strict";
import type { IterationRecord } from "../../src/engine/iteration_record.ts";
import { JsonlStore } from "../../src/store/jsonl_store.ts";
import { jsonlFiles, poll, startCli } from "../helpers/cli_child.ts";

const TASK = new URL("../fixtures/tasks_cli/interrupt_task.json", import.meta.url).pathname;

function endMs(record: IterationRecord): number {
  return (record.timestamp + record.duration) * 1000;
}

Deno.test("after SIGKILL every line of the run's JSONL files parses, and records up to about a second before the kill are there", async () => {
  const cli = await startCli(["run", TASK, "--json", "{cwd}/results.json"]);
  try {
    const [, dir] = await cli.waitForStderr(/brunt: running .* raw iterations in (\S+?)\/?\n/);
    const runDir = `${cli.cwd}/${dir}`;
    const lineCount = () =>
      [...jsonlFiles(runDir).values()].reduce((sum, lines) => sum + lines.length, 0);
    // The first flush, then the next: while records arrive they reach the
    // disk about once a second, not when some buffer happens to fill.
    const first = await poll("records on disk", () => lineCount() || undefined);
    const firstSeen = Date.now();
    await poll("more records on disk", () => lineCount() > first || undefined);
    const interval = Date.now() - firstSeen;
    assert.ok(interval < 2000, `records reached the disk ${interval} ms after the previous ones`);
    await poll("a record more than 1.2 s old on disk", () => {
      for (const lines of jsonlFiles(runDir).values()) {
        for (const line of lines) {
          if (endMs(JSON.parse(line)) < Date.now() - 1200) return true;
        }
      }
      return undefined;
    });
    const killedAt = Date.now();
    cli.kill("SIGKILL");
    const exit = await cli.exited();
    assert.equal(exit.signal, "SIGKILL");

    const files = jsonlFiles(runDir);
    assert.equal(files.size, 1, "one workload had started");
    const [[name, lines]] = [...files];
    const text = Deno.readTextFileSync(`${runDir}/${name}`);
    assert.ok(text.endsWith("\n"), "no torn last line");
    const records: IterationRecord[] = lines.map((line, i) => {
      try {
        return JSON.parse(line);
      } catch (e) {
        throw new Error(`line ${i + 1} of ${name} is not JSON: ${(e as Error).message}`);
      }
    });
    assert.ok(records.some((r) => endMs(r) < killedAt - 1000), "records older than a second");
    for (const r of records) {
      assert.equal(typeof r.timestamp, "number");
      assert.deepEqual(r.error, []);
    }
    // Flushed at least once a second: the newest record on disk is recent.
    const newest = Math.max(...records.map(endMs));
    assert.ok(
      newest > killedAt - 2000,
      `the newest record on disk ended ${killedAt - newest} ms before the kill`,
    );
    assert.ok(!exists(`${cli.cwd}/results.json`), "a killed run writes no results file");

    // What a report of the crashed run would read.
    const store = new JsonlStore(runDir);
    assert.deepEqual([...store.iterations(name.replace(/\.jsonl$/, ""))], records);
  } finally {
    await cli.close();
  }
});

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}
