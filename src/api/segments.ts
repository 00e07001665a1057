/**
 * Execution segments, for runner plugins whose load can be split over
 * workers and machines (`splits: true`): a runner gets its segment's share
 * as `ctx.share` and runs only the indices of the load it owns, so the
 * shares of a sequence's segments add up to exactly the whole. A results
 * document says which segments it holds in `TaskResult.segments`.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { SegmentSequence, SegmentShare } from "@brunt/brunt/segments";
 * // Three workers split ten iterations: each runs its share, striped.
 * const sequence = SegmentSequence.even(3);
 * const shares = [0, 1, 2].map((i) => new SegmentShare(sequence, i));
 * assert.deepEqual(shares.map((share) => share.scale(10)), [4, 3, 3]);
 * assert.deepEqual([0, 1, 2].map((j) => shares[1].globalIndex(j)), [1, 4, 7]);
 * ```
 *
 * @module
 */
export { ExecutionSegment } from "../segment/execution_segment.ts";
export { LaneShare } from "../segment/lane_share.ts";
export { Rational } from "../segment/rational.ts";
export { SegmentSequence } from "../segment/segment_sequence.ts";
export { SegmentShare } from "../segment/segment_share.ts";
