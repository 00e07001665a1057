import assert from "node:assert/strict";
import { failed, footprint, record } from "./sla_records.ts";

Deno.test("footprint grows when an object's array or map grows", () => {
  class Hoarder {
    private seen: number[] = [];
    private byName = new Map<string, number>();
    add(value: number): void {
      this.seen.push(value);
      this.byName.set(String(value), value);
    }
  }
  const hoarder = new Hoarder();
  hoarder.add(1);
  const before = footprint(hoarder);
  hoarder.add(2);
  assert.ok(footprint(hoarder) > before);
});

Deno.test("record builds successful and failed iterations with back-to-back atomic actions", () => {
  const ok = record(1.5, { atomics: [["boot", 1], ["delete", 0.5]], timestamp: 100 });
  assert.deepEqual(ok.error, []);
  assert.deepEqual(ok.atomic_actions.map((a) => [a.name, a.started_at, a.finished_at]), [
    ["boot", 100, 101],
    ["delete", 101, 101.5],
  ]);
  assert.deepEqual(failed(1).error, ["Error", "boom", "Traceback"]);
  assert.deepEqual(failed(1, { error: ["E", "m", "d"] }).error, ["E", "m", "d"]);
});
