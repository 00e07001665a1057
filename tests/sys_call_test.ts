import assert from "node:assert/strict";
import { Ajv } from "ajv";
import {
  DEFAULT_SYS_CALL_TIMEOUT_S,
  SysCall,
  type SysCallArgs,
  validateSysCallArgs,
} from "../hooks/sys_call.ts";
import type { Clock } from "../src/clock/clock.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import type { Chart } from "../src/model/output.ts";
import { firstLine } from "../src/model/plugin_registry.ts";
import { createPidFifo, processEnded, settlesWithin } from "./helpers/subprocess_probe.ts";
import { runHookOnce } from "./helpers/run_hook.ts";
import { steppedClock } from "./helpers/stepped_clock.ts";
import { defaultPlugins } from "../mod.ts";

const runHook = (config: SysCallArgs, init?: { clock?: Clock; signal?: AbortSignal }) =>
  runHookOnce(SysCall, config, init);

function textArea(description: string, data: string[]): Chart {
  return { title: "System call", description, chart_plugin: "TextArea", data };
}

Deno.test("sys_call registers as the hook plugin sys_call with its summary", () => {
  const entry = defaultPlugins().find("hook", "sys_call");
  assert.equal(entry?.impl, SysCall);
  assert.equal(
    firstLine(entry!.description),
    "Runs a command as a subprocess (no shell) and records its exit status and output.",
  );
});

Deno.test("a command that exits 0 succeeds with Rally's System call TextArea", async () => {
  const r = await runHook("/bin/sh -c 'echo hello'");
  assert.deepEqual(r, {
    status: "success",
    error: undefined,
    output: {
      additive: [],
      complete: [
        textArea("Args: /bin/sh -c 'echo hello'", [
          "RetCode: 0",
          "StdOut: hello\n",
          "StdErr: (empty)",
        ]),
      ],
    },
  });
});

interface RallyHookRun {
  sys_call: string;
  status: "success" | "failed";
  error?: { etype: string; msg: string; details: string };
  output: unknown;
}

// The same commands as sys_call hooks in Rally 3.3 (its JSON report of tests/fixtures/rally/q3_sys_call.json).
const RALLY_RUNS: RallyHookRun[] = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/rally/q3_sys_call_results.json", import.meta.url)),
);

for (const rally of RALLY_RUNS) {
  Deno.test(`sys_call ${rally.sys_call} ends as in Rally: ${rally.status}, with Rally's details and TextArea`, async () => {
    const r = await runHook(rally.sys_call);
    assert.equal(r.status, rally.status);
    // brunt names the error type Rally leaves as "n/a".
    const expected = rally.error && { ...rally.error, etype: "SubprocessError" };
    assert.deepEqual(r.error, expected);
    assert.deepEqual(r.output, rally.output);
  });
}

Deno.test('a failed run\'s details are its stderr, or "stdout: " and its stdout when stderr is empty', async () => {
  const both = await runHook(`/bin/sh -c 'echo out; echo err >&2; exit 3'`);
  assert.equal(both.error?.details, "err\n");
  const outOnly = await runHook(`/bin/sh -c 'echo out; exit 4'`);
  assert.equal(outOnly.error?.details, "stdout: out\n");
  const none = await runHook("/bin/false");
  assert.equal(none.error?.details, "stdout: ");
});

Deno.test("a command killed by a signal fails naming the signal", async () => {
  const r = await runHook(`/bin/sh -c 'kill -KILL $$'`);
  assert.equal(r.status, "failed");
  assert.equal(r.error?.etype, "SubprocessError");
  assert.equal(r.error?.msg, "Subprocess was killed by SIGKILL");
  assert.equal((r.output.complete[0].data as string[])[0], "RetCode: 137 (killed by SIGKILL)");
});

const LINES: Chart = {
  title: "Load",
  chart_plugin: "Lines",
  data: [["cpu", [[1, 0.5], [2, 0.7]]]],
};
const PIE: Chart = { title: "Share", chart_plugin: "Pie", data: [["a", 1], ["b", 2]] };

