import { parseTask } from "../src/task/load.ts";
import { TaskFileError } from "../src/task/task_file_error.ts";
function p(task: unknown) {
  try {
    parseTask(JSON.stringify(task, null, 2), "task.json");
    console.log("OK");
  } catch (e) {
    if (e instanceof TaskFileError) {
      console.log(e.problems.map((x) => `${x.path} (line ${x.line}): ${x.message}`).join("\n"));
    } else throw e;
  }
}
const hook = (fault?: string) => ({
  description: "x",
  action: { sys_call: "true" },
  trigger: { event: { unit: "time", at: [1] } },
  ...(fault ? { fault } : {}),
});
const sub = (extra: Record<string, unknown>) => ({
  version: 2,
  subtasks: [{ scenario: { "Dummy.dummy": {} }, runner: { constant: { times: 2 } }, ...extra }],
});
p(sub({ hooks: [hook("of")] }));
p(sub({ hooks: [hook("off")] }));
p(sub({ sla: { recovery_time: { max: 1 }, downtime: { max: 1 } } }));
p(sub({ hooks: [hook("on")], sla: { recovery_time: { max: 1 } } }));
p(sub({ hooks: [hook("on")], sla: { during: { fualt: { failure_rate: { max: 1 } } } } }));
p(sub({
  hooks: [hook("pulse")],
  sla: {
    during: {
      recovery: { failure_rate: { max: 1 } },
      fault: { during: {}, percentile: { p95: 1, q: 2 } },
    },
  },
}));
p(sub({ resilience: { warmup: 1 } }));
p(sub({ hooks: [hook("pulse")], resilience: { window: 0, hlod: 1 } }));
p(sub({ hooks: [hook("pulse")], sla: { during: 3 } }));
p({
  "Dummy.dummy": [{
    hooks: [{
      name: "sys_call",
      args: "true",
      fault: "off",
      trigger: { name: "event", args: { unit: "time", at: [1] } },
    }],
    sla: { during: { fault: {} } },
  }],
});
