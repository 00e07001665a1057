import assert from "node:assert/strict";
import type { IterationRecord } from "../src/model/iteration_record.ts";
import type { ResultsDocument, WorkloadResult } from "../src/model/results_document.ts";
import { readResultsJson, ResultsFileError, writeResultsJson } from "../src/report/json_writer.ts";
import { iterationJson } from "../src/report/float_json.ts";

function fixture(name: string): ResultsDocument {
  return JSON.parse(
    Deno.readTextFileSync(new URL(`./fixtures/results/${name}.json`, import.meta.url)),
  );
}

/** The fixture's iterations per workload uuid, and the document without them. */
function split(doc: ResultsDocument): {
  bare: ResultsDocument;
  data: Map<string, IterationRecord[]>;
} {
  const bare = structuredClone(doc);
  const data = new Map<string, IterationRecord[]>();
  for (const task of bare.tasks) {
    for (const subtask of task.subtasks) {
      for (const workload of subtask.workloads) {
        data.set(workload.uuid, workload.data ?? []);
        delete workload.data;
      }
    }
  }
  return { bare, data };
}

function record(i: number): IterationRecord {
  return {
    timestamp: 1769860800 + i / 1000,
    duration: 0.001,
    idle_duration: 0,
    error: i % 1000 === 999 ? ["ValueError", `bad ${i}`, ""] : [],
    output: { additive: [], complete: [] },
    atomic_actions: [{
      name: "foo",
      started_at: 1769860800 + i / 1000,
      finished_at: 1769860800.001 + i / 1000,
      children: [],
    }],
  };
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "brunt_json_writer_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) out.push(entry.name);
  return out.sort();
}

Deno.test("the written file parses back to the same document with data from the iterable", async () => {
  await withTempDir(async (dir) => {
    const doc = fixture("hooks");
    const { bare, data } = split(doc);
    const path = `${dir}/results.json`;
    const summary = await writeResultsJson(path, bare, (w) => data.get(w.uuid)!);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), doc);
    assert.deepEqual(await readResultsJson(path), doc);
    assert.equal(summary.iterations, 3 + 0 + 2);
    assert.equal(summary.bytes, (await Deno.stat(path)).size);
    assert.deepEqual(await names(dir), ["results.json"]);
  });
});

Deno.test("data already in the document is replaced by the streamed iterations", async () => {
  await withTempDir(async (dir) => {
    const doc = fixture("minimal");
    const path = `${dir}/results.json`;
    await writeResultsJson(path, doc, () => [record(7)]);
    const back = await readResultsJson(path);
    assert.deepEqual(back.tasks[0].subtasks[0].workloads[0].data, [record(7)]);
  });
});

Deno.test("async iterables are streamed like sync ones, and an empty source gives []", async () => {
  await withTempDir(async (dir) => {
    const { bare } = split(fixture("hooks"));
    const path = `${dir}/results.json`;
    const seen: number[] = [];
    await writeResultsJson(path, bare, async function* (w: WorkloadResult) {
      seen.push(w.position);
      if (w.position === 0) { for (let i = 0; i < 3; i++) yield await Promise.resolve(record(i)); }
    });
    assert.deepEqual(seen, [0, 1, 2]);
    const back = await readResultsJson(path);
    const [w0, w1, w2] = back.tasks[0].subtasks[0].workloads;
    assert.deepEqual(w0.data, [record(0), record(1), record(2)]);
    assert.deepEqual(w1.data, []);
    assert.deepEqual(w2.data, []);
  });
});

Deno.test("one iteration takes one indented line", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/results.json`;
    await writeResultsJson(path, fixture("minimal"), () => [record(0), record(1)]);
    const lines = (await Deno.readTextFile(path)).split("\n");
    const first = lines.findIndex((l) => l.trimStart().startsWith('"data": ['));
    assert.equal(lines[first + 1].trim(), `${iterationJson(record(0))},`);
    assert.equal(lines[first + 2].trim(), iterationJson(record(1)));
    assert.deepEqual(JSON.parse(lines[first + 2]), record(1));
    assert.equal(lines[first + 3].trim(), "]");
    assert.equal(lines[first + 1].indexOf("{"), lines[first].indexOf('"') + 2);
  });
});

Deno.test("20,000 lazily generated records are streamed to disk while they are generated", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/results.json`;
    const total = 20_000;
    let tempSizeAtHalf = -1;
    let targetExistedAtHalf = true;
    function* generate(): Generator<IterationRecord> {
      for (let i = 0; i < total; i++) {
        if (i === total / 2) {
          // Half-way through, what was generated must already be on disk,
          // and nothing may be at the target path yet.
          const temp = [...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".tmp"));
          assert.equal(temp.length, 1);
          tempSizeAtHalf = Deno.statSync(`${dir}/${temp[0].name}`).size;
          targetExistedAtHalf = [...Deno.readDirSync(dir)].some((e) => e.name === "results.json");
        }
        yield record(i);
      }
    }
    const summary = await writeResultsJson(path, fixture("minimal"), generate);
    assert.equal(summary.iterations, total);
    assert.equal(targetExistedAtHalf, false);
    // Each record is about 200 bytes: half of them, well over 1 MB, is some
    // 30 of the writer's 64 KiB chunks.
    assert.ok(tempSizeAtHalf > 1_000_000, `only ${tempSizeAtHalf} bytes on disk at half-way`);
    const back = await readResultsJson(path);
    const data = back.tasks[0].subtasks[0].workloads[0].data!;
    assert.equal(data.length, total);
    assert.deepEqual(data[0], record(0));
    assert.deepEqual(data[total - 1], record(total - 1));
    assert.deepEqual(await names(dir), ["results.json"]);
  });
});