Deno.test("stdout with additive and complete charts becomes the run's output", async () => {
  const json = JSON.stringify({ additive: [PIE], complete: [LINES, { ...PIE, title: "Whole" }] });
  const r = await runHook({ cmd: ["/bin/echo", json] });
  assert.deepEqual(r, {
    status: "success",
    error: undefined,
    output: { additive: [PIE], complete: [LINES, { ...PIE, title: "Whole" }] },
  });
});

Deno.test("invalid charts in stdout fail the run saying which chart and why, keeping the raw stdout", async () => {
  const bad = { title: "Bad", chart_plugin: "Bars", data: [] };
  const json = JSON.stringify({ additive: [PIE], complete: [LINES, bad] });
  const r = await runHook({ cmd: ["/bin/echo", json] });
  assert.equal(r.status, "failed");
  assert.equal(r.error?.etype, "InvalidOutput");
  assert.match(r.error!.msg, /complete\[1\]: complete chart "Bad": chart_plugin must be one of/);
  assert.deepEqual(r.output.additive, [PIE]);
  assert.deepEqual(r.output.complete[0], LINES);
  const raw = r.output.complete[1];
  assert.equal(raw.chart_plugin, "TextArea");
  assert.deepEqual((raw.data as string[]).slice(0, 2), ["RetCode: 0", `StdOut: ${json}\n`]);
});

Deno.test("chart JSON with an unknown key or a non-list value is invalid output", async () => {
  const r = await runHook({ cmd: ["/bin/echo", JSON.stringify({ additive: [], compelte: [] })] });
  assert.equal(r.error?.etype, "InvalidOutput");
  assert.match(r.error!.msg, /unknown key "compelte"/);
  const notList = await runHook({ cmd: ["/bin/echo", JSON.stringify({ complete: PIE })] });
  assert.equal(notList.error?.etype, "InvalidOutput");
  assert.match(notList.error!.msg, /"complete" must be a list of charts/);
});

Deno.test("stdout that is not chart JSON is recorded as text, as Rally records it", async () => {
  const rally = await runHook(`/bin/echo {"additive": []}`);
  assert.equal(rally.status, "success");
  assert.deepEqual(rally.output.complete, [
    textArea(`Args: /bin/echo {"additive": []}`, [
      "RetCode: 0",
      "StdOut: {additive: []}\n",
      "StdErr: (empty)",
    ]),
  ]);
  const other = await runHook({ cmd: ["/bin/echo", '{"a": 1}'] });
  assert.equal(other.status, "success");
  assert.equal((other.output.complete[0].data as string[])[1], 'StdOut: {"a": 1}\n');
});

Deno.test("quoted arguments reach the program intact", async () => {
  const r = await runHook(`/bin/echo 'a  b' "c \\"d\\""`);
  assert.equal((r.output.complete[0].data as string[])[1], `StdOut: a  b c "d"\n`);
});

