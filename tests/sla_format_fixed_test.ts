import assert from "node:assert/strict";
import { formatFixed } from "../src/sla/format_fixed.ts";

Deno.test("formatFixed rounds like Python's %.2f", () => {
  assert.equal(formatFixed(0, 2), "0.00");
  assert.equal(formatFixed(1 / 3, 2), "0.33");
  assert.equal(formatFixed(2 / 3, 2), "0.67");
  assert.equal(formatFixed(100, 2), "100.00");
  assert.equal(formatFixed(1.0999999999999999, 2), "1.10");
});

Deno.test("formatFixed rounds exact ties to even as Python does", () => {
  assert.equal(formatFixed(0.125, 2), "0.12");
  assert.equal(formatFixed(0.375, 2), "0.38");
  assert.equal(formatFixed(-0.125, 2), "-0.12");
  assert.equal(formatFixed(2.5, 0), "2");
  assert.equal(formatFixed(9.5, 0), "10");
  assert.equal(formatFixed(0.0078125, 6), "0.007812");
});

Deno.test("formatFixed rounds near-ties by their exact binary value", () => {
  // 0.015 is stored as 0.01499999…, so both Python and JS give 0.01.
  assert.equal(formatFixed(0.015, 2), "0.01");
  assert.equal(formatFixed(1.005, 2), "1.00");
});

Deno.test("formatFixed writes huge and non-finite numbers as Python does", () => {
  assert.equal(formatFixed(1e22, 2), "10000000000000000000000.00");
  assert.equal(formatFixed(Infinity, 2), "inf");
  assert.equal(formatFixed(-Infinity, 2), "-inf");
  assert.equal(formatFixed(NaN, 2), "nan");
});
