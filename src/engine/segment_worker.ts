/**
 * The module a segment's worker thread runs: a {@linkcode SegmentAgent} on
 * the real clock, taking the coordinator's messages. Each `prepare` starts a
 * new job (the thread serves one workload after another); the plugins a job
 * names are loaded once per thread.
 *
 * @module
 */
/// <reference lib="deno.worker" />
import { pluginsWith } from "../builtin/builtin_plugins.ts";
import { PreciseClock } from "../clock/precise_clock.ts";
import { loadPlugins } from "../plugins/plugin_loader.ts";
import { breathePolicyFor } from "./iteration_driver.ts";
import { SegmentAgent } from "./segment_agent.ts";
import type { ToSegment } from "./segment_protocol.ts";
import { StrayErrorGuard } from "./stray_errors.ts";

/** Milliseconds between a worker's progress reports. */
const REPORT_MS = 100;

const clock = new PreciseClock();
// Plugin code's stray errors must not end the thread (and with it a segment of the load).
new StrayErrorGuard({ warn: (text) => console.error(text) }).install();
let agent: SegmentAgent | undefined;

self.onmessage = (event: MessageEvent<ToSegment>) => {
  const message = event.data;
  if (message.type === "prepare") {
    agent = new SegmentAgent({
      clock,
      breathe: breathePolicyFor(clock),
      plugins: async (modules) =>
        pluginsWith(await loadPlugins(modules, { label: "plugin", warn: () => {} })),
      send: (reply, transfer) => self.postMessage(reply, transfer),
      reportMs: REPORT_MS,
    });
  }
  agent?.receive(message);
};
