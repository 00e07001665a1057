/**
 * Validation of what a task asks of the resilience analysis, in both task
 * forms: hooks' `fault`, the workload's `resilience` settings, criteria that
 * judge windows and criteria scoped with `"during"`, each checked up front
 * against the hooks that would cut the windows.
 */
import assert from "node:assert/strict";
import { parseTask } from "../src/task/load.ts";
import { TaskFileError } from "../src/task/task_file_error.ts";

function problems(task: unknown): string[] {
  try {
    parseTask(JSON.stringify(task, null, 2), "task.json");
  } catch (e) {
    if (!(e instanceof TaskFileError)) throw e;
    return e.problems.map((p) => `${p.path}: ${p.message}`);
  }
  return [];
}

function hook(fault?: string): Record<string, unknown> {
  return {
    action: { sys_call: "true" },
    trigger: { event: { unit: "time", at: [1] } },
    ...(fault ? { fault } : {}),
  };
}

/** A v2 task of one Dummy.dummy workload with `extra` in it. */
function v2(extra: Record<string, unknown>): unknown {
  return {
    version: 2,
    subtasks: [{ scenario: { "Dummy.dummy": {} }, runner: { constant: { times: 2 } }, ...extra }],
  };
}

Deno.test("a hook's fault is on, off or pulse, in both forms, and the task spec records it", () => {
  assert.deepEqual(problems(v2({ hooks: [hook("of")] })), [
    'subtasks[0].hooks[0].fault: must be one of: on, off, pulse; got "of"; did you mean "off"?',
  ]);
  const spec = parseTask(
    JSON.stringify({
      "Dummy.dummy": [{
        hooks: [
          {
            name: "sys_call",
            args: "true",
            fault: "on",
            trigger: { name: "event", args: { unit: "time", at: [1] } },
          },
          {
            name: "sys_call",
            args: "true",
            fault: "off",
            trigger: { name: "event", args: { unit: "time", at: [2] } },
          },
          {
            name: "sys_call",
            args: "true",
            trigger: { name: "event", args: { unit: "time", at: [3] } },
          },
        ],
      }],
    }),
    "task.json",
  );
  assert.deepEqual(spec.subtasks[0].workloads[0].hooks.map((h) => h.fault), [
    "on",
    "off",
    undefined,
  ]);
});

Deno.test("an off hook needs an on hook in the same workload", () => {
  const message = '"fault": "off" ends a fault that a hook with "fault": "on" started, but no ' +
    'hook of this workload has "fault": "on"; add one, or use "pulse" for a fault that ends ' +
    "with its own hook run";
  assert.deepEqual(problems(v2({ hooks: [hook("off")] })), [
    `subtasks[0].hooks[0].fault: ${message}`,
  ]);
  assert.deepEqual(
    problems({
      "Dummy.dummy": [{
        hook: [{
          name: "sys_call",
          args: "true",
          fault: "off",
          trigger: { name: "event", args: { unit: "time", at: [1] } },
        }],
      }],
    }),
    [`Dummy.dummy[0].hook[0].fault: ${message}`],
  );
  assert.deepEqual(problems(v2({ hooks: [hook("on"), hook("off")] })), []);
});

Deno.test("criteria that judge windows need hooks; recovery_time needs a hook that ends a fault", () => {
  assert.deepEqual(
    problems(v2({ sla: { downtime: { max: 1 }, degradation: { max_relative: 2 } } })),
    [
      'subtasks[0].sla.downtime: "downtime" judges the windows that hook runs cut, but this ' +
      'workload has no hooks; add a hook (with "fault": "on", "off" or "pulse" to say what it does)',
      'subtasks[0].sla.degradation: "degradation" judges the windows that hook runs cut, but this ' +
      'workload has no hooks; add a hook (with "fault": "on", "off" or "pulse" to say what it does)',
    ],
  );
  assert.deepEqual(problems(v2({ hooks: [hook("on")], sla: { recovery_time: { max: 1 } } })), [
    'subtasks[0].sla.recovery_time: "recovery_time" judges the recovery after a fault ends, but ' +
    'no hook of this workload ends one; give the hook that ends it "fault": "off" (or "pulse" ' +
    "for a fault that ends with its own run)",
  ]);
  assert.deepEqual(
    problems(v2({ hooks: [hook("pulse")], sla: { recovery_time: { max: 1 } } })),
    [],
  );
  // The percentile criterion judges iterations: no hooks needed.
  assert.deepEqual(problems(v2({ sla: { percentile: { p95: 0.2, "p99.9": 1 } } })), []);
  assert.deepEqual(problems(v2({ sla: { percentile: { p95: 0, q: 1 } } })), [
    "subtasks[0].sla.percentile.p95: must be a number > 0; got 0",
    'subtasks[0].sla.percentile.q: unknown key "q" (percentiles and their limits in seconds, ' +
    'like {"p95": 0.2, "p99.9": 1})',
  ]);
});

