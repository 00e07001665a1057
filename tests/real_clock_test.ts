import assert from "node:assert/strict";
import { MAX_HOST_DELAY_MS, RealClock } from "../src/clock/real_clock.ts";
import { PreciseClock } from "../src/clock/precise_clock.ts";

// The host's timer functions, replaced for one test: what was armed is
// recorded, nothing runs by itself.
function withHostTimers(
  test: (armed: { fn: () => void; ms: number; id: number }[], cleared: number[]) => void,
): void {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  const armed: { fn: () => void; ms: number; id: number }[] = [];
  const cleared: number[] = [];
  globalThis.setTimeout = ((fn: () => void, ms: number) => {
    armed.push({ fn, ms, id: armed.length + 1 });
    return armed.length;
  }) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((id: number) => cleared.push(id)) as unknown as typeof clearTimeout;
  try {
    test(armed, cleared);
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
}

Deno.test("a timer 30 days away is armed in steps the host takes, never as one overflowing delay", () => {
  withHostTimers((armed, cleared) => {
    let fired = false;
    const clock = new RealClock();
    const id = clock.setTimeout(() => fired = true, 30 * 86_400_000);
    assert.deepEqual(armed.map((a) => a.ms), [MAX_HOST_DELAY_MS]);
    // The host's step ends; 30 days have not passed, so another step is armed.
    armed[0].fn();
    assert.equal(fired, false);
    assert.equal(armed.length, 2);
    assert.ok(armed[1].ms <= MAX_HOST_DELAY_MS);
    // Cleared by the id it gave: the pending step is cancelled.
    clock.clearTimeout(id);
    assert.deepEqual(cleared, [2]);
  });
});

Deno.test("a precise timer beyond the host's limit is chained too, and one within it is armed as asked", () => {
  withHostTimers((armed) => {
    const clock = new PreciseClock(2);
    clock.setTimeout(() => {}, 2 ** 32);
    clock.setTimeout(() => {}, 1_000);
    assert.deepEqual(armed.map((a) => a.ms), [MAX_HOST_DELAY_MS, 998]);
  });
});

Deno.test("a timer is cleared by the host's own id, also when the host's ids are objects", () => {
  const realSet = globalThis.setTimeout;
  const realClear = globalThis.clearTimeout;
  // As Node.js (and Deno where its Node.js globals are on) does: a Timeout object.
  const cleared: unknown[] = [];
  const ids: object[] = [];
  globalThis.setTimeout = (() => {
    ids.push({ timeout: ids.length + 1 });
    return ids[ids.length - 1];
  }) as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((id: unknown) => cleared.push(id)) as unknown as typeof clearTimeout;
  try {
    const clock = new RealClock();
    clock.clearTimeout(clock.setTimeout(() => {}, 600_000));
    const chained = clock.setTimeout(() => {}, 30 * 86_400_000);
    clock.clearTimeout(chained);
    assert.equal(cleared.length, 2);
    assert.equal(cleared[0], ids[0], "the 600 s timer itself was cleared");
    assert.equal(cleared[1], ids[1], "the chained timer's pending step was cleared");
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
});
