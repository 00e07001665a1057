/**
 * Finds where and why a text is not valid JSON, in words people act on.
 * `JSON.parse` often reports neither (`Unexpected token '}'` with no
 * position), so this scanner re-reads a text it has rejected.
 *
 * @module
 */

/** The first JSON syntax error in a text. */
export interface JsonSyntaxError {
  /** Offset of the offending character (UTF-16 code units). */
  offset: number;
  /** What is wrong there. */
  message: string;
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  try {
    new JsonScanner(text).document();
    return undefined;
  } catch (e) {
    if (e instanceof Found) return { offset: e.offset, message: e.message };
    throw e;
  }
}

class Found extends Error {
  constructor(readonly offset: number, message: string) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][\w$.-]*/y;
const ESCAPES = new Set(['"', "\\", "/", "b", "f", "n", "r", "t"]);
// Nesting beyond this is not a task file; stop before the stack does.
const MAX_DEPTH = 500;

class JsonScanner {
  pos = 0;
  depth = 0;
  constructor(readonly text: string) {}

  document(): void {
    this.value();
    this.space();
    if (this.pos < this.text.length) {
      this.fail(`unexpected ${this.show()} after the end of the JSON document`);
    }
  }

  fail(message: string, at = this.pos): never {
    throw new Found(at, message);
  }

  /** The token at the cursor, quoted, for messages. */
  show(): string {
    WORD.lastIndex = this.pos;
    const word = WORD.exec(this.text);
    return JSON.stringify(word ? word[0] : this.text[this.pos]);
  }

  space(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") this.pos++;
      else if (c === "#" || (c === "/" && (t[this.pos + 1] === "/" || t[this.pos + 1] === "*"))) {
        this.fail("comments are not allowed in JSON (use a .yaml file for comments)");
      } else return;
    }
  }

  value(): void {
    this.space();
    const c = this.text[this.pos];
    if (c === undefined) this.fail("unexpected end of file; expected a value");
    if (c === "{") return this.nested(() => this.object());
    if (c === "[") return this.nested(() => this.array());
    if (c === '"') return this.string();
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    if (c === "'") this.fail("strings must be in double quotes, not single quotes");
    for (const literal of ["true", "false", "null"]) {
      if (this.text.startsWith(literal, this.pos)) {
        WORD.lastIndex = this.pos;
        if (WORD.exec(this.text)?.[0] === literal) {
          this.pos += literal.length;
          return;
        }
      }
    }
    if (/[A-Za-z_$]/.test(c)) {
      this.fail(`unexpected ${this.show()}; expected a value (strings must be in double quotes)`);
    }
    this.fail(`unexpected ${this.show()}; expected a value`);
  }

  nested(read: () => void): void {
    if (++this.depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    read();
    this.depth--;
  }

  object(): void {
    this.list("}", () => {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('unexpected end of file; expected a key or "}"');
      if (c === "'") this.fail("keys must be in double quotes, not single quotes");
      if (c !== '"') this.fail(`unexpected ${this.show()}; expected a key in double quotes`);
      this.string();
      this.space();
      if (this.text[this.pos] !== ":") {
        this.fail(
          this.pos < this.text.length
            ? `expected ":" after the key; got ${this.show()}`
            : 'unexpected end of file; expected ":" after the key',
        );
      }
      this.pos++;
      this.value();
    });
  }

  array(): void {
    this.list("]", () => this.value());
  }

  // The comma-separated items of an object or array, from its opening
  // bracket (at pos) to `close`; `item` reads one.
  list(close: "}" | "]", item: () => void): void {
    this.pos++;
    this.space();
    if (this.text[this.pos] === close) {
      this.pos++;
      return;
    }
    for (;;) {
      this.space();
      if (this.text[this.pos] === close) {
        this.fail(`a comma before "${close}" is not allowed in JSON (trailing comma)`);
      }
      item();
      this.space();
      const next = this.text[this.pos];
      if (next === ",") {
        this.pos++;
        continue;
      }
      if (next === close) {
        this.pos++;
        return;
      }
      if (next === undefined) this.fail(`unexpected end of file; expected "," or "${close}"`);
      this.fail(`expected "," or "${close}" after the value; got ${this.show()}`);
    }
  }

  string(): void {
    const start = this.pos;
    this.pos++;
    const t = this.text;
    for (;;) {
      const c = t[this.pos];
      if (c === undefined) this.fail("unterminated string (no closing double quote)", start);
      if (c === '"') {
        this.pos++;
        return;
      }
      if (c === "\\") {
        const e = t[this.pos + 1];
        if (e !== undefined && ESCAPES.has(e)) this.pos += 2;
        else if (e === "u" && /^[0-9A-Fa-f]{4}$/.test(t.slice(this.pos + 2, this.pos + 6))) {
          this.pos += 6;
        } else this.fail(`invalid escape "\\${e ?? ""}" in a string`);
      } else if (c === "\n" || c === "\r") {
        this.fail("unterminated string (write a line break inside a string as \\n)", start);
      } else if (c < " ") {
        this.fail("control characters in a string must be escaped (like \\t)");
      } else this.pos++;
    }
  }

  number(): void {
    NUMBER.lastIndex = this.pos;
    const match = NUMBER.exec(this.text);
    const end = match ? this.pos + match[0].length : this.pos;
    if (!match || /[\w.]/.test(this.text[end] ?? "")) {
      const bad = /[-+\w.]*/y;
      bad.lastIndex = this.pos;
      const token = bad.exec(this.text)?.[0] ?? this.text[this.pos];
      this.fail(`invalid number ${JSON.stringify(token)}`);
    }
    this.pos = end;
  }
}
