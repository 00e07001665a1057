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

Deno.test("every symbol mod.ts exports has a runnable example that imports @brunt/brunt and asserts", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", new URL("../mod.ts", import.meta.url).pathname],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(out.success, new TextDecoder().decode(out.stderr));
  const doc = JSON.parse(new TextDecoder().decode(out.stdout)) as DenoDoc;
  const symbols = Object.values(doc.nodes).flatMap((node) => node.symbols);
  assert.ok(symbols.length > 0, "deno doc lists the exports");
  const lacking = symbols.filter((symbol) => {
    const examples = symbol.declarations.flatMap((d) =>
      (d.jsDoc?.tags ?? []).filter((t) => t.kind === "example").map((t) => t.doc ?? "")
    );
    return !examples.some((example) => isRunnableExample(example, symbol.name));
  }).map((symbol) => symbol.name);
  assert.deepEqual(
    lacking,
    [],
    "these exports lack an @example that imports them from " +
      `"@brunt/brunt" and asserts with "node:assert/strict" (in a code block deno test --doc runs)`,
  );
});

/**
 * Whether `example` is a code block `deno test --doc` runs (not `ignore`d)
 * that imports `name` from `@brunt/brunt`, by name as a user would, and
 * asserts with `node:assert/strict` (so a wrong example fails).
 */
function isRunnableExample(example: string, name: string): boolean {
  const fence = /^```(\w*)([^\n]*)\n([\s\S]*?)^```/m.exec(example);
  if (!fence || !["ts", "typescript", ""].includes(fence[1])) return false;
  if (/\b(?:ignore|no-eval|no-run)\b/.test(fence[2])) return false;
  const code = fence[3];
  const imports = [
    ...code.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*"@brunt\/brunt"/g),
  ]
    .flatMap((m) => m[1].split(",").map((n) => n.trim().replace(/^type\s+/, "")));
  return imports.includes(name) && /from\s*"node:assert\/strict"/.test(code) &&
    /\bassert(?:\.\w+)?\(/.test(code);
}

interface DenoDoc {
  nodes: Record<string, {
    symbols: {
      name: string;
      declarations: { jsDoc?: { tags?: { kind: string; doc?: string }[] } }[];
    }[];
  }>;
}
