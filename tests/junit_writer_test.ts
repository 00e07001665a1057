import assert from "node:assert/strict";
import type { ResultsDocument, WorkloadResult } from "../src/model/results_document.ts";
import { junitXml, writeJunit } from "../src/report/junit_writer.ts";

function fixture(name: string): ResultsDocument {
  return JSON.parse(
    Deno.readTextFileSync(new URL(`./fixtures/results/${name}.json`, import.meta.url)),
  );
}

function firstWorkload(doc: ResultsDocument): WorkloadResult {
  return doc.tasks[0].subtasks[0].workloads[0];
}

// ---- A tiny strict XML 1.0 parser: enough to prove the output is well-formed.

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (not its children's), entities decoded. */
  text: string;
}

// Everything outside XML 1.0's Char production, lone surrogates included.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME = /[A-Za-z_:][\w.:-]*/y;

/** Parses `src` strictly; throws saying what is wrong and where. */
function parseXml(src: string): XmlElement {
  const bad = NOT_XML_CHAR.exec(src);
  if (bad) fail(`character U+${bad[0].codePointAt(0)!.toString(16)} is not allowed`, bad.index);
  let pos = 0;
  const skipSpace = () => {
    while (pos < src.length && " \t\r\n".includes(src[pos])) pos++;
  };
  function fail(message: string, at = pos): never {
    throw new SyntaxError(`${message} at offset ${at}: ${JSON.stringify(src.slice(at, at + 30))}`);
  }
  function name(): string {
    NAME.lastIndex = pos;
    const m = NAME.exec(src);
    if (!m) fail("expected a name");
    pos += m[0].length;
    return m[0];
  }
  function decode(raw: string, at: number): string {
    return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(";")) fail("'&' must start a reference like &amp;", at);
      const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
      if (ref in named) return named[ref];
      const code = /^#x[0-9A-Fa-f]+$/.test(ref)
        ? parseInt(ref.slice(2), 16)
        : /^#[0-9]+$/.test(ref)
        ? parseInt(ref.slice(1), 10)
        : fail(`unknown entity &${ref};`, at);
      const char = String.fromCodePoint(code);
      if (NOT_XML_CHAR.test(char)) fail(`&${ref}; is not an allowed character`, at);
      return char;
    });
  }
  function element(): XmlElement {
    if (src[pos] !== "<") fail("expected '<'");
    pos++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: "" };
    for (;;) {
      const before = pos;
      skipSpace();
      if (src.startsWith("/>", pos)) {
        pos += 2;
        return el;
      }
      if (src[pos] === ">") {
        pos++;
        break;
      }
      if (pos === before) fail("expected whitespace before an attribute");
      const key = name();
      if (key in el.attrs) fail(`duplicate attribute ${key}`);
      skipSpace();
      if (src[pos] !== "=") fail("expected '='");
      pos++;
      skipSpace();
      const quote = src[pos];
      if (quote !== '"' && quote !== "'") fail("expected a quoted attribute value");
      const end = src.indexOf(quote, pos + 1);
      if (end < 0) fail("unterminated attribute value");
      const raw = src.slice(pos + 1, end);
      if (raw.includes("<")) fail("'<' in an attribute value", pos);
      // Attribute-value normalization: literal whitespace becomes a space.
      el.attrs[key] = decode(raw.replace(/[\t\r\n]/g, " "), pos);
      pos = end + 1;
    }
    for (;;) {
      const next = src.indexOf("<", pos);
      if (next < 0) fail(`unclosed <${el.name}>`);
      const raw = src.slice(pos, next);
      if (raw.includes("]]>")) fail("']]>' in text", pos);
      el.text += decode(raw, pos);
      pos = next;
      if (src.startsWith("</", pos)) {
        pos += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        if (src[pos] !== ">") fail("expected '>'");
        pos++;
        return el;
      }
      if (src.startsWith("<!", pos) || src.startsWith("<?", pos)) {
        fail("comments, CDATA and processing instructions are not expected");
      }
      el.children.push(element());
    }
  }
  const decl = /^<\?xml version="1\.0" encoding="UTF-8"\?>/.exec(src);
  if (decl) pos = decl[0].length;
  skipSpace();
  const root = element();
  skipSpace();
  if (pos !== src.length) fail("content after the root element");
  return root;
}

function all(el: XmlElement, name: string): XmlElement[] {
  return el.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);
}

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

// ---- Tests

