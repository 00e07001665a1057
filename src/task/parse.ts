/**
 * Parses task file text (JSON or YAML) into data plus a way back from a path
 * in that data to a line and column in the text.
 *
 * @module
 */
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from "yaml";
import { jsonTooDeepAt, TOO_DEEP } from "./document_limits.ts";
import { excerptAt } from "./excerpt.ts";
import { findJsonSyntaxError } from "./json_syntax.ts";
import { TaskFileError, type TaskFileProblem } from "./task_file_error.ts";
import type { TaskPath } from "./task_path.ts";

/** A 1-based line and column in the task file. */
export interface TextPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

/** A parsed task file. */
export interface ParsedDocument {
  /** The file's name, for messages. */
  filename: string;
  /** Which syntax it was read as. */
  syntax: "json" | "yaml";
  /** The data as written. */
  data: unknown;
  /**
   * Where `path` is in the text: the value's start, or with `key` the key's.
   * A path that goes past what exists gives its deepest existing part.
   */
  locate(path: TaskPath, key?: boolean): TextPosition | undefined;
}

/**
 * Parses `text` as JSON or YAML: by `filename`'s extension (`.json`,
 * `.yaml`, `.yml`); otherwise text that opens with `{` or `[` is JSON and
 * anything else YAML.
 *
 * @throws {TaskFileError} on a syntax error (with line, column and excerpt)
 *   or a duplicate key.
 */
export function parseDocumentText(text: string, filename: string): ParsedDocument {
  const ext = /\.([^./\\]+)$/.exec(filename)?.[1]?.toLowerCase();
  if (ext === "json") return parseJson(text, filename);
  if (ext === "yaml" || ext === "yml") return parseYaml(text, filename);
  // Text that opens like JSON is JSON: YAML would read a broken JSON file
  // without complaint (`{"runner": }` is a null runner in YAML).
  if (/^\uFEFF?\s*[[{]/.test(text)) return parseJson(text, filename);
  return parseYaml(text, filename);
}

function parseJson(text: string, filename: string): ParsedDocument {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const deep = jsonTooDeepAt(body);
  if (deep >= 0) {
    throw new TaskFileError(filename, [
      syntaxProblem(text, deep + text.length - body.length, TOO_DEEP),
    ]);
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const found = findJsonSyntaxError(body) ??
      { offset: 0, message: (e as Error).message };
    const offset = found.offset + (body === text ? 0 : 1);
    throw new TaskFileError(filename, [syntaxProblem(text, offset, found.message)]);
  }
  // JSON is YAML, so the YAML parser gives the node positions; it also
  // catches duplicate keys, which JSON.parse silently resolves to the last.
  const { doc, lineCounter, duplicates } = readYaml(text);
  if (duplicates.length > 0) {
    throw new TaskFileError(
      filename,
      duplicates.map((at) => syntaxProblem(text, at, duplicateMessage(text, at))),
    );
  }
  const usable = doc.errors.length === 0;
  return {
    filename,
    syntax: "json",
    data,
    locate: (path, key) => usable ? locateIn(doc, lineCounter, path, key ?? false) : undefined,
  };
}

function parseYaml(text: string, filename: string): ParsedDocument {
  const { doc, lineCounter, duplicates } = readYaml(text);
  if (doc.errors.length > 0) {
    // Later syntax errors are mostly echoes of the first.
    const [error] = doc.errors;
    throw new TaskFileError(filename, [
      syntaxProblem(text, error.pos[0], yamlMessage(error.message)),
    ]);
  }
  if (duplicates.length > 0) {
    // Independent of each other, so they are all worth listing.
    throw new TaskFileError(
      filename,
      duplicates.map((at) => syntaxProblem(text, at, duplicateMessage(text, at))),
    );
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_NODES });
  } catch (e) {
    throw new TaskFileError(filename, [aliasProblem(text, (e as Error).message)]);
  }
  return {
    filename,
    syntax: "yaml",
    data,
    locate: (path, key) => locateIn(doc, lineCounter, path, key ?? false),
  };
}

/**
 * `text` parsed as YAML, with the offsets of keys that repeat an earlier
 * key of their map. The yaml package's own check compares each key with
 * every other (32,000 keys took 25 s); a set per map takes linear time.
 */
function readYaml(text: string): { doc: Document; lineCounter: LineCounter; duplicates: number[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const duplicates: number[] = [];
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isSeq(node)) { for (const item of node.items) stack.push(item); }
    else if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        if (isScalar(pair.key)) {
          const key = String(pair.key.value);
          if (keys.has(key) && pair.key.range) duplicates.push(pair.key.range[0]);
          keys.add(key);
        }
        stack.push(pair.value);
      }
    }
  }
  return { doc, lineCounter, duplicates: duplicates.sort((a, b) => a - b) };
}

/** How many nodes YAML aliases may expand to in all: more is an alias bomb. */
const MAX_ALIAS_NODES = 1000;

// Building the data failed on an alias: one not defined before its use, or
// aliases of aliases expanding past MAX_ALIAS_NODES.
function aliasProblem(text: string, message: string): TaskFileProblem {
  const unresolved = /^Unresolved alias .*: (.+)$/.exec(message)?.[1];
  if (unresolved !== undefined) {
    const at = text.indexOf(`*${unresolved}`);
    const problem = `alias *${unresolved} names no anchor (&${unresolved}) set before it`;
    return at < 0 ? { path: "", message: problem } : syntaxProblem(text, at, problem);
  }
  return {
    path: "",
    message: `its aliases expand to more than ${MAX_ALIAS_NODES} values (aliases of aliases ` +
      `multiply); write the values out, or alias fewer levels`,
  };
}

function yamlMessage(message: string): string {
  const first = message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
  if (/maximum call stack size exceeded/i.test(first)) return TOO_DEEP;
  return first.charAt(0).toLowerCase() + first.slice(1);
}

function duplicateMessage(text: string, offset: number): string {
  const key = /"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^:\n]*/y;
  key.lastIndex = offset;
  return `duplicate key ${key.exec(text)?.[0].trim() ?? ""}: ` +
    "each key may appear once in an object (the later one would silently replace the earlier)";
}

function syntaxProblem(text: string, offset: number, message: string): TaskFileProblem {
  const { line, column } = positionOf(text, offset);
  return { path: "", message, line, column, excerpt: excerptAt(text, line, column) };
}

function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function locateIn(
  doc: Document,
  lineCounter: LineCounter,
  path: TaskPath,
  wantKey: boolean,
): TextPosition | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  let deepest: unknown = node;
  let found = 0;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) =>
        isScalar(p.key) && String(p.key.value) === String(segment)
      );
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      keyNode = undefined;
      node = node.items[segment];
    } else break;
    found++;
    // `key:` with no value has no value node; the key stands in for it.
    deepest = node ?? keyNode;
    if (node === null || node === undefined) break;
  }
  const target = wantKey && found === path.length && keyNode !== undefined ? keyNode : deepest;
  const range = (target as { range?: [number, number, number] } | null)?.range;
  if (!range) return undefined;
  const { line, col } = lineCounter.linePos(range[0]);
  return { line, column: col };
}
