/**
 * Bad input is refused with a located message and exit 2, in bounded time
 * and memory, never an internal error: a corpus of hostile task files
 * (tests/fixtures/hostile/, each with the message it must give), inputs too
 * large to keep in the repository, and seeded mutations of the examples.
 */
import assert from "node:assert/strict";
import { createRandom } from "../src/engine/seeded_random.ts";
import { parseTask } from "../src/task/load.ts";
import { TaskFileError } from "../src/task/task_file_error.ts";
import { cli } from "./helpers/cli_in_process.ts";

const HOSTILE = new URL("./fixtures/hostile/", import.meta.url);

Deno.test("every file of the hostile corpus is refused with exit 2 and its own located message", async () => {
  const expected: Record<string, string> = JSON.parse(
    await Deno.readTextFile(new URL("expected.json", HOSTILE)),
  );
  const files = [...Deno.readDirSync(HOSTILE)].map((e) => e.name)
    .filter((n) => n !== "expected.json").sort();
  assert.deepEqual(files, Object.keys(expected).sort(), "each file has its expected message");
  for (const name of files) {
    const { code, err } = await cli("validate", new URL(name, HOSTILE).pathname);
    assert.equal(code, 2, `${name}: ${err}`);
    assert.match(err, new RegExp(expected[name]), name);
  }
});

Deno.test("2,000 unknown scenario names and a name a megabyte long are refused, the first hundred listed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "brunt_hostile_" });
  try {
    const many = Object.fromEntries(
      Array.from({ length: 2_000 }, (_, i) => [`Nope.scenario${i}`, [{}]]),
    );
    await Deno.writeTextFile(`${dir}/many.json`, JSON.stringify(many));
    const listed = await cli("validate", `${dir}/many.json`);
    assert.equal(listed.code, 2);
    assert.match(listed.err, /Nope\.scenario0 \(line 1\): unknown scenario "Nope\.scenario0"/);
    assert.match(listed.err, /… and 1900 more problems not listed$/);

    await Deno.writeTextFile(`${dir}/long.json`, JSON.stringify({ ["N".repeat(1 << 20)]: [{}] }));
    const long = await cli("validate", `${dir}/long.json`);
    assert.equal(long.code, 2);
    assert.match(long.err, /\["N+…\(1048576 chars\)"\] \(line 1\): unknown scenario "N+…"/);
    assert.ok(long.err.length < 2_000, "the name is shown by its start");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "an endless file as the task or the args file is read up to 16 MiB, then refused",
  ignore: Deno.build.os === "windows",
  async fn() {
    const task = await cli("validate", "/dev/zero");
    assert.equal(task.code, 2);
    assert.match(task.err, /\/dev\/zero: cannot read the task file: it is larger than 16 MiB/);
    const args = await cli(
      "validate",
      new URL("../examples/dummy.json", import.meta.url).pathname,
      "--task-args-file",
      "/dev/zero",
    );
    assert.equal(args.code, 2);
    assert.match(args.err, /cannot read the task args file: it is larger than 16 MiB/);
  },
});

// Mutations a fuzzer makes of a valid task: text cut, repeated, or with a
// number, string or nesting no task should hold.
const MUTATIONS: ((text: string, r: () => number) => string)[] = [
  (t, r) => {
    const at = Math.floor(r() * t.length);
    return t.slice(0, at) + t.slice(at + 1);
  },
  (t, r) => {
    const at = Math.floor(r() * t.length);
    return t.slice(0, at) + t.slice(at, at + 40).repeat(3) + t.slice(at + 40);
  },
  (t, r) => {
    const values = ["1e999", "-1", "1e300", "0", "1e-9", "1.5", "-0", "9007199254740993"];
    const numbers = [...t.matchAll(/-?\d+(\.\d+)?/g)];
    if (numbers.length === 0) return t;
    const m = numbers[Math.floor(r() * numbers.length)];
    const v = values[Math.floor(r() * values.length)];
    return t.slice(0, m.index) + v + t.slice(m.index! + m[0].length);
  },
  (t, r) => {
    const strings = [...t.matchAll(/"[^"\\\n]*"/g)];
    if (strings.length === 0) return t;
    const m = strings[Math.floor(r() * strings.length)];
    const v = JSON.stringify(
      ["", "x".repeat(100_000), "constnat", "\u0000\u001b[31m"][
        Math.floor(r() * 4)
      ],
    );
    return t.slice(0, m.index) + v + t.slice(m.index! + m[0].length);
  },
  (t, r) => {
    const values = [...t.matchAll(/: (\d+|"[^"\n]*"|true|false|null)/g)];
    if (values.length === 0) return t;
    const m = values[Math.floor(r() * values.length)];
    const depth = 1 + Math.floor(r() * 200);
    const wrapped = ": " + "[".repeat(depth) + m[1] + "]".repeat(depth);
    return t.slice(0, m.index) + wrapped + t.slice(m.index! + m[0].length);
  },
];

Deno.test("400 seeded mutations of the example tasks are each valid or a TaskFileError, never another error", async () => {
  const examples = ["dummy.json", "hooks.json", "hooks_v2.json", "fault_injection.json"];
  const random = createRandom(12);
  let refused = 0;
  for (const name of examples) {
    const text = await Deno.readTextFile(new URL(`../examples/${name}`, import.meta.url));
    for (let i = 0; i < 100; i++) {
      let mutant = text;
      const steps = 1 + Math.floor(random() * 3);
      for (let s = 0; s < steps; s++) {
        mutant = MUTATIONS[Math.floor(random() * MUTATIONS.length)](mutant, random);
      }
      try {
        parseTask(mutant, name);
      } catch (e) {
        if (!(e instanceof TaskFileError)) {
          assert.fail(`mutant ${i} of ${name} gave ${e}:\n${mutant.slice(0, 2000)}`);
        }
        assert.ok(e.problems.length > 0);
        refused++;
      }
    }
  }
  assert.ok(refused > 200, `${refused} of 400 mutants refused`);
});