Deno.test("the object form runs cmd with env added to the environment and in cwd", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const config = {
      cmd: ["/bin/sh", "-c", 'printf "%s|%s|%s" "$BRUNT_A" "$(pwd)" "${HOME:+inherited}"'],
      env: { BRUNT_A: "x y" },
      cwd: dir,
    };
    const r = await runHook(config);
    assert.equal(r.status, "success");
    assert.deepEqual(r.output.complete, [
      textArea(`Args: ${JSON.stringify(config)}`, [
        "RetCode: 0",
        `StdOut: x y|${await Deno.realPath(dir)}|inherited`,
        "StdErr: (empty)",
      ]),
    ]);
    const line = await runHook({ cmd: "/bin/echo 'one  arg'" });
    assert.equal((line.output.complete[0].data as string[])[1], "StdOut: one  arg\n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a missing working directory fails before anything runs", async () => {
  const r = await runHook({ cmd: "/bin/true", cwd: "/nonexistent/brunt" });
  assert.equal(r.status, "failed");
  assert.equal(r.error?.etype, "FileNotFoundError");
  assert.match(r.error!.msg, /Working directory "\/nonexistent\/brunt" does not exist/);
  assert.deepEqual(r.output, { additive: [], complete: [] });
});

Deno.test("a missing executable fails with FileNotFoundError naming the command", async () => {
  const onPath = await runHook("brunt-no-such-command --flag");
  assert.equal(onPath.status, "failed");
  assert.equal(onPath.error?.etype, "FileNotFoundError");
  assert.equal(
    onPath.error?.msg,
    `Command not found: "brunt-no-such-command" (not an executable on PATH)`,
  );
  const byPath = await runHook("/nonexistent/brunt-prog");
  assert.equal(byPath.error?.msg, `Command not found: "/nonexistent/brunt-prog" (no such file)`);
});

Deno.test("a file without execute permission fails with PermissionError", async () => {
  const file = await Deno.makeTempFile();
  try {
    const r = await runHook({ cmd: [file] });
    assert.equal(r.status, "failed");
    assert.equal(r.error?.etype, "PermissionError");
    assert.match(r.error!.msg, /^Command cannot be executed: ".*" \(permission denied/);
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("output beyond 1 MiB is cut off and the cut is noted", async () => {
  const r = await runHook(`/bin/sh -c "head -c 1100000 /dev/zero | tr '\\\\0' x"`);
  assert.equal(r.status, "success");
  const stdout = (r.output.complete[0].data as string[])[1];
  assert.equal(
    stdout,
    `StdOut: ${"x".repeat(1_048_576)}\n… (truncated: the first 1048576 of 1100000 bytes kept)`,
  );
});

Deno.test("on its timeout the command and the processes it started are killed", async () => {
  const fifo = await createPidFifo();
  try {
    const { clock, advance } = steppedClock();
    const running = runHook(
      { cmd: ["/bin/sh", "-c", `sleep 100 & echo $$ $! > ${fifo.path}; sleep 100`], timeout: 5 },
      { clock },
    );
    const pids = await fifo.pids(running);
    await advance(5_000);
    const r = await settlesWithin(running, 5_000, "the killed command");
    assert.equal(r.status, "failed");
    assert.equal(r.error?.etype, "TimeoutError");
    assert.equal(r.error?.msg, "Subprocess timed out after 5 s and was killed");
    assert.equal((r.output.complete[0].data as string[])[0], "RetCode: 143 (killed by SIGTERM)");
    for (const pid of pids) assert.ok(processEnded(pid), `pid ${pid} is still running`);
  } finally {
    fifo.remove();
  }
});

Deno.test("a timed-out command takes about its timeout, not its own duration", async () => {
  const started = performance.now();
  const r = await runHook({ cmd: "sleep 100", timeout: 0.3 });
  const took = performance.now() - started;
  assert.equal(r.error?.etype, "TimeoutError");
  assert.equal(r.error?.msg, "Subprocess timed out after 0.3 s and was killed");
  assert.ok(took >= 290 && took < 5_000, `took ${took} ms`);
});

Deno.test("the timeout defaults to 60 seconds", async () => {
  assert.equal(DEFAULT_SYS_CALL_TIMEOUT_S, 60);
  const { clock, advance } = steppedClock();
  let done = false;
  const running = runHook("sleep 100", { clock }).finally(() => done = true);
  await advance(59_999);
  assert.equal(done, false);
  await advance(1);
  assert.equal((await running).error?.msg, "Subprocess timed out after 60 s and was killed");
});

Deno.test("on a simulated clock a command takes no simulated time and its timeout counts real time", async () => {
  const clock = new SimulatedClock();
  const start = clock.now();
  const started = performance.now();
  let done = 0;
  const [slow, hung] = [
    runHook("sleep 0.3", { clock }),
    runHook({ cmd: "sleep 100", timeout: 0.3 }, { clock }),
  ].map((run) => run.finally(() => done++));
  // A timer due long before either command ends does not fire until both have.
  let fired = false;
  clock.setTimeout(() => fired = true, 1);
  await clock.runUntil(() => done === 2 && fired);
  const took = performance.now() - started;
  assert.equal((await slow).status, "success");
  assert.equal((await hung).error?.msg, "Subprocess timed out after 0.3 s and was killed");
  assert.ok(took >= 290 && took < 5_000, `took ${took} ms`);
  assert.equal(clock.now(), start + 1);
});

Deno.test("aborting the signal kills the command and its children; the reason names the error", async () => {
  const fifo = await createPidFifo();
  try {
    const controller = new AbortController();
    const running = runHook(
      { cmd: ["/bin/sh", "-c", `sleep 100 & echo $$ $! > ${fifo.path}; sleep 100`] },
      { signal: controller.signal },
    );
    const pids = await fifo.pids(running);
    controller.abort(new DOMException("hook run exceeded 30 s", "TimeoutError"));
    const r = await settlesWithin(running, 5_000, "the killed command");
    assert.equal(r.status, "failed");
    assert.equal(r.error?.etype, "TimeoutError");
    assert.equal(
      r.error?.msg,
      "Subprocess was killed because the hook run was aborted: hook run exceeded 30 s",
    );
    for (const pid of pids) assert.ok(processEnded(pid), `pid ${pid} is still running`);
  } finally {
    fifo.remove();
  }
});

Deno.test("an abort without an error reason fails with etype Aborted", async () => {
  const controller = new AbortController();
  const running = runHook("sleep 100", { signal: controller.signal });
  controller.abort();
  assert.equal((await running).error?.etype, "Aborted");
  const before = await runHook("/bin/true", { signal: AbortSignal.abort("stop") });
  assert.deepEqual(before.error, {
    etype: "Aborted",
    msg: "Subprocess was not started because the hook run was aborted: stop",
    details: "",
  });
});

Deno.test("validateSysCallArgs reports blank and malformed command lines and empty program names", () => {
  assert.match(validateSysCallArgs(" \t")!, /command line is empty/);
  assert.match(validateSysCallArgs({ cmd: "  " })!, /command line is empty/);
  assert.match(validateSysCallArgs("/bin/echo 'abc")!, /Unterminated single quote/);
  assert.match(validateSysCallArgs({ cmd: 'echo "x' })!, /Unterminated double quote/);
  assert.match(validateSysCallArgs({ cmd: ["", "x"] })!, /program name is empty/);
  assert.equal(validateSysCallArgs("/bin/echo 'a b'"), undefined);
  assert.equal(validateSysCallArgs({ cmd: ["/bin/echo"], timeout: 1 }), undefined);
  assert.equal(validateSysCallArgs(42), undefined, "shape errors are the schema's to report");
});

Deno.test("a malformed command line that reaches run() fails the run without starting anything", async () => {
  const r = await runHook("/bin/echo 'abc");
  assert.equal(r.status, "failed");
  assert.equal(r.error?.etype, "InvalidArgs");
  assert.match(r.error!.msg, /Unterminated single quote/);
});

Deno.test("the schema accepts both forms and rejects unknown keys and bad values", () => {
  const validate = new Ajv({ strict: true, allErrors: true }).compile(SysCall.schema);
  for (
    const ok of [
      "/bin/true",
      { cmd: "/bin/true" },
      { cmd: ["/bin/echo", "a b"], timeout: 0.5, cwd: "/tmp", env: { A: "1" } },
    ]
  ) assert.ok(validate(ok), JSON.stringify(ok));
  for (
    const bad of [
      "",
      42,
      {},
      { cmd: [] },
      { cmd: "/bin/true", timeout: 0 },
      { cmd: "/bin/true", timeout: 86_401 },
      { cmd: "/bin/true", timeout: "5" },
      { cmd: "/bin/true", env: { A: 1 } },
      { cmd: "/bin/true", env: { "A=B": "1" } },
      { cmd: "/bin/true", shell: true },
    ]
  ) assert.ok(!validate(bad), JSON.stringify(bad));
});
