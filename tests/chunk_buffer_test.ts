import assert from "node:assert/strict";
import type { AtomicAction, IterationRecord } from "../src/model/iteration_record.ts";
import { ChunkBuffer } from "../src/store/chunk_buffer.ts";

function record(at: number, actions: AtomicAction[] = [], extra: Partial<IterationRecord> = {}) {
  return {
    timestamp: at,
    duration: 0.125 + at / 1e6,
    idle_duration: 0,
    error: [],
    output: { additive: [], complete: [] },
    atomic_actions: actions,
    ...extra,
  } as IterationRecord;
}

const action = (name: string, at: number, children: AtomicAction[] = [], failed = false) => {
  const a: AtomicAction = { name, started_at: at, finished_at: at + 0.01, children };
  if (failed) a.failed = true;
  return a;
};

Deno.test("a chunk's JSON is exactly JSON.stringify of its records, actions nested and failed included", () => {
  const records = [
    record(1.5, [action("foo", 1.5, [action("bar", 1.51)])]),
    record(2.25, [action("foo", 2.25, [action("bar", 2.26, [], true)], true)]),
    record(3, []),
    record(4, [action("foo", 4, [action("bar", 4.01)]), action("baz", 4.5)]),
    record(5, [action("foo", 5, [action("bar", 5.01)])]),
    record(1795699339.0452294, [
      action("foo", 1795699339.0452778, [action("bar", 1795699339.045295)]),
    ]),
  ];
  const buffer = new ChunkBuffer();
  for (const r of records) buffer.add(r);
  assert.equal(buffer.count, records.length);
  assert.equal(buffer.toJson(), JSON.stringify(records));
});

Deno.test("records with an error, output or a non-finite number keep their place and content", () => {
  const records = [
    record(1, [action("foo", 1)]),
    record(2, [action("foo", 2)], { error: ["ValueError", "boom", "trace"] }),
    record(3, [], {
      output: { additive: [], complete: [{ title: "t", chart_plugin: "TextArea", data: ["x"] }] },
    } as Partial<IterationRecord>),
    record(4, [action("foo", 4)], { duration: Number.NaN }),
    record(5, [action("foo", 5)]),
  ];
  const buffer = new ChunkBuffer();
  for (const r of records) buffer.add(r);
  assert.equal(buffer.toJson(), JSON.stringify(records));
});

Deno.test("a buffer is reused after clear, alternating action shapes included", () => {
  const buffer = new ChunkBuffer();
  for (let chunk = 0; chunk < 50; chunk++) {
    const records = [0, 1, 2].map((i) => {
      const at = chunk * 3 + i;
      return record(at, (at % 2) ? [action("a", at)] : [action("b", at, [action("c", at)])]);
    });
    for (const r of records) buffer.add(r);
    assert.equal(buffer.count, 3);
    assert.equal(buffer.toJson(), JSON.stringify(records));
    buffer.clear();
    assert.equal(buffer.count, 0);
  }
  assert.equal(buffer.toJson(), "[]");
});

Deno.test("a record with many actions grows the number store", () => {
  const many = Array.from({ length: 2_000 }, (_, i) => action(`a${i % 3}`, i));
  const records = [record(1, many), record(2, many)];
  const buffer = new ChunkBuffer();
  for (const r of records) buffer.add(r);
  assert.equal(buffer.toJson(), JSON.stringify(records));
});
