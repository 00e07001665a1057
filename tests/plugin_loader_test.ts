import assert from "node:assert/strict";
import { join } from "node:path";
import { loadPlugins, PluginLoadError, pluginOrigin } from "../src/plugins/plugin_loader.ts";
import { defaultPlugins, pluginsWith } from "../mod.ts";

const FIXTURES = new URL("./fixtures/plugins/", import.meta.url).pathname;
const REPO = new URL("../", import.meta.url).pathname;

/** Collects warnings instead of printing them. */
function warnings(): { warn: (m: string) => void; seen: string[] } {
  const seen: string[] = [];
  return { warn: (m) => seen.push(m), seen };
}

async function loadError(promise: Promise<unknown>): Promise<PluginLoadError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof PluginLoadError, `expected a PluginLoadError, got ${e}`);
    return e;
  }
  assert.fail("expected a PluginLoadError");
}

Deno.test("a plugin file given by a path relative to cwd registers its plugins", async () => {
  const w = warnings();
  const loaded = await loadPlugins(
    ["tests/fixtures/plugins/user_hook.ts", "tests/fixtures/plugins/user_scenario.ts"],
    { cwd: REPO, warn: w.warn },
  );
  assert.deepEqual(
    loaded.map((m) => [m.source, m.registered.map((p) => `${p.kind}:${p.name}`)]),
    [
      ["tests/fixtures/plugins/user_hook.ts", ["hook:user_note"]],
      ["tests/fixtures/plugins/user_scenario.ts", ["scenario:User.add"]],
    ],
  );
  assert.deepEqual(w.seen, []);
  const hook = pluginsWith(loaded).find("hook", "user_note");
  assert.ok(hook);
  assert.equal(defaultPlugins().find("hook", "user_note"), undefined, "loaded, not ambient");
  assert.equal(pluginOrigin(hook), `file://${FIXTURES}user_hook.ts`);
  assert.equal(
    pluginOrigin(defaultPlugins().find("hook", "sys_call")!),
    undefined,
    "built-ins have no origin",
  );
});

Deno.test("a file in a folder that fails to load is named with the folder", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "a.ts"), "throw new TypeError('bad a');\n");
    const e = await loadError(loadPlugins(dir, { label: "--plugin" }));
    assert.equal(
      e.message,
      `--plugin ${dir} (a.ts): failed to load: bad a (${join(dir, "a.ts")}:1:7)`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a folder loads its plugin files in name order and skips *_test.ts", async () => {
  const loaded = await loadPlugins("folder", { cwd: FIXTURES, warn: () => {} });
  assert.deepEqual(loaded.map((m) => m.module.slice(m.module.lastIndexOf("/") + 1)), [
    "a_trigger.ts",
    "b_sla.ts",
  ]);
  const plugins = pluginsWith(loaded);
  assert.ok(plugins.find("trigger", "user_once"));
  assert.ok(plugins.find("sla", "user_max_failures"));
  assert.equal(plugins.find("scenario", "Ignored.never"), undefined);
});

Deno.test("a module loaded twice is imported once and reports its plugins both times", async () => {
  const w = warnings();
  const first = await loadPlugins(join(FIXTURES, "user_hook.ts"), { warn: w.warn });
  const again = await loadPlugins(join(FIXTURES, "user_hook.ts"), { warn: w.warn });
  assert.deepEqual(again[0].registered, first[0].registered);
  assert.deepEqual(w.seen, [], "a repeated load is not a module that registers nothing");
});

Deno.test("a missing path is an error naming it", async () => {
  const e = await loadError(loadPlugins("no/such/plugin.ts", { cwd: REPO, label: "--plugin" }));
  assert.equal(e.message, "--plugin no/such/plugin.ts: no such file or folder");
  assert.equal(e.source, "no/such/plugin.ts");
});

Deno.test("a module that throws on import is an error naming its file and line", async () => {
  const e = await loadError(
    loadPlugins("tests/fixtures/plugins/broken.ts", { cwd: REPO, label: "--plugin" }),
  );
  assert.equal(
    e.message,
    "--plugin tests/fixtures/plugins/broken.ts: failed to load: broken plugin: cannot start " +
      "(tests/fixtures/plugins/broken.ts:13:7)",
  );
  assert.deepEqual([e.file, e.line, e.column], ["tests/fixtures/plugins/broken.ts", 13, 7]);
});

Deno.test("a module with a syntax error is an error naming its file and line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "bad.ts"), "export const a = 1;\nexport const b = ;\n");
    const e = await loadError(loadPlugins("bad.ts", { cwd: dir }));
    assert.match(e.message, /^plugin bad\.ts: failed to load: SyntaxError: .*at bad\.ts:2:18$/s);
    assert.match(e.message, /export const b = ;/, "the offending line is shown");
    assert.deepEqual([e.file, e.line, e.column], ["bad.ts", 2, 18]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a module that registers nothing is a warning, not an error", async () => {
  const w = warnings();
  const loaded = await loadPlugins("registers_nothing.ts", { cwd: FIXTURES, warn: w.warn });
  assert.deepEqual(loaded[0].registered, []);
  assert.equal(w.seen.length, 1);
  assert.match(w.seen[0], /^plugin registers_nothing\.ts: registered no plugin\. /);
  assert.match(w.seen[0], /when it is imported/);
});

Deno.test("a specifier is imported as it is", async () => {
  const w = warnings();
  const specifier = "data:application/javascript,export const x = 1;";
  const loaded = await loadPlugins(specifier, { warn: w.warn });
  assert.equal(loaded[0].module, specifier);
  assert.equal(w.seen.length, 1, "it registers nothing, so it is warned about");
  const e = await loadError(loadPlugins("data:application/javascript,throw new Error('no');"));
  assert.match(e.message, /failed to load: no$/);
  assert.equal(e.file, undefined);
});

Deno.test("a folder without plugin files is a warning", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(join(dir, "notes.txt"), "not a plugin");
    const w = warnings();
    assert.deepEqual(await loadPlugins(dir, { warn: w.warn }), []);
    assert.deepEqual(w.seen, [
      `plugin ${dir}: the folder has no plugin files (.ts, .js, .mts, .mjs)`,
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
