import assert from "node:assert/strict";
import { formatSeconds } from "../src/report/format_seconds.ts";

Deno.test("fixed seconds have 3 decimals, as Rally's tables, and missing ones are n/a", () => {
  assert.equal(formatSeconds(0.05), "0.050");
  assert.equal(formatSeconds(1.0005), "1.000");
  assert.equal(formatSeconds(12.3456), "12.346");
  assert.equal(formatSeconds(0), "0.000");
  assert.equal(formatSeconds(null), "n/a");
  assert.equal(formatSeconds(Number.NaN), "n/a");
});

Deno.test("seconds with units read as people say them, 3 digits, missing ones as a dash", () => {
  assert.equal(formatSeconds(0.000012, "units"), "12 µs");
  assert.equal(formatSeconds(0.0000036951, "units"), "3.7 µs");
  assert.equal(formatSeconds(0.0456, "units"), "45.6 ms");
  assert.equal(formatSeconds(0.2399, "units"), "240 ms");
  assert.equal(formatSeconds(1.234, "units"), "1.23 s");
  assert.equal(formatSeconds(0.0009996, "units"), "1 ms");
  assert.equal(formatSeconds(723.5, "units"), "12 min 3.5 s");
  assert.equal(formatSeconds(0, "units"), "0 s");
  assert.equal(formatSeconds(undefined, "units"), "—");
});
