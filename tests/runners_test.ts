import assert from "node:assert/strict";
import {
  MAX_STARTS_AT_ONE_INSTANT,
  maxStartsAtOneInstant,
} from "../src/runners/constant_for_duration.ts";
import { startOffsets } from "../src/runners/rps.ts";
import { RealClock } from "../src/clock/real_clock.ts";
import { SimulatedClock } from "../src/clock/simulated_clock.ts";
import {
  offset,
  oneWorkload,
  probe,
  resetProbe,
  runSimulated,
  T0,
} from "./helpers/run_simulated.ts";

// Seconds since T0 of each probed iteration's start, in iteration order.
function starts(): number[] {
  return [...probe.entries]
    .sort((a, b) => a.iteration - b.iteration)
    .map((e) => Math.round(e.startMs - T0) / 1000);
}

// Like starts(), unrounded, for schedules of thirds.
function exactStarts(): number[] {
  return [...probe.entries]
    .sort((a, b) => a.iteration - b.iteration)
    .map((e) => (e.startMs - T0) / 1000);
}

function range(n: number, step: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.round(i * step * 1e6) / 1e6);
}

Deno.test("constant runs `times` iterations numbered 1..times", async () => {
  resetProbe();
  const { workload, records } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 0.1 }, { type: "constant", times: 25, concurrency: 3 }),
  );
  assert.equal(workload.total_iteration_count, 25);
  assert.equal(records.length, 25);
  const numbers = probe.entries.map((e) => e.iteration).sort((a, b) => a - b);
  assert.deepEqual(numbers, range(25, 1).map((i) => i + 1));
});

Deno.test("constant concurrency 10 of 100 iterations of a 1 s scenario keeps exactly 10 in flight", async () => {
  resetProbe();
  const { workload, records } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 1 }, { type: "constant", times: 100, concurrency: 10 }),
  );
  assert.equal(workload.total_iteration_count, 100);
  assert.equal(probe.maxRunning, 10);
  // Ten waves of ten, each a second long.
  assert.deepEqual(starts(), range(100, 1).map((i) => Math.floor(i / 10)));
  assert.equal(workload.load_duration, 10);
  assert.ok(records.every((r) => r.duration === 1 && r.error.length === 0));
});

Deno.test("constant defaults to one iteration at concurrency 1", async () => {
  resetProbe();
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 1 }, { type: "constant" }),
  );
  assert.equal(workload.total_iteration_count, 1);
  assert.equal(probe.maxRunning, 1);
});

Deno.test("constant with instant iterations runs every one of 1000 (the runner breathes without losing any)", async () => {
  resetProbe();
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 0 }, { type: "constant", times: 1000, concurrency: 4 }),
  );
  assert.equal(workload.total_iteration_count, 1000);
  assert.equal(probe.entries.length, 1000);
  assert.ok(probe.maxRunning <= 4);
});

Deno.test("serial runs `times` iterations strictly one after another", async () => {
  resetProbe();
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleeps: [0.5, 1.5] }, { type: "serial", times: 5 }),
  );
  assert.equal(workload.total_iteration_count, 5);
  assert.equal(probe.maxRunning, 1);
  assert.deepEqual(starts(), [0, 0.5, 2, 2.5, 4]);
  assert.equal(workload.load_duration, 4.5);
});

Deno.test("serial has no per-iteration timeout: a 700 s iteration is not cut at the 600 s default", async () => {
  resetProbe();
  const { records } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 700 }, { type: "serial", times: 1 }),
  );
  assert.deepEqual(records[0].error, []);
  assert.equal(records[0].duration, 700);
});

Deno.test("rps 4 with times 10 starts iterations at 0, 0.25, 0.5 … 2.25 s", async () => {
  resetProbe();
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 3 }, { type: "rps", rps: 4, times: 10 }),
  );
  assert.equal(workload.total_iteration_count, 10);
  assert.deepEqual(starts(), range(10, 0.25));
  // It does not wait for earlier iterations: all ten 3 s iterations overlap.
  assert.equal(probe.maxRunning, 10);
  assert.equal(workload.load_duration, 2.25 + 3);
});

Deno.test("rps 3 starts keep to i/3 s without drift over 30 iterations", async () => {
  resetProbe();
  await runSimulated(oneWorkload("Test.probe", {}, { type: "rps", rps: 3, times: 30 }));
  const expected = range(30, 1 / 3);
  exactStarts().forEach((s, i) => assert.ok(Math.abs(s - expected[i]) < 1e-6, `start ${i}: ${s}`));
});

Deno.test("rps ramp {start 1, end 3, step 1, duration 2} starts at 0, 1, then every 1/2 s, then every 1/3 s", async () => {
  resetProbe();
  const ramp = { start: 1, end: 3, step: 1, duration: 2 };
  await runSimulated(oneWorkload("Test.probe", {}, { type: "rps", rps: ramp, times: 12 }));
  // 1 rps for 2 s: 0, 1; 2 rps for 2 s: 2, 2.5, 3, 3.5; then 3 rps from 4 s on.
  const expected = [0, 1, 2, 2.5, 3, 3.5, 4, 4 + 1 / 3, 4 + 2 / 3, 5, 5 + 1 / 3, 5 + 2 / 3];
  const got = exactStarts();
  assert.equal(got.length, 12);
  got.forEach((s, i) =>
    assert.ok(Math.abs(s - expected[i]) < 1e-6, `start ${i}: ${s} ≠ ${expected[i]}`)
  );
});