Deno.test("during takes window kinds that the hooks can open, each with criteria checked against their plugin", () => {
  assert.deepEqual(
    problems(v2({
      hooks: [hook("pulse")],
      sla: {
        during: {
          fualt: { failure_rate: { max: 1 } },
          recovery: { failure_rate: { max: 1 } },
          fault: { failure_rate: { max: 200 }, during: {} },
          baseline: {},
        },
      },
    })),
    [
      'subtasks[0].sla.during.fualt: unknown window kind "fualt"; did you mean "fault"? ' +
      "(window kinds: baseline, fault, recovery, hook)",
      'subtasks[0].sla.during.recovery: no recovery window can exist: no hook has "fault": ' +
      '"off"; give the hook that ends the fault "fault": "off"',
      "subtasks[0].sla.during.fault.failure_rate.max: must be a number ≤ 100; got 200",
      'subtasks[0].sla.during.fault.during: "during" cannot be nested in "during"',
      "subtasks[0].sla.during.baseline: must name the SLA criteria to judge on each baseline " +
      'window, like {"failure_rate": {"max": 20}}; got {}',
    ],
  );
  assert.deepEqual(problems(v2({ sla: { during: 3 } })), [
    'subtasks[0].sla.during: "during" takes window kinds and the criteria to judge on each ' +
    'window of that kind, like {"fault": {"failure_rate": {"max": 20}}}; got 3',
  ]);
  assert.deepEqual(
    problems(v2({ hooks: [hook()], sla: { during: { fault: { failure_rate: { max: 1 } } } } })),
    [
      'subtasks[0].sla.during.fault: no fault window can exist: no hook has "fault": "on" or ' +
      '"pulse"; say what the hook that injects the fault does with "fault"',
    ],
  );
});

Deno.test("scoped criteria are recorded in order with their window kind, and reported back as written", () => {
  const spec = parseTask(
    JSON.stringify(v2({
      hooks: [hook("on"), hook("off")],
      sla: {
        failure_rate: { max: 1 },
        during: { fault: { failure_rate: { max: 20 } }, recovery: { percentile: { p95: 0.5 } } },
        recovery_time: { max: 5 },
      },
    })),
    "task.json",
  );
  assert.deepEqual(
    spec.subtasks[0].workloads[0].sla.map((r) => [r.name, r.window, r.raw]),
    [
      ["failure_rate", undefined, { max: 1 }],
      ["failure_rate", "fault", { max: 20 }],
      ["percentile", "recovery", { p95: 0.5 }],
      ["recovery_time", undefined, { max: 5 }],
    ],
  );
});

Deno.test("resilience settings: known keys with their ranges, and only in a workload with hooks", () => {
  assert.deepEqual(problems(v2({ resilience: { warmup: 1 } })), [
    "subtasks[0].resilience: resilience settings apply to the windows that hook runs cut, but " +
    'this workload has no hooks; add a hook (with "fault": "on", "off" or "pulse" to say what it does)',
  ]);
  assert.deepEqual(
    problems(
      v2({ hooks: [hook("pulse")], resilience: { window: 0, hlod: 1, failure_margin: 101 } }),
    ),
    [
      "subtasks[0].resilience.window: must be a number > 0; got 0",
      'subtasks[0].resilience.hlod: unknown key "hlod"; did you mean "hold"?',
      "subtasks[0].resilience.failure_margin: must be a number ≤ 100; got 101",
    ],
  );
  const spec = parseTask(
    JSON.stringify({
      "Dummy.dummy": [{
        hooks: [{
          name: "sys_call",
          args: "true",
          fault: "pulse",
          trigger: { name: "event", args: { unit: "time", at: [1] } },
        }],
        resilience: { warmup: 2, hold: 3 },
      }],
    }),
    "task.json",
  );
  assert.deepEqual(spec.subtasks[0].workloads[0].resilience, { warmup: 2, hold: 3 });
});
