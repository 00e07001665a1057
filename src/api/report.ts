/**
 * Reports from a results document: the JSON file (and reading it back), a
 * self-contained HTML report, JUnit XML, and trends across runs.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseTask } from "@brunt/brunt";
 * import { junitXml, renderHtmlReport } from "@brunt/brunt/report";
 * import { runSimulated } from "@brunt/brunt/testing";
 * const task = parseTask('{"Dummy.dummy": [{"runner": {"type": "serial", "times": 2}}]}', "t.json");
 * const { document, store } = await runSimulated(task);
 * assert.match(junitXml(document), /<testsuites/);
 * assert.match(renderHtmlReport(document, (w) => store.iterations(w.uuid)), /<html/);
 * ```
 *
 * @module
 */
export {
  type IterationSource,
  readResultsJson,
  ResultsFileError,
  type ResultsFormat,
  writeResultsJson,
  type WriteSummary,
} from "../report/json_writer.ts";
export { RESULTS_SCHEMA, validateResults } from "../report/results_schema.ts";
export { FORMAT_VERSION } from "../model/results_document.ts";
export { junitXml, writeJunit } from "../report/junit_writer.ts";
export {
  type IterationsOf,
  renderHtmlReport,
  writeHtmlReport,
} from "../report/html/html_report.ts";
export { type CompareOptions, compareRuns } from "../report/compare_runs.ts";
export {
  buildTrends,
  RESILIENCE_TREND_METRICS,
  type ResilienceTrendMetric,
  TREND_METRICS,
  type TrendChange,
  type TrendHook,
  type TrendMetric,
  type TrendPoint,
  type TrendResilience,
  type TrendRun,
  type Trends,
  type TrendsOptions,
  type WorkloadTrend,
} from "../report/trends.ts";
export { writeTrendsHtml } from "../report/html/trends_page.ts";
