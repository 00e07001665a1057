/**
 * A segment's share of a runner's concurrency: the lanes it keeps busy, and
 * the iterations that run in them.
 *
 * @module
 */
import type { SegmentShare } from "./segment_share.ts";

/**
 * The lanes (concurrency slots 0 … concurrency−1) of a load that one
 * segment runs, and the iterations that are theirs. In an unsplit run the
 * `concurrency` lanes take iterations 0, 1, 2, … round after round; iteration
 * `g` belongs to lane `g mod concurrency`. A segment takes its striped share
 * of the lanes and exactly the iterations of those lanes, so the segments
 * of a sequence share out both the concurrency and the iterations, disjoint
 * and complete, and run the same iteration in the same round as one process
 * would when iterations take equal time.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { LaneShare } from "./lane_share.ts";
 * import { SegmentSequence } from "./segment_sequence.ts";
 * import { SegmentShare } from "./segment_share.ts";
 * const lanes = new LaneShare(new SegmentShare(SegmentSequence.even(2), 1), 4);
 * assert.deepEqual(lanes.lanes, [1, 3]);
 * assert.equal(lanes.iterations(10), 5); // iterations 1, 3, 5, 7 and 9
 * assert.equal(lanes.iterationIndex(2), 5);
 * ```
 */
export class LaneShare {
  /** The load's lanes this share runs, ascending. */
  readonly lanes: readonly number[];
  /** The load's concurrency. */
  readonly concurrency: number;

  /** The share of `concurrency` lanes that `share` runs. */
  constructor(share: SegmentShare, concurrency: number) {
    this.concurrency = concurrency;
    const lanes = [];
    for (let g = 0; g < concurrency; g++) if (share.owns(g)) lanes.push(g);
    this.lanes = lanes;
  }

  /** How many of the iterations `0 … times−1` run in these lanes. */
  iterations(times: number): number {
    const c = this.concurrency;
    const rounds = Math.floor(times / c);
    const rest = times - rounds * c;
    return rounds * this.lanes.length + this.lanes.filter((l) => l < rest).length;
  }

  /** The load's index of the `j`-th iteration these lanes start (both from 0), ascending in `j`. */
  iterationIndex(j: number): number {
    const n = this.lanes.length;
    const round = Math.floor(j / n);
    return round * this.concurrency + this.lanes[j - round * n];
  }
}