Deno.test("startOffsets of a ramp whose step overshoots `end` stops at `end`", () => {
  const it = startOffsets({ start: 1, end: 2.5, step: 1, duration: 1 });
  const got = Array.from({ length: 6 }, () => it.next().value);
  // 1 rps: 0; 2 rps: 1000, 1500; 2.5 rps from 2 s on: 2000, 2400, 2800.
  assert.deepEqual(got, [0, 1000, 1500, 2000, 2400, 2800]);
});

Deno.test("rps max_concurrency caps iterations in flight and delays starts until a slot frees", async () => {
  resetProbe();
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 1 }, {
      type: "rps",
      rps: 10,
      times: 6,
      max_concurrency: 2,
    }),
  );
  assert.equal(workload.total_iteration_count, 6);
  assert.equal(probe.maxRunning, 2);
  // Starts 0 and 0.1 on schedule; each later one waits for the slot freed a second after an earlier start.
  assert.deepEqual(starts(), [0, 0.1, 1, 1.1, 2, 2.1]);
});

Deno.test("constant_for_duration starts iterations until the deadline and none after it", async () => {
  resetProbe();
  const { workload, records } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 0.3 }, {
      type: "constant_for_duration",
      duration: 1,
      concurrency: 1,
    }),
  );
  assert.deepEqual(starts(), [0, 0.3, 0.6, 0.9]);
  assert.equal(workload.total_iteration_count, 4);
  assert.equal(records.length, 4);
  // The iteration started at 0.9 s finishes at 1.2 s.
  assert.equal(Math.round(workload.load_duration * 1e6) / 1e6, 1.2);
});

Deno.test("constant_for_duration runs as many iterations as fit: 2 s at concurrency 3 of 0.5 s iterations is 12", async () => {
  resetProbe();
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 0.5 }, {
      type: "constant_for_duration",
      duration: 2,
      concurrency: 3,
    }),
  );
  assert.equal(workload.total_iteration_count, 12);
  assert.equal(probe.maxRunning, 3);
  assert.deepEqual(starts(), range(12, 1).map((i) => Math.floor(i / 3) * 0.5));
});

Deno.test("constant_for_duration with duration 0 runs one iteration in each of its concurrency slots, as Rally does", async () => {
  resetProbe();
  const { workload } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 0.5 }, {
      type: "constant_for_duration",
      duration: 0,
      concurrency: 3,
    }),
  );
  assert.equal(workload.total_iteration_count, 3);
  assert.equal(probe.maxRunning, 3);
  assert.deepEqual(starts(), [0, 0, 0]);
});

Deno.test("constant with timeout 0 has no timeout, as in Rally: a 700 s iteration is not cut", async () => {
  const { records } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 700 }, { type: "constant", times: 1, timeout: 0 }),
  );
  assert.deepEqual(records.map((r) => [r.duration, r.error]), [[700, []]]);
});

Deno.test("max_cpu_count is accepted on constant, rps and serial and changes nothing yet", async () => {
  for (
    const runner of [
      { type: "constant", times: 4, concurrency: 2, max_cpu_count: 2 },
      { type: "rps", times: 4, rps: 10, max_cpu_count: 2 },
      { type: "serial", times: 4, max_cpu_count: 2 },
    ]
  ) {
    const { workload } = await runSimulated(oneWorkload("Test.probe", { sleep: 0.1 }, runner));
    assert.equal(workload.total_iteration_count, 4, runner.type);
    const { type, ...args } = runner;
    assert.deepEqual(workload.runner, { [type]: args }, "echoed as written");
  }
});

Deno.test("constant_for_duration with iterations that take no simulated time stops with an explanation instead of spinning", async () => {
  const { workload, clock } = await runSimulated(
    oneWorkload("Dummy.dummy_exception_probability", { exception_probability: 0 }, {
      type: "constant_for_duration",
      duration: 1,
      concurrency: 2,
    }),
  );
  assert.equal(clock.now(), T0);
  assert.equal(workload.total_iteration_count, 1_000);
  assert.equal(workload.pass_sla, false);
  assert.match(JSON.stringify(workload.sla_results), /iterations started without the clock moving/);
});

Deno.test("constant_for_duration gives up on a simulated clock after 10 starts per slot of concurrency (at least 1,000), on a real one after 100,000", () => {
  const simulated = new SimulatedClock();
  assert.equal(maxStartsAtOneInstant(simulated, 4), 1_000);
  assert.equal(maxStartsAtOneInstant(simulated, 500), 5_000);
  assert.equal(maxStartsAtOneInstant(new RealClock(), 4), MAX_STARTS_AT_ONE_INSTANT);
  assert.equal(MAX_STARTS_AT_ONE_INSTANT, 100_000);
});

Deno.test("a load of instant iterations takes no simulated time, even with a far timer pending", async () => {
  // Dummy.dummy is asynchronous, so the runner's 600 s timeout arms a timer:
  // the clock must not jump to it while iterations are ready to start.
  const { workload, records, clock } = await runSimulated(
    oneWorkload("Dummy.dummy", { sleep: 0 }, { type: "constant", times: 3000, concurrency: 2 }),
  );
  assert.equal(workload.total_iteration_count, 3000);
  assert.equal(workload.load_duration, 0);
  assert.ok(records.every((r) => r.timestamp === T0 / 1000));
  assert.equal(clock.now(), T0);
});

Deno.test("record timestamps are the iterations' start times on the clock, in epoch seconds", async () => {
  resetProbe();
  const { records } = await runSimulated(
    oneWorkload("Test.probe", { sleep: 0 }, { type: "rps", rps: 2, times: 3 }),
  );
  assert.deepEqual(records.map((r) => offset(r.timestamp)), [0, 0.5, 1]);
});
