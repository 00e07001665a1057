/**
 * Splitting a command line into words the way a POSIX shell splits them,
 * without starting a shell.
 *
 * @module
 */

/** A command line that cannot be split into words (an unterminated quote, a trailing backslash). */
export class ShellWordsError extends SyntaxError {
  /** Zero-based index in the command line where the problem starts. */
  readonly index: number;

  /** Creates the error for the problem at `index` of a command line. */
  constructor(message: string, index: number) {
    super(message);
    this.name = "ShellWordsError";
    this.index = index;
  }
}

/**
 * Splits `line` into words like a POSIX shell's tokenizer does, and does
 * nothing else a shell does: no variable, command or glob expansion, no
 * redirection, pipes or comments (`$HOME`, `*`, `>`, `|` and `#` stay
 * literal text).
 *
 * - Blanks (space, tab, newline, carriage return) separate words.
 * - `'…'` keeps everything up to the next `'` literally.
 * - `"…"` keeps its text, where a backslash escapes only `"`, `\`, `$`,
 *   a backtick and newline (backslash-newline is removed); before any other
 *   character the backslash is kept.
 * - Outside quotes a backslash makes the next character literal
 *   (backslash-newline is removed).
 * - Quotes join with the text around them (`a'b c'd` is one word `ab cd`),
 *   and `''` is an empty word.
 *
 * @param line The command line.
 * @returns The words; empty when `line` is blank.
 * @throws {ShellWordsError} On an unterminated quote, a trailing backslash
 *   or a NUL character.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { splitShellWords } from "./shell_words.ts";
 * const words = splitShellWords(`/bin/echo 'a  b' "c \\"d\\""`);
 * assert.deepEqual(words, ["/bin/echo", "a  b", 'c "d"']);
 * ```
 */
export function splitShellWords(line: string): string[] {
  const words: string[] = [];
  // `word` is undefined between words, so `''` can still make an empty word.
  let word: string | undefined;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (BLANKS.has(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
    } else if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw unterminated(line, i, "single");
      word = (word ?? "") + line.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const [text, next] = readDoubleQuoted(line, i);
      word = (word ?? "") + text;
      i = next;
    } else if (c === "\\") {
      if (i + 1 >= line.length) {
        throw new ShellWordsError(
          `The command line ends with a backslash that escapes nothing (column ${i + 1} of ${
            JSON.stringify(line)
          }); remove it, or write \\\\ for a literal backslash`,
          i,
        );
      }
      // Backslash-newline is a line continuation: it joins, it adds nothing.
      if (line[i + 1] !== "\n") word = (word ?? "") + line[i + 1];
      i += 2;
    } else if (c === "\0") {
      throw nul(i);
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

const BLANKS = new Set([" ", "\t", "\n", "\r"]);
// What a backslash escapes inside double quotes (POSIX 2.2.3).
const DQ_ESCAPABLE = new Set(['"', "\\", "$", "`", "\n"]);

// Reads the double-quoted text opening at `start`; returns it and the index after the closing quote.
function readDoubleQuoted(line: string, start: number): [string, number] {
  let text = "";
  let i = start + 1;
  while (i < line.length) {
    const c = line[i];
    if (c === '"') return [text, i + 1];
    if (c === "\0") throw nul(i);
    if (c === "\\" && i + 1 < line.length && DQ_ESCAPABLE.has(line[i + 1])) {
      if (line[i + 1] !== "\n") text += line[i + 1];
      i += 2;
    } else {
      text += c;
      i++;
    }
  }
  throw unterminated(line, start, "double");
}

function unterminated(line: string, index: number, kind: "single" | "double"): ShellWordsError {
  const q = kind === "single" ? "'" : '"';
  return new ShellWordsError(
    `Unterminated ${kind} quote: the ${q} at column ${index + 1} of ${
      JSON.stringify(line)
    } has no closing ${q}; close it, or escape it as \\${q}`,
    index,
  );
}

function nul(index: number): ShellWordsError {
  return new ShellWordsError(
    `The command line has a NUL character at column ${
      index + 1
    }, which no program argument can hold`,
    index,
  );
}
