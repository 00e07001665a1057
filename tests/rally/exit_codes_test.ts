/**
 * `--rally-exit-codes`: `run` and `validate` exit as `rally task start` and
 * `rally task validate` do on the same task files (tests/fixtures/rally/q2/,
 * Rally's codes noted beside each): 113 for the task's structure, 114 for
 * a plugin's name or args, 117 for a file Rally cannot read, render or
 * parse, 2 when an SLA failed, 0 otherwise. Without the flag brunt's own
 * codes stay: 2 for any bad input, 1 for a failed SLA.
 */
import assert from "node:assert/strict";
import { cliInProcess } from "../helpers/cli_in_process.ts";

const FIXTURES = new URL("../fixtures/rally/", import.meta.url).pathname;

const exitCode = async (...args: string[]) => (await cliInProcess(args)).code;

// File → Rally 3.3's exit code for `rally task validate` (and `start`).
const INVALID: Record<string, number> = {
  "q2/bad_subtask_key.json": 113,
  "q2/v1_extra_key.json": 113,
  "q2/constant_times0.json": 114,
  "q2/unknown_runner.json": 114,
  "q2/trigger_bad_unit.json": 114,
  "q2/syntax_error.json": 117,
  "q2/template_undefined.yaml": 117,
};

for (const [file, rally] of Object.entries(INVALID)) {
  Deno.test(`validate and run of ${file} exit ${rally} with --rally-exit-codes, 2 without`, async () => {
    const path = `${FIXTURES}${file}`;
    assert.equal(await exitCode("validate", path, "--rally-exit-codes"), rally);
    assert.equal(await exitCode("run", path, "--rally-exit-codes", "--db", ":memory:"), rally);
    assert.equal(await exitCode("validate", path), 2);
  });
}

Deno.test("run exits 2 with --rally-exit-codes when an SLA failed, as rally task start; 0 when it passed", async () => {
  const dir = Deno.makeTempDirSync({ prefix: "brunt_rally_codes_" });
  try {
    const db = `${dir}/h.db`;
    const failing = `${FIXTURES}q1_nosla_fail.json`;
    assert.equal(await exitCode("run", failing, "--quiet", "--db", db, "--rally-exit-codes"), 2);
    assert.equal(await exitCode("run", failing, "--quiet", "--db", db), 1);
    const passing = `${FIXTURES}q1_nosla_pass.json`;
    assert.equal(await exitCode("run", passing, "--quiet", "--db", db, "--rally-exit-codes"), 0);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
