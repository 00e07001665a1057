/**
 * Runner args as Rally 3.3 validates them: each task file of
 * tests/fixtures/rally/q2/ was given to `rally task validate`, and
 * q2_rally_validate.json keeps its exit code (0 valid, 114 invalid) and
 * reasons. brunt accepts what Rally accepts and refuses what Rally refuses,
 * each refusal with its place in the file, except where README's
 * "Differences from Rally 3.3" says otherwise (listed here with why).
 */
import assert from "node:assert/strict";
import { parseTask } from "../../src/task/load.ts";
import { TaskFileError } from "../../src/task/task_file_error.ts";

const FIXTURES = new URL("../fixtures/rally/", import.meta.url);
const RALLY: Record<string, { rc: number; reasons: string[] }> = JSON.parse(
  Deno.readTextFileSync(new URL("q2_rally_validate.json", FIXTURES)),
);

/** Where brunt knowingly differs from Rally's verdict. */
const DIFFERENCES: Record<string, string> = {
  // Rally's serial takes any key and ignores it: a typo would silently run one iteration.
  serial_extra: "refused",
  // Rally accepts it and then kills every iteration at once, recording none.
  constant_timeout_neg: "refused",
};

/** brunt's problems for each case ("" when valid). */
const BRUNT: Record<string, string> = {
  cfd_conc0: "subtasks[0].runner.constant_for_duration.concurrency: must be an integer ≥ 1; got 0",
  cfd_duration0: "",
  cfd_duration_neg:
    "subtasks[0].runner.constant_for_duration.duration: must be a number ≥ 0; got -1",
  cfd_max_cpu: "subtasks[0].runner.constant_for_duration.max_cpu_count: unknown key " +
    '"max_cpu_count"; allowed keys: duration, concurrency, timeout',
  cfd_timeout_05: "subtasks[0].runner.constant_for_duration.timeout: must be a number ≥ 1; got 0.5",
  constant_conc0: "subtasks[0].runner.constant.concurrency: must be an integer ≥ 1; got 0",
  constant_conc_gt_times: "subtasks[0].runner.constant.concurrency: must not be more than " +
    "times (2); got 5: at most 2 iterations can be in flight, so lower concurrency or raise " +
    "times (Rally refuses it too)",
  constant_conc_neg: "subtasks[0].runner.constant.concurrency: must be an integer ≥ 1; got -1",
  constant_max_cpu: "",
  constant_timeout0: "",
  constant_timeout_neg: "subtasks[0].runner.constant.timeout: must be a number ≥ 0; got -1",
  constant_times0: "subtasks[0].runner.constant.times: must be an integer ≥ 1; got 0",
  constant_times_float:
    "subtasks[0].runner.constant.times: must be an integer from 1 to 9007199254740991; got 2.5",
  constant_times_neg: "subtasks[0].runner.constant.times: must be an integer ≥ 1; got -1",
  rps_float_rps: "",
  rps_max_conc: "",
  rps_max_conc0: "subtasks[0].runner.rps.max_concurrency: must be an integer ≥ 1; got 0",
  rps_max_cpu: "",
  rps_no_times: 'subtasks[0].runner.rps: missing required key "times"',
  rps_ramp_down: "subtasks[0].runner.rps.rps.end: must not be less than start (5); got 2: " +
    'a ramp only goes up (Rally: "rps end value must not be less than rps start value.")',
  rps_ramp_missing: 'subtasks[0].runner.rps.rps: missing required key "step"',
  rps_ramp_start0: "subtasks[0].runner.rps.rps.start: must be a number ≥ 1; got 0",
  rps_ramp_step05: "subtasks[0].runner.rps.rps.step: must be a number ≥ 1; got 0.5",
  rps_rps0: "subtasks[0].runner.rps.rps: must be a number > 0; got 0",
  rps_rps_neg: "subtasks[0].runner.rps.rps: must be a number > 0; got -1",
  rps_times0: "subtasks[0].runner.rps.times: must be an integer ≥ 1; got 0",
  rps_times_neg: "subtasks[0].runner.rps.times: must be an integer ≥ 1; got -2",
  serial_extra:
    'subtasks[0].runner.serial.foo: unknown key "foo"; allowed keys: times, max_cpu_count',
  serial_max_cpu: "",
  serial_times0: "subtasks[0].runner.serial.times: must be an integer ≥ 1; got 0",
  serial_times_neg: "subtasks[0].runner.serial.times: must be an integer ≥ 1; got -1",
  unknown_runner: 'subtasks[0].runner: unknown runner "constnat"; did you mean "constant"? ' +
    "(available: constant, constant_for_duration, rps, serial)",
  v1_times0: "Dummy.dummy[0].runner.times: must be an integer ≥ 1; got 0",
  v1_unknown_runner: 'Dummy.dummy[0].runner.type: unknown runner "constnat"; did you mean ' +
    '"constant"? (available: constant, constant_for_duration, rps, serial)',
};

