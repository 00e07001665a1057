/**
 * The whole of brunt under load, not only its HTTP client: runs a task with
 * `HttpRequests.check_request` against `url` under `constant_for_duration`
 * (`concurrency`, `seconds`) through `runTask` on the real clock, and prints
 * one JSON line `{client: "brunt_task", concurrency, requests, errors, rps}`
 * like client.ts, iterations counted as requests.
 *
 *     deno run -A bench/http_client/task.ts URL CONCURRENCY SECONDS
 *
 * @module
 */
import { parseTask, runTask } from "../../mod.ts";

const [url, concurrencyArg, secondsArg] = Deno.args;
const concurrency = Number(concurrencyArg ?? 10);
const seconds = Number(secondsArg ?? 3);

const spec = parseTask(
  JSON.stringify({
    "HttpRequests.check_request": [{
      args: { url, method: "GET", status_code: 200 },
      runner: { type: "constant_for_duration", duration: seconds, concurrency },
    }],
  }),
  "bench.json",
);
const { document } = await runTask(spec, { seed: 1 });
const workload = document.tasks[0].subtasks[0].workloads[0];
const errors = workload.failed_iteration_count;
const requests = workload.total_iteration_count - errors;
console.log(JSON.stringify({
  client: "brunt_task",
  concurrency,
  requests,
  errors,
  rps: requests / workload.load_duration,
}));
Deno.exit(0);
