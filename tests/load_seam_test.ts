import assert from "node:assert/strict";
import { LoadSeam } from "../src/engine/load_seam.ts";

function listening(seam: LoadSeam): { started: number[]; reached: number[] } {
  const heard = { started: [] as number[], reached: [] as number[] };
  seam.connect({
    loadStarted: (at) => heard.started.push(at),
    pointReached: (point) => heard.reached.push(point),
  });
  return heard;
}

Deno.test("the seam reports the awaited count when the load reaches it, and only that one", () => {
  const seam = new LoadSeam();
  const heard = listening(seam);
  seam.await(3);
  for (let n = 1; n <= 5; n++) seam.completed(n);
  assert.deepEqual(heard.reached, [3]);
  assert.equal(seam.awaited, undefined, "a reached count is no longer awaited");
});

Deno.test("a count awaited after the load passed it (a late answer) is reached at once", () => {
  const seam = new LoadSeam();
  const heard = listening(seam);
  for (let n = 1; n <= 7; n++) seam.completed(n);
  seam.await(5);
  assert.deepEqual(heard.reached, [5]);
  seam.await(8);
  seam.completed(8);
  assert.deepEqual(heard.reached, [5, 8]);
});

Deno.test("the load's start is passed on as it is told", () => {
  const seam = new LoadSeam();
  const heard = listening(seam);
  seam.loadStarted(1_700_000_000_123.5);
  assert.deepEqual(heard.started, [1_700_000_000_123.5]);
});
