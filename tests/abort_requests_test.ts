/**
 * Abort requests in the task history: what `brunt abort` writes and the
 * running process reads.
 */
import assert from "node:assert/strict";
import { parseTask } from "../src/task/load.ts";
import { SqliteStore } from "../src/store/sqlite_store.ts";
import { TaskRecorder } from "../src/store/task_recorder.ts";
import { abortRequest, nextHardLevel, requestAbort } from "../src/store/abort_requests.ts";

function recordedTask() {
  const dir = Deno.makeTempDirSync({ prefix: "brunt_abort_requests_" });
  const store = SqliteStore.open(`${dir}/h.db`);
  const spec = parseTask(
    JSON.stringify({ "Dummy.dummy": [{ runner: { type: "constant", times: 1 } }] }),
    "t.json",
  );
  const recorder = new TaskRecorder(store, { spec, seed: 1 });
  return {
    store,
    uuid: recorder.uuid,
    [Symbol.dispose]: () => {
      store.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

Deno.test("a running task has no abort request until one is written", () => {
  using t = recordedTask();
  assert.equal(abortRequest(t.store, t.uuid), undefined);
  assert.equal(requestAbort(t.store, t.uuid, "soft"), "soft");
  assert.equal(abortRequest(t.store, t.uuid), "soft");
});

Deno.test("an abort request only gets firmer: soft, then stop, then cancel, never back", () => {
  using t = recordedTask();
  assert.equal(requestAbort(t.store, t.uuid, "stop"), "stop");
  assert.equal(requestAbort(t.store, t.uuid, "soft"), "stop");
  assert.equal(requestAbort(t.store, t.uuid, "cancel"), "cancel");
  assert.equal(requestAbort(t.store, t.uuid, "stop"), "cancel");
  assert.equal(abortRequest(t.store, t.uuid), "cancel");
});

Deno.test("brunt abort asks to stop first, and to cancel when asked again", () => {
  assert.equal(nextHardLevel(undefined), "stop");
  assert.equal(nextHardLevel("soft"), "stop");
  assert.equal(nextHardLevel("stop"), "cancel");
  assert.equal(nextHardLevel("cancel"), "cancel");
});
