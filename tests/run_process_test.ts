import assert from "node:assert/strict";
import { RealClock } from "../src/clock/real_clock.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import { runProcess } from "../src/process/run_process.ts";
import { createPidFifo, processEnded, settlesWithin } from "./helpers/subprocess_probe.ts";

const clock = new RealClock();

Deno.test("runProcess returns the exit code and both outputs of a program run without a shell", async () => {
  const r = await runProcess({
    cmd: ["/bin/sh", "-c", "printf out; printf err >&2; exit 3", "ignored"],
    clock,
    timeoutMs: 10_000,
  });
  assert.equal(r.code, 3);
  assert.equal(r.signal, null);
  assert.deepEqual(r.stdout, { text: "out", bytes: 3, truncated: false });
  assert.deepEqual(r.stderr, { text: "err", bytes: 3, truncated: false });
  assert.equal(r.killedFor, undefined);
});

Deno.test("runProcess adds env to the inherited environment and runs in cwd", async () => {
  const dir = Deno.makeTempDirSync();
  try {
    const r = await runProcess({
      cmd: ["/bin/sh", "-c", 'printf "%s|%s|%s" "$BRUNT_X" "$PWD" "${PATH:+has-path}"'],
      env: { BRUNT_X: "x y" },
      cwd: dir,
      clock,
      timeoutMs: 10_000,
    });
    assert.equal(r.stdout.text, `x y|${Deno.realPathSync(dir)}|has-path`);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("runProcess keeps at most maxOutputBytes of output yet reads it all", async () => {
  const r = await runProcess({
    cmd: ["/bin/sh", "-c", "head -c 3000000 /dev/zero; head -c 10 /dev/zero >&2"],
    clock,
    timeoutMs: 10_000,
    maxOutputBytes: 1000,
  });
  assert.equal(r.code, 0);
  assert.equal(r.stdout.bytes, 3_000_000);
  assert.equal(r.stdout.truncated, true);
  assert.equal(r.stdout.text.length, 1000);
  assert.deepEqual(r.stderr, { text: "\0".repeat(10), bytes: 10, truncated: false });
});

Deno.test("runProcess on timeout kills the program and the processes it started", async () => {
  const fifo = await createPidFifo();
  try {
    const sim = new SimulatedClock();
    const running = runProcess({
      cmd: ["/bin/sh", "-c", `sleep 60 & echo $$ $! > ${fifo.path}; sleep 60`],
      clock: sim,
      timeoutMs: 5_000,
    });
    const pids = await fifo.pids(running);
    assert.equal(pids.length, 2);
    await sim.advance(5_000);
    const r = await settlesWithin(running, 5_000, "the killed command");
    assert.equal(r.killedFor, "timeout");
    assert.equal(r.signal, "SIGTERM");
    for (const pid of pids) assert.ok(processEnded(pid), `pid ${pid} is still running`);
  } finally {
    fifo.remove();
  }
});

Deno.test({
  name:
    "runProcess on timeout also kills what the program started in a session of its own (setsid)",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const fifo = await createPidFifo();
    try {
      const sim = new SimulatedClock();
      const running = runProcess({
        cmd: ["/bin/sh", "-c", `setsid sleep 60 & echo $$ $! > ${fifo.path}; wait`],
        clock: sim,
        timeoutMs: 5_000,
      });
      const [, escaped] = await fifo.pids(running);
      await sim.advance(5_000);
      const r = await settlesWithin(running, 5_000, "the killed command");
      assert.equal(r.killedFor, "timeout");
      assert.ok(processEnded(escaped), `the setsid child ${escaped} is still running`);
    } finally {
      fifo.remove();
    }
  },
});

Deno.test("runProcess times out on the real clock after about the timeout, not the program's duration", async () => {
  const started = performance.now();
  const r = await runProcess({ cmd: ["sleep", "60"], clock, timeoutMs: 300 });
  const took = performance.now() - started;
  assert.equal(r.killedFor, "timeout");
  assert.ok(took >= 290 && took < 5_000, `took ${took} ms`);
});

Deno.test("runProcess sends SIGKILL after the grace when SIGTERM is ignored", async () => {
  const fifo = await createPidFifo();
  try {
    const sim = new SimulatedClock();
    const running = runProcess({
      cmd: ["/bin/sh", "-c", `trap '' TERM; echo $$ > ${fifo.path}; sleep 60`],
      clock: sim,
      timeoutMs: 1_000,
      killGraceMs: 500,
    });
    const [pid] = await fifo.pids(running);
    let settled = false;
    running.finally(() => settled = true);
    await sim.advance(1_000);
    assert.equal(settled, false, "SIGTERM should have been ignored");
    assert.ok(!processEnded(pid));
    await sim.advance(500);
    const r = await settlesWithin(running, 5_000, "the killed command");
    assert.equal(r.signal, "SIGKILL");
    assert.ok(processEnded(pid));
  } finally {
    fifo.remove();
  }
});

Deno.test("runProcess waits for children that keep its output open, up to the timeout", async () => {
  const r = await runProcess({ cmd: ["/bin/sh", "-c", "sleep 60 &"], clock, timeoutMs: 200 });
  assert.equal(r.killedFor, "timeout");
  assert.equal(r.code, 0);
  assert.equal(r.signal, null);
});

Deno.test("runProcess kills the program when the signal aborts and reports the reason", async () => {
  const controller = new AbortController();
  const running = runProcess({
    cmd: ["/bin/sh", "-c", "echo started; sleep 60"],
    clock,
    timeoutMs: 10_000,
    signal: controller.signal,
  });
  const reason = new Error("hard abort");
  controller.abort(reason);
  const r = await running;
  assert.equal(r.killedFor, "abort");
  assert.equal(r.abortReason, reason);
  assert.equal(r.signal, "SIGTERM");
});

Deno.test("runProcess rejects with the reason when the signal aborted before the start", async () => {
  const reason = new Error("too late");
  await assert.rejects(
    runProcess({ cmd: ["/bin/true"], clock, signal: AbortSignal.abort(reason) }),
    (e) => e === reason,
  );
});

Deno.test("runProcess throws NotFound for a missing program and PermissionDenied for a directory", async () => {
  await assert.rejects(runProcess({ cmd: ["brunt-no-such-program"], clock }), Deno.errors.NotFound);
  await assert.rejects(runProcess({ cmd: ["/tmp"], clock }), Deno.errors.PermissionDenied);
});
