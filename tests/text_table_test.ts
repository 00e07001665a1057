import assert from "node:assert/strict";
import { renderTable, visibleWidth, wrapText } from "../src/report/text_table.ts";

Deno.test("a boxed table fits each column to its widest cell, like Rally's CLI", () => {
  const table = renderTable(
    ["Action", { header: "Count", align: "right" }],
    [["foo", 10], ["longer name", 7]],
  );
  assert.equal(
    table,
    [
      "+-------------+-------+",
      "| Action      | Count |",
      "+-------------+-------+",
      "| foo         |    10 |",
      "| longer name |     7 |",
      "+-------------+-------+",
    ].join("\n"),
  );
});

Deno.test("a title spans the boxed table, centered", () => {
  const table = renderTable(["a", "b"], [["1", "2"]], { title: "T" });
  assert.equal(
    table,
    [
      "+-------+",
      "|   T   |",
      "+---+---+",
      "| a | b |",
      "+---+---+",
      "| 1 | 2 |",
      "+---+---+",
    ].join("\n"),
  );
});

Deno.test("a title wider than the columns widens the last column", () => {
  const lines = renderTable(["a", "b"], [["1", "2"]], { title: "A long title" }).split("\n");
  assert.equal(lines[1], "| A long title |");
  assert.equal(lines[3], "| a | b        |");
  assert.ok(lines.every((l) => l.length === lines[0].length), "ragged lines");
});

Deno.test("centered columns split the room, the extra space going right", () => {
  const table = renderTable([{ header: "Name", align: "center" }], [["ab"]]);
  assert.equal(table.split("\n")[3], "|  ab  |");
});

Deno.test("a plain table separates columns by two spaces and has no trailing spaces", () => {
  const table = renderTable(
    ["Action", { header: "Count", align: "right" }],
    [["foo", 10], ["bar", 200]],
    { style: "plain", title: "Title" },
  );
  assert.equal(
    table,
    [
      "Title",
      "Action  Count",
      "------  -----",
      "foo        10",
      "bar       200",
    ].join("\n"),
  );
});

Deno.test("ANSI color codes do not count toward column widths", () => {
  const red = "\x1b[31mfail\x1b[39m";
  assert.equal(visibleWidth(red), 4);
  const lines = renderTable(["Status"], [[red], ["ok"]]).split("\n");
  assert.equal(lines[3], `| ${red}   |`);
  assert.equal(lines[4], "| ok     |");
});

Deno.test("line breaks in cells become spaces, except in wrapping columns where they start a line", () => {
  const table = renderTable(["x", { header: "y", wrap: true }], [["a\nb", "c\nd"]]);
  assert.deepEqual(table.split("\n").slice(3, 5), ["| a b | c |", "|     | d |"]);
});

Deno.test("a row with the wrong number of cells is refused, naming the row", () => {
  assert.throws(
    () => renderTable(["a", "b"], [["1", "2"], ["3"]]),
    /row 1 has 1 cells, but there are 2 columns/,
  );
});

Deno.test("a table without rows still shows its headers", () => {
  assert.equal(
    renderTable(["a"], [], { style: "plain" }),
    "a\n-",
  );
});

const ERRORS = [
  ["ConnectionError: Cannot connect to http://127.0.0.1:8080/: connection refused", 120, "2.1 %"],
  ["ValueError: Expected HTTP request code is `200` actual `500`", 36, "0.5 %"],
];

Deno.test("a table wider than the width wraps its wrapping columns to fit, every line within it", () => {
  const columns = [
    { header: "Error", wrap: true },
    { header: "Count", align: "right" as const },
    { header: "Share", align: "right" as const },
  ];
  const wide = renderTable(columns, ERRORS);
  assert.ok(wide.split("\n")[0].length > 60);
  const lines = renderTable(columns, ERRORS, { width: 60 }).split("\n");
  assert.ok(lines.every((l) => l.length === 60), lines.join("\n"));
  assert.deepEqual(lines.slice(3, 6), [
    "| ConnectionError: Cannot connect to       |   120 | 2.1 % |",
    "| http://127.0.0.1:8080/: connection       |       |       |",
    "| refused                                  |       |       |",
  ]);
});

Deno.test("when wrapping is not enough, columns are left out lowest priority first, and named", () => {
  const columns = [
    { header: "Action", wrap: true, minWidth: 6 },
    { header: "Median", align: "right" as const },
    { header: "90%ile", align: "right" as const, priority: 1 },
    { header: "Max", align: "right" as const, priority: 2 },
  ];
  const rows = [["requests.check_request", "11.7 ms", "13.3 ms", "240 ms"]];
  const at = (width: number) => renderTable(columns, rows, { width }).split("\n");
  assert.match(at(60)[1], /Action .*Median .*90%ile .*Max/);
  const narrow = at(36);
  assert.match(narrow[1], /\| Action +\| +Median \| +Max \|/);
  assert.deepEqual(narrow.slice(-2), ["(not shown, to fit 36 columns:", "90%ile)"]);
  // The wrapped action name breaks after its dot.
  assert.deepEqual(narrow.slice(3, 5).map((l) => l.split("|")[1].trim()), [
    "requests.",
    "check_request",
  ]);
  assert.ok(narrow.every((l) => l.length <= 36));
  const narrowest = at(24);
  assert.deepEqual(narrowest.slice(-2), ["(not shown, to fit 24", "columns: 90%ile, Max)"]);
});

Deno.test("wrapping keeps numbers, flags and an indent whole, and cuts only words longer than a line", () => {
  assert.deepEqual(wrapText("time 0, 1.5, 4.5 s", 9), ["time 0,", "1.5, 4.5", "s"]);
  assert.deepEqual(wrapText("did you mean --seed", 12), ["did you mean", "--seed"]);
  assert.deepEqual(wrapText("in --json/--html", 10), ["in --json/", "--html"]);
  assert.deepEqual(wrapText("http://127.0.0.1:8080/x", 18), ["http://", "127.0.0.1:8080/x"]);
  assert.deepEqual(wrapText(" -> idle_duration", 10), [" -> idle_", "duration"]);
  assert.deepEqual(wrapText("abcdefghij", 4), ["abcd", "efgh", "ij"]);
  assert.deepEqual(wrapText("\x1b[31mfailed badly\x1b[39m", 6), [
    "\x1b[31mfailed\x1b[39m",
    "\x1b[31mbadly\x1b[39m",
  ]);
});