Deno.test("the test's XML parser rejects what is not well-formed", () => {
  assert.ok(parseXml('<a x="1"><b>t &amp; &#10;</b><c/></a>'));
  for (
    const bad of [
      "<a>&</a>",
      "<a>&bogus;</a>",
      "<a><b></a></b>",
      '<a x="<"/>',
      '<a x="1" x="2"/>',
      '<a x="1"y="2"/>',
      "<a>\u0000</a>",
      "<a>&#0;</a>",
      "<a>]]></a>",
      "<a/><b/>",
      "<a>",
    ]
  ) {
    assert.throws(() => parseXml(bad), SyntaxError, bad);
  }
});

Deno.test("the report is well-formed XML wrapped in <testsuites> with one suite per task", () => {
  const doc = fixture("hooks");
  const second = structuredClone(fixture("minimal").tasks[0]);
  second.title = "second run";
  doc.tasks.push(second);
  const xml = junitXml(doc);
  assert.ok(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites'));
  const root = parseXml(xml);
  assert.equal(root.name, "testsuites");
  const suites = root.children;
  assert.deepEqual(suites.map((s) => s.name), ["testsuite", "testsuite"]);
  assert.deepEqual(suites.map((s) => s.attrs.name), ["hooks & faults", "second run"]);
  assert.deepEqual(
    { ...root.attrs },
    { name: "brunt", tests: "4", failures: "1", errors: "1", skipped: "1", time: "10.000" },
  );
});

Deno.test("suite counts and attributes: tests, failures, errors, skipped, time, timestamp", () => {
  const suite = parseXml(junitXml(fixture("hooks"))).children[0];
  assert.deepEqual(
    { ...suite.attrs },
    {
      name: "hooks & faults",
      id: "0",
      tests: "3",
      failures: "1",
      errors: "1",
      skipped: "1",
      time: "5.000",
      timestamp: "2026-01-31T12:00:00",
    },
  );
  const props = Object.fromEntries(
    all(suite, "property").map((p) => [p.attrs.name, p.attrs.value]),
  );
  assert.equal(props.uuid, "7d5e0a53-0000-4000-8000-000000000001");
  assert.equal(props.seed, "42");
});

Deno.test("one test case per workload named by subtask, scenario and position, timed by full_duration", () => {
  const suite = parseXml(junitXml(fixture("hooks"))).children[0];
  const cases = all(suite, "testcase");
  assert.deepEqual(
    cases.map((c) => ({ ...c.attrs })),
    [
      { classname: "dummy with hooks", name: "Dummy.dummy [0]", time: "1.000" },
      { classname: "dummy with hooks", name: "Dummy.dummy [1]", time: "0.000" },
      { classname: "dummy with hooks", name: "Dummy.failure [2]", time: "0.600" },
    ],
  );
});

Deno.test("each failed SLA criterion is a failure of type sla with its detail as text", () => {
  const doc = fixture("hooks");
  firstWorkload(doc).sla_results.sla[1].success = false;
  const [first] = all(parseXml(junitXml(doc)), "testcase");
  const failures = all(first, "failure");
  assert.deepEqual(failures.map((f) => f.attrs.type), ["sla", "sla"]);
  assert.equal(
    failures[0].attrs.message,
    "failure_rate: Failure rate criteria 0.00% <= 33.33% <= 0.00% - Failed",
  );
  assert.equal(failures[0].text, "Failure rate criteria 0.00% <= 33.33% <= 0.00% - Failed");
  assert.match(failures[1].attrs.message, /^max_seconds_per_iteration: /);
  assert.equal(parseXml(junitXml(doc)).children[0].attrs.failures, "1");
});

Deno.test("a skipped workload has <skipped/> and counts as skipped only", () => {
  const [, skipped] = all(parseXml(junitXml(fixture("hooks"))), "testcase");
  assert.deepEqual(skipped.children.map((c) => c.name), ["skipped"]);
});

Deno.test("an aborted workload is an error; an interrupt reported in sla_results is one error, not a failure", () => {
  const doc = fixture("minimal");
  const w = firstWorkload(doc);
  w.status = "aborted";
  w.pass_sla = false;
  w.sla_results.sla.push({
    criterion: "aborted_manually",
    success: false,
    detail: "Task was aborted due to abort signal.",
  });
  const root = parseXml(junitXml(doc));
  const [c] = all(root, "testcase");
  assert.deepEqual(all(c, "failure"), []);
  const [error] = all(c, "error");
  assert.equal(error.attrs.type, "aborted");
  assert.equal(error.attrs.message, "aborted_manually: Task was aborted due to abort signal.");
  assert.equal(root.attrs.errors, "1");
  assert.equal(root.attrs.failures, "0");
});

Deno.test("a load stopped by an SLA is a failure, not an error", () => {
  const doc = fixture("minimal");
  const w = firstWorkload(doc);
  w.status = "aborted";
  w.pass_sla = false;
  w.sla_results = {
    sla: [
      { criterion: "failure_rate", success: false, detail: "too many - Failed" },
      {
        criterion: "aborted_on_sla",
        success: false,
        detail: "Task was aborted due to SLA failure(s).",
      },
    ],
    aborted_on_sla_failure: true,
  };
  const root = parseXml(junitXml(doc));
  const [c] = all(root, "testcase");
  assert.equal(all(c, "failure").length, 2);
  assert.deepEqual(all(c, "error"), []);
  assert.deepEqual([root.attrs.failures, root.attrs.errors], ["1", "0"]);
  assert.match(child(c, "system-out")!.text, /load stopped on SLA failure/);
});

Deno.test("failed hook runs are listed in system-out and do not fail the test case", () => {
  const doc = fixture("hooks");
  const w = firstWorkload(doc);
  w.pass_sla = true;
  w.sla_results.sla[0].success = true;
  const root = parseXml(junitXml(doc));
  const [c] = all(root, "testcase");
  assert.deepEqual(c.children.map((e) => e.name), ["system-out"]);
  assert.equal(root.attrs.failures, "0");
  const out = child(c, "system-out")!.text;
  assert.ok(
    out.includes(
      'hook 0 sys_call ("at iterations") run at iteration 3 failed: CalledProcessError: Subprocess returned 1\n  boom <stderr> & "quotes"',
    ),
    out,
  );
  assert.ok(out.includes("hook 1 sys_call: 2 trigger point(s) not reached: 1, 1.5"), out);
  assert.ok(out.startsWith("status: finished; iterations: 3, failed: 1"), out);
});

Deno.test("an untitled task's suite is named by its uuid", () => {
  const doc = fixture("minimal");
  const [suite] = parseXml(junitXml(doc)).children;
  assert.equal(suite.attrs.name, doc.tasks[0].uuid);
});

Deno.test("hostile strings are escaped in attributes and text; forbidden characters are replaced", () => {
  const hostile =
    `<script>alert("x")</script> ]]> & 'q' "dq" \u0000\u0001 \u001b[31mred\u001b[0m \uD800 \uFFFE tab\tnl\n`;
  const expected =
    `<script>alert("x")</script> ]]> & 'q' "dq" \uFFFD\uFFFD red \uFFFD \uFFFD tab\tnl\n`;
  const doc = fixture("hooks");
  doc.tasks[0].title = hostile;
  doc.tasks[0].subtasks[0].title = hostile;
  const w = firstWorkload(doc);
  w.scenario = { [hostile]: {} };
  w.sla_results.sla[0].detail = hostile;
  w.hooks[0].results[1].error!.details = hostile;
  const xml = junitXml(doc);
  for (const raw of ["<script>", "]]>", "\u0000", "\u0001", "\u001b", "\uFFFE", "& "]) {
    assert.ok(!xml.includes(raw), `raw ${JSON.stringify(raw)} in output`);
  }
  const root = parseXml(xml);
  const [suite] = root.children;
  assert.equal(suite.attrs.name, expected);
  const [c] = all(suite, "testcase");
  assert.equal(c.attrs.classname, expected);
  assert.equal(c.attrs.name, `${expected} [0]`);
  const [failure] = all(c, "failure");
  assert.equal(failure.attrs.message, `failure_rate: ${expected}`);
  assert.equal(failure.text, expected);
  assert.ok(child(c, "system-out")!.text.includes(expected.replaceAll("\n", "\n  ").trimEnd()));
});

Deno.test("writeJunit writes the report atomically", async () => {
  const dir = await Deno.makeTempDir({ prefix: "brunt_junit_" });
  try {
    const doc = fixture("hooks");
    await writeJunit(`${dir}/junit.xml`, doc);
    assert.equal(await Deno.readTextFile(`${dir}/junit.xml`), junitXml(doc));
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["junit.xml"]);
    await assert.rejects(
      writeJunit(`${dir}/missing/junit.xml`, doc),
      /the folder .*missing does not exist/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
