/**
 * What `@brunt/brunt` is: a small API that loads no more than it needs.
 */
import assert from "node:assert/strict";
import * as brunt from "../mod.ts";
import { staticallyLoaded } from "./helpers/import_graph.ts";

Deno.test("importing @brunt/brunt loads no CLI, SQLite, template engine or worker", async () => {
  const loaded = [...await staticallyLoaded("mod.ts")];
  const heavy = loaded.filter((m) =>
    m.startsWith("src/cli/") || m === "node:sqlite" || m.includes("nunjucks") ||
    /_worker\.ts$/.test(m) || m.startsWith("src/store/sqlite") || m.startsWith("src/report/")
  );
  assert.deepEqual(heavy, []);
});

Deno.test("the subpath exports load what they are for", async () => {
  assert.ok((await staticallyLoaded("src/api/store.ts")).has("node:sqlite"));
  assert.ok((await staticallyLoaded("src/api/cli.ts")).has("src/cli/main.ts"));
});

Deno.test("mod.ts exports at most 80 symbols", async () => {
  // Values are seen at run time; types only in the source's export lists.
  const text = await Deno.readTextFile(new URL("../mod.ts", import.meta.url));
  const names = new Set<string>();
  for (const m of text.matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const n of m[1].split(",")) if (n.trim()) names.add(n.trim().replace(/^type\s+/, ""));
  }
  for (const value of Object.keys(brunt)) assert.ok(names.has(value), `${value} is listed`);
  assert.ok(names.size <= 80, `mod.ts exports ${names.size} symbols`);
});