function bruntProblems(name: string): { problems: string; line?: number } {
  const text = Deno.readTextFileSync(new URL(`q2/${name}.json`, FIXTURES));
  try {
    parseTask(text, `${name}.json`);
    return { problems: "" };
  } catch (e) {
    if (!(e instanceof TaskFileError)) throw e;
    return {
      problems: e.problems.map((p) => `${p.path}: ${p.message}`).join("\n"),
      line: e.problems[0].line,
    };
  }
}

Deno.test("every runner case of Rally's validation has brunt's verdict", () => {
  assert.deepEqual(Object.keys(BRUNT).sort(), Object.keys(RALLY).sort());
});

for (const [name, rally] of Object.entries(RALLY)) {
  const valid = rally.rc === 0;
  const verdict = DIFFERENCES[name] ?? (valid ? "accepted" : "refused");
  Deno.test(`runner case ${name}: Rally ${valid ? "accepts" : "refuses"} it, brunt ${verdict} it`, () => {
    const { problems, line } = bruntProblems(name);
    assert.equal(problems, BRUNT[name]);
    assert.equal(problems === "" ? "accepted" : "refused", verdict);
    if (problems !== "") assert.ok(line !== undefined && line > 1, "the problem has its line");
  });
}

Deno.test("runner numbers that can only be mistakes are refused at their place: not finite, beyond what can run", () => {
  const yaml = `Dummy.dummy:
  - runner: {type: constant, times: .inf, concurrency: .nan, timeout: 1e999}
  - runner: {type: constant, times: 9007199254740992, concurrency: 2000000, timeout: 3000000}
  - runner: {type: rps, times: 10, rps: .nan}
  - runner: {type: rps, times: 10, rps: {start: 1, end: .inf, step: 1}}
  - runner: {type: constant_for_duration, duration: .inf}
  - runner: {type: serial, times: 1e20}
`;
  let error: TaskFileError | undefined;
  try {
    parseTask(yaml, "bounds.yaml");
  } catch (e) {
    error = e as TaskFileError;
  }
  assert.deepEqual(error?.problems.map((p) => `${p.path} (line ${p.line}): ${p.message}`), [
    "Dummy.dummy[0].runner.times (line 2): must be an integer ≤ 9007199254740991; got Infinity",
    "Dummy.dummy[0].runner.concurrency (line 2): must be an integer from 1 to 1000000; got NaN",
    "Dummy.dummy[0].runner.timeout (line 2): must be a number ≤ 2147483; got Infinity",
    "Dummy.dummy[1].runner.times (line 3): must be an integer ≤ 9007199254740991; " +
    "got 9007199254740992",
    "Dummy.dummy[1].runner.concurrency (line 3): must be an integer ≤ 1000000; got 2000000",
    "Dummy.dummy[1].runner.timeout (line 3): must be a number ≤ 2147483; got 3000000",
    "Dummy.dummy[2].runner.rps (line 4): must be a number > 0; got NaN",
    "Dummy.dummy[3].runner.rps.end (line 5): must be a finite number; got Infinity",
    "Dummy.dummy[4].runner.duration (line 6): must be a finite number; got Infinity",
    "Dummy.dummy[5].runner.times (line 7): must be an integer ≤ 9007199254740991; " +
    "got 100000000000000000000",
  ]);
});
