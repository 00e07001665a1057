/**
 * The project's module graph, as `deno info --json` reports it, and the
 * checks run over it: imports against the layering, and import cycles.
 *
 * @module
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

/** One import: from which file, at which line, to which file (paths relative to the root). */
export interface ImportEdge {
  /** The importing module. */
  from: string;
  /** 1-based line of the import. */
  line: number;
  /** The imported module. */
  to: string;
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SOURCES = ["mod.ts", "src", "hooks", "triggers"];

/** Every import between the project's own source modules (tests and bench left out). */
export async function importGraph(): Promise<ImportEdge[]> {
  const files: string[] = [];
  for (const source of SOURCES) await collect(`${ROOT}${source}`, files);
  // One root that imports every source module, so one `deno info` sees them all.
  const dir = await Deno.makeTempDir();
  const root = `${dir}/all.ts`;
  try {
    await Deno.writeTextFile(
      root,
      files.map((f) => `import "${new URL(`file://${f}`).href}";`).join("\n"),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["info", "--json", `--config=${ROOT}deno.json`, root],
      stdout: "piped",
      stderr: "piped",
    }).output();
    if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
    const info = JSON.parse(new TextDecoder().decode(out.stdout)) as DenoInfo;
    const edges: ImportEdge[] = [];
    for (const m of info.modules) {
      if (!m.specifier.startsWith("file://") || m.specifier === new URL(`file://${root}`).href) {
        continue;
      }
      const from = relative(ROOT, fileURLToPath(m.specifier));
      for (const dep of m.dependencies ?? []) {
        for (const r of [dep.code, dep.type]) {
          if (!r?.specifier?.startsWith("file://") || !r.specifier.endsWith(".ts")) continue;
          edges.push({
            from,
            line: r.span.start.line + 1,
            to: relative(ROOT, fileURLToPath(r.specifier)),
          });
        }
      }
    }
    return edges;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/**
 * The imports that go against `layers` (lowest first): from a folder to a
 * folder of the same or a higher layer. Each as `file:line imports file
 * (folder → folder)`.
 */
export function layerViolations(edges: ImportEdge[], layers: string[][]): string[] {
  const rank = new Map<string, number>();
  layers.forEach((folders, i) => folders.forEach((f) => rank.set(f, i)));
  const found: string[] = [];
  for (const e of edges) {
    const a = folderOf(e.from), b = folderOf(e.to);
    if (a === b) continue;
    const ra = rank.get(a), rb = rank.get(b);
    if (ra === undefined || rb === undefined) {
      found.push(`${e.from}:${e.line}: folder ${ra === undefined ? a : b} has no layer`);
    } else if (rb >= ra) {
      found.push(`${e.from}:${e.line} imports ${e.to} (${a} → ${b})`);
    }
  }
  return found;
}

/** Each import cycle once, as `a.ts → b.ts → a.ts`. */
export function moduleCycles(edges: ImportEdge[]): string[] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) {
    if (e.from !== e.to) (next.get(e.from) ?? next.set(e.from, new Set()).get(e.from)!).add(e.to);
  }
  // Tarjan's strongly connected components: a component of more than one module is a cycle.
  let index = 0;
  const idx = new Map<string, number>(), low = new Map<string, number>();
  const stack: string[] = [], onStack = new Set<string>();
  const cycles: string[] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push([...component.sort(), component[0]].join(" → "));
    }
  };
  for (const v of next.keys()) if (!idx.has(v)) visit(v);
  return cycles.sort();
}

/**
 * Every module `root` (a path relative to the project) loads when imported:
 * the static imports, followed transitively (dynamic imports and type-only
 * imports load nothing at first). Project files as relative paths, others
 * (`npm:`, `node:`) as written.
 */
export async function staticallyLoaded(root: string): Promise<Set<string>> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", `--config=${ROOT}deno.json`, `${ROOT}${root}`],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as DenoInfo;
  const bySpecifier = new Map(info.modules.map((m) => [m.specifier, m]));
  const name = (s: string) => s.startsWith("file://") ? relative(ROOT, fileURLToPath(s)) : s;
  const seen = new Set<string>();
  const visit = (specifier: string) => {
    if (seen.has(specifier)) return;
    seen.add(specifier);
    for (const dep of bySpecifier.get(specifier)?.dependencies ?? []) {
      if (dep.isDynamic || !dep.code?.specifier) continue;
      visit(dep.code.specifier);
    }
  };
  visit(new URL(`file://${ROOT}${root}`).href);
  return new Set([...seen].map(name));
}

function folderOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : path.slice(0, i);
}

async function collect(path: string, into: string[]): Promise<void> {
  const info = await Deno.stat(path);
  if (info.isFile) {
    if (path.endsWith(".ts")) into.push(path);
    return;
  }
  for await (const entry of Deno.readDir(path)) await collect(`${path}/${entry.name}`, into);
}

interface DenoInfo {
  modules: {
    specifier: string;
    dependencies?: {
      isDynamic?: boolean;
      code?: { specifier?: string; span: { start: { line: number } } };
      type?: { specifier?: string; span: { start: { line: number } } };
    }[];
  }[];
}
