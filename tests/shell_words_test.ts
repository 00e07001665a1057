import assert from "node:assert/strict";
import { ShellWordsError, splitShellWords } from "../src/process/shell_words.ts";

Deno.test("blanks separate words and runs of blanks count once", () => {
  assert.deepEqual(splitShellWords("  /bin/echo \t a\nb\r\nc  "), ["/bin/echo", "a", "b", "c"]);
});

Deno.test("a blank command line has no words", () => {
  assert.deepEqual(splitShellWords(""), []);
  assert.deepEqual(splitShellWords(" \t\n "), []);
});

Deno.test("single quotes keep everything literally, backslashes and double quotes included", () => {
  assert.deepEqual(splitShellWords(`echo 'a  b' 'c\\d' 'e"f' '$HOME'`), [
    "echo",
    "a  b",
    "c\\d",
    'e"f',
    "$HOME",
  ]);
});

Deno.test('inside double quotes a backslash escapes only ", \\, $, backtick and newline', () => {
  assert.deepEqual(splitShellWords(`"a\\"b" "c\\\\d" "e\\$f" "g\\\`h" "i\\jk" "l\\'m"`), [
    'a"b',
    "c\\d",
    "e$f",
    "g`h",
    "i\\jk",
    "l\\'m",
  ]);
});

Deno.test("backslash-newline is removed inside double quotes and outside quotes", () => {
  assert.deepEqual(splitShellWords(`"a\\\nb" c\\\nd`), ["ab", "cd"]);
});

Deno.test("outside quotes a backslash makes the next character literal", () => {
  assert.deepEqual(splitShellWords(`a\\ b c\\'d e\\"f g\\\\h \\x`), [
    "a b",
    "c'd",
    'e"f',
    "g\\h",
    "x",
  ]);
});

Deno.test("quotes join with adjacent text into one word", () => {
  assert.deepEqual(splitShellWords(`a'b c'"d e"f x`), ["ab cd ef", "x"]);
});

Deno.test("empty quotes make empty words", () => {
  assert.deepEqual(splitShellWords(`prog '' "" x`), ["prog", "", "", "x"]);
});

Deno.test("shell syntax other than quoting stays literal: no expansion, redirection, pipes or comments", () => {
  assert.deepEqual(splitShellWords("echo $HOME * > out | wc # not a comment ;"), [
    "echo",
    "$HOME",
    "*",
    ">",
    "out",
    "|",
    "wc",
    "#",
    "not",
    "a",
    "comment",
    ";",
  ]);
});

Deno.test("the example from Rally's reference task splits like shlex does", () => {
  assert.deepEqual(splitShellWords(`/bin/sh -c 'echo hello'`), ["/bin/sh", "-c", "echo hello"]);
  assert.deepEqual(splitShellWords(`/bin/echo {"additive": []}`), [
    "/bin/echo",
    "{additive:",
    "[]}",
  ]);
});

Deno.test("an unterminated single quote is an error naming its column", () => {
  assert.throws(
    () => splitShellWords("/bin/echo 'abc"),
    (e: unknown) => {
      assert.ok(e instanceof ShellWordsError);
      assert.equal(e.name, "ShellWordsError");
      assert.equal(e.index, 10);
      assert.match(
        e.message,
        /Unterminated single quote: the ' at column 11 of "\/bin\/echo 'abc"/,
      );
      return true;
    },
  );
});

Deno.test("an unterminated double quote is an error, also when its last quote is escaped", () => {
  for (const line of [`echo "abc`, `echo "abc\\"`]) {
    assert.throws(
      () => splitShellWords(line),
      (e: unknown) =>
        e instanceof ShellWordsError && e.index === 5 && /double quote/.test(e.message),
      line,
    );
  }
});

Deno.test("a quote inside the other kind of quotes does not need closing", () => {
  assert.deepEqual(splitShellWords(`"it's" '"'`), ["it's", '"']);
});

Deno.test("a trailing backslash is an error", () => {
  assert.throws(
    () => splitShellWords("echo a\\"),
    (e: unknown) =>
      e instanceof ShellWordsError && e.index === 6 && /ends with a backslash/.test(e.message),
  );
});

Deno.test("a NUL character is an error", () => {
  assert.throws(() => splitShellWords("echo a\0b"), ShellWordsError);
  assert.throws(() => splitShellWords('echo "a\0b"'), ShellWordsError);
});
