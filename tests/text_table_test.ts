import assert from "node:assert/strict";
import { renderTable, visibleWidth } from "../src/report/text_table.ts";

Deno.test("a boxed table fits each column to its widest cell, like Rally's CLI", () => {
  const table = renderTable(["Action", "Count"], [["foo", 10], ["longer name", 7]], {
    align: ["left", "right"],
  });
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
  const table = renderTable(["Name"], [["ab"]], { align: ["center"] });
  assert.equal(table.split("\n")[3], "|  ab  |");
});

Deno.test("a plain table separates columns by two spaces and has no trailing spaces", () => {
  const table = renderTable(["Action", "Count"], [["foo", 10], ["bar", 200]], {
    align: ["left", "right"],
    style: "plain",
    title: "Title",
  });
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

Deno.test("line breaks in cells become spaces so rows stay one line", () => {
  const table = renderTable(["x"], [["a\nb"]]);
  assert.equal(table.split("\n")[3], "| a b |");
});

Deno.test("a row with the wrong number of cells is refused, naming the row", () => {
  assert.throws(
    () => renderTable(["a", "b"], [["1", "2"], ["3"]]),
    /row 1 has 1 cells, but there are 2 headers/,
  );
});

Deno.test("a table without rows still shows its headers", () => {
  assert.equal(
    renderTable(["a"], [], { style: "plain" }),
    "a\n-",
  );
});
