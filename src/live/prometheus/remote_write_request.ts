/**
 * Prometheus remote write 1.0's request body: a `prometheus.WriteRequest`
 * protobuf message, snappy-compressed (block format).
 *
 * @module
 */
import { BinaryWriter, WireType } from "@bufbuild/protobuf/wire";
// @ts-types="./snappyjs.d.ts"
import { compress } from "snappyjs";
import type { MetricFamily } from "./metric_families.ts";
import type { TimeSeries } from "./prometheus_metrics.ts";

/** The headers remote write 1.0 asks for. */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Encoding": "snappy",
  "Content-Type": "application/x-protobuf",
  "X-Prometheus-Remote-Write-Version": "0.1.0",
};

// prometheus.MetricMetadata.MetricType
const METRIC_TYPE = { counter: 1, gauge: 2, histogram: 3 } as const;

/**
 * Encodes `series` (and the families' metadata: type and help) as a
 * remote write 1.0 `WriteRequest` and compresses it with snappy: the body
 * to POST.
 *
 * `WriteRequest { repeated TimeSeries timeseries = 1; repeated
 * MetricMetadata metadata = 3; }`, `TimeSeries { repeated Label labels = 1;
 * repeated Sample samples = 2; }`, `Label { string name = 1; string value =
 * 2; }`, `Sample { double value = 1; int64 timestamp = 2; }`,
 * `MetricMetadata { MetricType type = 1; string metric_family_name = 2;
 * string help = 4; }`.
 */
export function encodeWriteRequest(
  series: readonly TimeSeries[],
  families: readonly MetricFamily[] = [],
): Uint8Array<ArrayBuffer> {
  const w = new BinaryWriter();
  for (const s of series) {
    w.tag(1, WireType.LengthDelimited).fork();
    for (const [name, value] of s.labels) {
      w.tag(1, WireType.LengthDelimited).fork()
        .tag(1, WireType.LengthDelimited).string(name)
        .tag(2, WireType.LengthDelimited).string(value)
        .join();
    }
    for (const sample of s.samples) {
      w.tag(2, WireType.LengthDelimited).fork()
        .tag(1, WireType.Bit64).double(sample.value)
        .tag(2, WireType.Varint).int64(sample.timestamp)
        .join();
    }
    w.join();
  }
  for (const family of families) {
    w.tag(3, WireType.LengthDelimited).fork()
      .tag(1, WireType.Varint).int32(METRIC_TYPE[family.type])
      .tag(2, WireType.LengthDelimited).string(family.name)
      .tag(4, WireType.LengthDelimited).string(family.help)
      .join();
  }
  return compress(w.finish());
}
