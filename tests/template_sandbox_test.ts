/**
 * A task template can only produce text: it cannot reach JavaScript's
 * constructors, read files outside its folder, or run without limit in time,
 * memory or output. These render in the real sandbox (a Deno process).
 */
import assert from "node:assert/strict";
import { renderTemplate } from "../src/task/template.ts";
import { TaskFileError } from "../src/task/task_file_error.ts";

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof TaskFileError, String(e));
    return e.message;
  }
  assert.fail("the template rendered");
}

Deno.test("a template cannot reach a constructor, by name or by a name it builds, nor inherited names", async () => {
  const named = await refusal(
    renderTemplate(
      `{"a": "{{ range.constructor("return Deno.env.toObject()")() }}"}`,
      {},
      "t.json",
    ),
  );
  assert.match(named, /^t\.json:1:17: templates may not read "constructor"/);
  const built = await refusal(
    renderTemplate(`{% set k = "constr" ~ "uctor" %}{{ cycler[k]("return 1")() }}`, {}, "t.yaml"),
  );
  assert.match(built, /template error: templates may not read "constructor"/);
  const proto = await refusal(renderTemplate(`{{ x.__proto__ }}`, { x: {} }, "t.yaml"));
  assert.match(proto, /templates may not read "__proto__"/);
  // Inherited by every object, so never a variable of the template's.
  const inherited = await refusal(renderTemplate(`{{ toString }}`, {}, "t.yaml"));
  assert.match(inherited, /template variable "toString" has no value/);
});

Deno.test("a range too long for a task is refused at once, and a loop that runs too long is stopped", async () => {
  const range = await refusal(
    renderTemplate(`{% for i in range(100000000) %}x{% endfor %}`, {}, "t.yaml"),
  );
  assert.match(range, /range\(\) of 100000000 items: at most 100000 in a task template/);
  const loops = await refusal(
    renderTemplate(
      `{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}`,
      {},
      "t.yaml",
      { timeoutMs: 300 },
    ),
  );
  assert.match(loops, /took longer than 0\.3 s and was stopped/);
});

Deno.test("a template that builds more than the sandbox's memory is stopped; output beyond 16 MiB is refused", async () => {
  const memory = await refusal(
    renderTemplate(
      `{% set a = [] %}{% for i in range(100000) %}{% set _ = a.push(range(100000)) %}{% endfor %}`,
      {},
      "t.yaml",
      { memoryMb: 32 },
    ),
  );
  assert.match(memory, /needed more than 32 MB and was stopped/);
  const output = await refusal(
    renderTemplate(`{% for i in range(100000) %}{{ line }}{% endfor %}`, {
      line: "x".repeat(200),
    }, "t.yaml"),
  );
  assert.match(output, /the rendered task is 20000000 characters long, more than the 16777216/);
});

Deno.test("an include is read by its real path inside the task's folder: a link or .. out of it is refused", async () => {
  const outside = await Deno.makeTempDir({ prefix: "brunt_outside_" });
  const dir = await Deno.makeTempDir({ prefix: "brunt_include_" });
  try {
    await Deno.writeTextFile(`${outside}/secret.txt`, "secret");
    await Deno.writeTextFile(`${dir}/part.yaml`, "inside");
    await Deno.symlink(`${outside}/secret.txt`, `${dir}/link.yaml`);
    await Deno.symlink(outside, `${dir}/sub`);
    assert.equal(
      await renderTemplate(`{% include "part.yaml" %}`, {}, "t.yaml", { includeDir: dir }),
      "inside",
    );
    for (
      const name of ["link.yaml", "sub/secret.txt", `../${outside.split("/").pop()}/secret.txt`]
    ) {
      const message = await refusal(
        renderTemplate(`{% include "${name}" %}`, {}, "t.yaml", { includeDir: dir }),
      );
      assert.match(message, /is outside the task file's folder/, name);
      assert.doesNotMatch(message, /secret$/m);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});
