/**
 * Rally's HttpRequests task with every kind of extra `requests` argument
 * (tests/fixtures/rally/q8_http.json, 21 workloads; Rally accepts any key
 * and lets `requests` judge it when the iteration runs). brunt accepts the
 * arguments it honours — `verify`, `auth` (Basic; Rally's list form fails
 * there with `TypeError: 'list' object is not callable`), `cookies`,
 * `timeout`, `allow_redirects`, `headers`, `json` — and refuses before the
 * load, each at its place, what it cannot honour and what fails every
 * iteration in Rally anyway.
 */
import assert from "node:assert/strict";
import { parseTask } from "../../src/task/load.ts";
import type { TaskFileError } from "../../src/task/task_file_error.ts";

Deno.test("Rally's HttpRequests task with extra requests args: brunt refuses exactly the args it cannot honour", () => {
  const text = Deno.readTextFileSync(new URL("../fixtures/rally/q8_http.json", import.meta.url));
  let error: TaskFileError | undefined;
  try {
    parseTask(text, "q8_http.json");
  } catch (e) {
    error = e as TaskFileError;
  }
  const problems = error?.problems.map((p) => `${p.path}: ${p.message.split(";")[0]}`);
  assert.deepEqual(problems, [
    // Rally: ProxyError (the proxy is used); brunt's client sends directly.
    'subtasks[10].scenario["HttpRequests.check_request"].proxies: unknown key "proxies"',
    // Rally: client certificates; brunt's client sends none.
    'subtasks[11].scenario["HttpRequests.check_request"].cert: unknown key "cert"',
    'subtasks[12].scenario["HttpRequests.check_request"].cert: unknown key "cert"',
    // Rally: ValueError at run time (a list is not a timeout).
    'subtasks[14].scenario["HttpRequests.check_request"].timeout: must be a number > 0 and ≤ 86400',
    // Rally: TypeError at run time (an unexpected keyword argument).
    'subtasks[18].scenario["HttpRequests.check_request"].verfiy: unknown key "verfiy"',
    // Rally: every iteration fails ("Expected HTTP request code is `200` actual `200`").
    'subtasks[19].scenario["HttpRequests.check_request"].status_code: must be an integer from 100 to 599',
  ]);
});
