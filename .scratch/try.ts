import { parseTask } from "../mod.ts";
import { runSimulated } from "../tests/helpers/run_simulated.ts";
import { scriptedFault } from "../tests/helpers/scripted_fault.ts";
const { plugins } = scriptedFault();
const task = {
  "Test.service": [{
    args: { sleep: 0.1, fault_sleep: 0.5, fail: 2, lag: 1, lag_sleep: 0.3 },
    runner: { type: "constant_for_duration", duration: 20, concurrency: 1 },
    hooks: [
      {
        name: "test_fault",
        args: { set: "on" },
        fault: "on",
        trigger: { name: "event", args: { unit: "time", at: [5] } },
      },
      {
        name: "test_fault",
        args: { set: "off", takes: 0.2 },
        fault: "off",
        trigger: { name: "event", args: { unit: "time", at: [10] } },
      },
    ],
    sla: {
      recovery_time: { max: 2 },
      during: { fault: { failure_rate: { max: 20 } } },
      percentile: { p95: 0.4 },
    },
  }],
};
const spec = parseTask(JSON.stringify(task), "t.json", { plugins });
const { workload } = await runSimulated(spec);
console.log(JSON.stringify(workload.resilience, null, 1));
console.log(workload.sla_results, workload.sla);
import { validateResults } from "../src/report/results_schema.ts";
const r2 = await runSimulated(spec);
console.log("schema problems:", validateResults(r2.document));
