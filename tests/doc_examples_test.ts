/**
 * The `@example` code blocks in the JSDoc of mod.ts, src/, hooks/ and
 * triggers/, run as `deno test --doc` runs them (each block a module of its
 * own, relative imports resolved from its file, `ts ignore` blocks skipped),
 * but all from this one test module. `deno test --doc` starts a fresh
 * runtime for every block, about 0.3 s of CPU each on a small machine: with
 * some 40 blocks, a quarter of the suite's CPU. `deno task check` type-checks
 * the blocks (`deno check --doc`), as `deno test --doc` did.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);
const SOURCES = ["mod.ts", "src/", "hooks/", "triggers/"];

/** One fenced code block of a JSDoc comment. */
interface DocExample {
  /** The file, relative to the repository root. */
  file: string;
  /** Lines of the fence, 1-based, as `deno test --doc` names a block (`file#first-last`). */
  first: number;
  /** The closing fence's line. */
  last: number;
  /** The code, with the comment's leading ` * ` taken off. */
  code: string;
}

/** The runnable code blocks of `text` (a TypeScript file): ```ts fences in JSDoc, but not ```ts ignore. */
function docExamples(file: string, text: string): DocExample[] {
  const lines = text.split("\n");
  const found: DocExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^\s*\*\s?```(\S*)(.*)$/);
    if (!open) continue;
    const close = lines.findIndex((l, j) => j > i && /^\s*\*\s?```\s*$/.test(l));
    assert.ok(close > i, `${file}:${i + 1}: a code block that is not closed`);
    const [, lang, attributes] = open;
    if (/^(ts|typescript|js|javascript)$/.test(lang) && !/\bignore\b/.test(attributes)) {
      const code = lines.slice(i + 1, close).map((l) => l.replace(/^\s*\*( |$)/, "")).join("\n");
      found.push({ file, first: i + 1, last: close + 1, code });
    }
    i = close;
  }
  return found;
}

// The block as a module of its own: relative imports point at the files
// they name from the block's file.
function moduleUrl(example: DocExample): string {
  const base = new URL(example.file, ROOT);
  const code = example.code.replace(
    /((?:from|import)\s*\(?\s*)(["'])(\.{1,2}\/[^"']+)\2/g,
    (_, keyword, quote, path) => `${keyword}${quote}${new URL(path, base).href}${quote}`,
  );
  return `data:application/typescript;base64,${
    btoa(String.fromCodePoint(...new TextEncoder().encode(code)))
  }`;
}

async function sourceFiles(): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string) => {
    for await (const entry of Deno.readDir(new URL(dir, ROOT))) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory) await walk(`${path}/`);
      else if (path.endsWith(".ts")) files.push(path);
    }
  };
  for (const source of SOURCES) {
    if (source.endsWith("/")) await walk(source);
    else files.push(source);
  }
  return files.sort();
}

const examples: DocExample[] = [];
for (const file of await sourceFiles()) {
  examples.push(...docExamples(file, await Deno.readTextFile(new URL(file, ROOT))));
}

Deno.test("the JSDoc examples are found: every ```ts block but the ignored ones", () => {
  assert.ok(examples.length >= 30, `only ${examples.length} examples found`);
  assert.deepEqual(
    docExamples("x.ts", "/**\n * ```ts\n * a();\n * ```\n * ```ts ignore\n * b();\n * ```\n */"),
    [{ file: "x.ts", first: 2, last: 4, code: "a();" }],
  );
});

for (const example of examples) {
  Deno.test(`${example.file}#${example.first}-${example.last}`, async () => {
    await import(moduleUrl(example));
  });
}