Deno.test("an iterable that throws midway leaves no file at the path and no temp file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/results.json`;
    function* failing(): Generator<IterationRecord> {
      for (let i = 0; i < 50_000; i++) yield record(i);
      throw new Error("store went away");
    }
    await assert.rejects(
      writeResultsJson(path, fixture("minimal"), failing),
      /store went away/,
    );
    assert.deepEqual(await names(dir), []);
  });
});

Deno.test("a failed write keeps the previous file at the path untouched", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/results.json`;
    await Deno.writeTextFile(path, "previous");
    // deno-lint-ignore require-yield
    async function* failing(): AsyncGenerator<IterationRecord> {
      throw new Error("boom");
    }
    await assert.rejects(writeResultsJson(path, fixture("minimal"), failing), /boom/);
    assert.equal(await Deno.readTextFile(path), "previous");
    assert.deepEqual(await names(dir), ["results.json"]);
  });
});

Deno.test("writing into a missing folder says which folder is missing", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(
      writeResultsJson(`${dir}/nope/results.json`, fixture("minimal"), () => []),
      (error: Error) => error.message.includes(`the folder ${dir}/nope does not exist`),
    );
  });
});

Deno.test("reading a file that is not JSON names the file", async () => {
  await withTempDir(async (dir) => {
    const path = `${dir}/broken.json`;
    await Deno.writeTextFile(path, '{"info": ');
    await assert.rejects(readResultsJson(path), (error: Error) => {
      assert.ok(error instanceof ResultsFileError);
      assert.equal(error.path, path);
      assert.match(error.message, new RegExp(`^Results file ${path} is not valid JSON: `));
      return true;
    });
  });
});

Deno.test("reading a missing file says so", async () => {
  await assert.rejects(
    readResultsJson("/nonexistent/brunt/results.json"),
    /^ResultsFileError: Cannot read results file \/nonexistent\/brunt\/results.json: no such file/,
  );
});

Deno.test("reading an invalid document lists its first problems with their paths", async () => {
  await withTempDir(async (dir) => {
    const doc = fixture("hooks");
    const w = doc.tasks[0].subtasks[0].workloads[0];
    delete w.hooks[0].results[1].error;
    (w.hooks[0].results[0] as unknown as Record<string, unknown>).status = "ok";
    const path = `${dir}/results.json`;
    await Deno.writeTextFile(path, JSON.stringify(doc));
    await assert.rejects(readResultsJson(path), (error: Error) => {
      assert.ok(error instanceof ResultsFileError);
      assert.equal(error.problems.length, 3);
      assert.equal(
        error.message.split("\n")[0],
        `Results file ${path} is not a valid brunt results document (3 problems):`,
      );
      assert.ok(
        error.message.includes(
          "  - tasks[0].subtasks[0].workloads[0].hooks[0].results[1].error: a failed run needs",
        ),
      );
      return true;
    });
  });
});

Deno.test("a long list of problems is cut after ten with a count of the rest", async () => {
  await withTempDir(async (dir) => {
    const doc = fixture("minimal");
    doc.tasks[0].subtasks[0].workloads[0].data = Array.from(
      { length: 15 },
      () => ({ timestamp: "x" }) as unknown as IterationRecord,
    );
    const path = `${dir}/results.json`;
    await Deno.writeTextFile(path, JSON.stringify(doc));
    await assert.rejects(readResultsJson(path), (error: Error) => {
      const lines = error.message.split("\n");
      assert.equal(lines.length, 1 + 10 + 1);
      assert.match(lines[11], /^ {2}… and \d+ more$/);
      return true;
    });
  });
});
