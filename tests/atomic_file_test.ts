/**
 * Result files are written whole or not at all, and no hidden temporary
 * file outlives its writer: removed when quitting mid-write, and left-overs
 * of a killed writer removed at the next write of the same file.
 */
import assert from "node:assert/strict";
import { removeUnfinishedFiles, writeAll, writeAtomically } from "../src/report/atomic_file.ts";

function names(dir: string): string[] {
  return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
}

Deno.test("a write that fails leaves the file as it was and no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/r.json`, "old");
    await assert.rejects(
      writeAtomically(`${dir}/r.json`, async (file) => {
        await writeAll(file, new TextEncoder().encode("half"));
        throw new Error("disk full");
      }),
      /disk full/,
    );
    assert.equal(await Deno.readTextFile(`${dir}/r.json`), "old");
    assert.deepEqual(names(dir), ["r.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a killed writer's temporary file is removed at the next write of the file; a live one's is left", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const gone = new Deno.Command("true").spawn();
    await gone.status;
    const dead = `.r.json.${gone.pid}.0123abcd.tmp`;
    const live = `.r.json.${Deno.pid}.0123abcd.tmp`;
    await Deno.writeTextFile(`${dir}/${dead}`, "x".repeat(1000));
    await Deno.writeTextFile(`${dir}/${live}`, "x");
    await writeAtomically(
      `${dir}/r.json`,
      (file) => writeAll(file, new TextEncoder().encode("new")),
    );
    assert.deepEqual(names(dir), [live, "r.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("quitting mid-write removes the temporary files of the writes in progress", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let release!: () => void;
    const halfway = new Promise<void>((resolve) => release = resolve);
    let started!: () => void;
    const writing = new Promise<void>((resolve) => started = resolve);
    const write = writeAtomically(`${dir}/r.json`, async (file) => {
      await writeAll(file, new TextEncoder().encode("half"));
      started();
      await halfway;
    });
    await writing;
    assert.equal(names(dir).length, 1, "the temporary file exists while it is written");
    removeUnfinishedFiles();
    assert.deepEqual(names(dir), []);
    release();
    await assert.rejects(write);
    assert.deepEqual(names(dir), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
