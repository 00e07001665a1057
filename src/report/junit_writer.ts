/**
 * The results document as JUnit XML, for CI systems: one test suite per
 * task, one test case per workload, SLA failures as test failures.
 *
 * @module
 */
import { writeAll, writeAtomically } from "./atomic_file.ts";
import type { ResultsDocument, TaskResult, WorkloadResult } from "../model/results_document.ts";
import type { HookResult } from "../model/hook_result.ts";

/**
 * Renders `doc` as a JUnit XML report (`<testsuites>`):
 *
 * - one `<testsuite>` per task, named by its title (its uuid when untitled),
 *   with `tests`, `failures`, `errors`, `skipped`, `time` and `timestamp`;
 * - one `<testcase>` per workload: `classname` is the subtask's title, `name`
 *   the scenario's name and position (`Dummy.dummy [0]`), `time` its
 *   `full_duration`;
 * - a `<failure type="sla">` per failed SLA criterion (`aborted_on_sla`
 *   included), its detail as text; an `<error>` for Rally's
 *   `aborted_manually` (type `aborted`) and `something_went_wrong` (type
 *   `crashed`) entries, or for an `aborted` workload without them; a case
 *   with an error counts as an error, else as a failure if it has one; a
 *   skipped workload has `<skipped/>`;
 * - iteration counts, failed hook runs and unreached trigger points in
 *   `<system-out>`: hook failures never fail a test case.
 *
 * All text is escaped; characters XML 1.0 forbids are replaced by U+FFFD
 * (terminal colour codes are dropped), so the output is always well-formed.
 *
 * @param doc The results document (its `data` is not needed).
 * @returns The XML text, ending in a newline.
 */
export function junitXml(doc: ResultsDocument): string {
  const suites = doc.tasks.map((task, index) => suiteOf(task, index));
  const total = suites.reduce(
    (sum, s) => ({
      tests: sum.tests + s.tests,
      failures: sum.failures + s.failures,
      errors: sum.errors + s.errors,
      skipped: sum.skipped + s.skipped,
      time: sum.time + s.time,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 },
  );
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites${
      attrs({
        name: "brunt",
        tests: total.tests,
        failures: total.failures,
        errors: total.errors,
        skipped: total.skipped,
        time: seconds(total.time),
      })
    }>`,
    ...suites.map((s) => s.xml),
    `</testsuites>`,
    "",
  ].join("\n");
}

/**
 * Writes {@linkcode junitXml}`(doc)` to `path`; the file appears only when
 * complete (temporary file, then rename).
 *
 * @param path The file to create or replace.
 * @param doc The results document.
 */
export async function writeJunit(path: string, doc: ResultsDocument): Promise<void> {
  const bytes = new TextEncoder().encode(junitXml(doc));
  await writeAtomically(path, (file) => writeAll(file, bytes));
}

interface Suite {
  xml: string;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

function suiteOf(task: TaskResult, index: number): Suite {
  const cases: string[] = [];
  let failures = 0, errors = 0, skipped = 0, caseTime = 0;
  for (const subtask of task.subtasks) {
    for (const workload of subtask.workloads) {
      const c = caseOf(subtask.title || subtask.uuid, workload);
      cases.push(c.xml);
      if (c.outcome === "failure") failures++;
      if (c.outcome === "error") errors++;
      if (c.outcome === "skipped") skipped++;
      caseTime += workload.full_duration;
    }
  }
  // The task's wall time when known: parallel subtasks make the sum of case times too long.
  const wall = (Date.parse(task.updated_at) - Date.parse(task.created_at)) / 1000;
  const time = Number.isFinite(wall) && wall >= 0 ? wall : caseTime;
  const properties = [
    property("uuid", task.uuid),
    property("status", task.status),
    property("seed", String(task.seed)),
    ...(task.tags.length ? [property("tags", task.tags.join(","))] : []),
    ...(task.description ? [property("description", task.description)] : []),
  ];
  const xml = [
    `  <testsuite${
      attrs({
        name: task.title || task.uuid,
        id: index,
        tests: cases.length,
        failures,
        errors,
        skipped,
        time: seconds(time),
        timestamp: junitTimestamp(task.created_at),
      })
    }>`,
    `    <properties>`,
    ...properties,
    `    </properties>`,
    ...cases,
    `  </testsuite>`,
  ].join("\n");
  return { xml, tests: cases.length, failures, errors, skipped, time };
}

function property(name: string, value: string): string {
  return `      <property${attrs({ name, value })}/>`;
}

interface Case {
  xml: string;
  outcome: "pass" | "failure" | "error" | "skipped";
}

function caseOf(classname: string, workload: WorkloadResult): Case {
  const scenario = Object.keys(workload.scenario)[0] ?? "(no scenario)";
  const open = `    <testcase${
    attrs({
      classname,
      name: `${scenario} [${workload.position}]`,
      time: seconds(workload.full_duration),
    })
  }`;
  const body: string[] = [];
  let outcome: Case["outcome"] = "pass";
  if (workload.status === "skipped") {
    body.push(`      <skipped${attrs({ message: "workload skipped: it never started" })}/>`);
    outcome = "skipped";
  } else {
    const failures: string[] = [];
    const errors: string[] = [];
    for (const r of workload.sla_results.sla) {
      if (r.success) continue;
      const type = NOT_SLA_VERDICTS[r.criterion];
      (type ? errors : failures).push(
        element(type ? "error" : "failure", type ?? "sla", r.criterion, r.detail),
      );
    }
    if (failures.length === 0 && errors.length === 0 && !workload.pass_sla) {
      const detail = "pass_sla is false but sla_results has no failed criterion";
      failures.push(element("failure", "sla", "sla", detail));
    }
    if (
      errors.length === 0 && workload.status === "aborted" &&
      !workload.sla_results.aborted_on_sla_failure
    ) {
      errors.push(
        element("error", "aborted", "aborted", "workload aborted before its load finished"),
      );
    }
    body.push(...failures, ...errors);
    // A case counts once; an interruption or a crash explains any failure beside it.
    outcome = errors.length ? "error" : failures.length ? "failure" : "pass";
  }
  const out = systemOut(workload);
  if (out) body.push(`      <system-out>${text(out)}</system-out>`);
  const xml = body.length ? `${open}>\n${body.join("\n")}\n    </testcase>` : `${open}/>`;
  return { xml, outcome };
}

/**
 * Failed entries of sla_results that are no criterion's verdict but say the
 * load was interrupted or crashed (Rally's pseudo-criteria): JUnit errors, by type.
 */
const NOT_SLA_VERDICTS: Record<string, string | undefined> = {
  aborted_manually: "aborted",
  something_went_wrong: "crashed",
};

/** `<failure>` or `<error>` with `criterion: detail` as message and the detail as text. */
function element(
  name: "failure" | "error",
  type: string,
  criterion: string,
  detail: string,
): string {
  return `      <${name}${attrs({ message: `${criterion}: ${detail}`, type })}>${
    text(detail)
  }</${name}>`;
}

function systemOut(workload: WorkloadResult): string {
  const lines: string[] = [];
  if (workload.status !== "skipped") {
    lines.push(
      `status: ${workload.status}; iterations: ${workload.total_iteration_count}, failed: ${workload.failed_iteration_count}` +
        (workload.sla_results.aborted_on_sla_failure ? "; load stopped on SLA failure" : ""),
    );
  }
  workload.hooks.forEach((hook, index) => {
    const label = hookLabel(hook, index);
    for (const run of hook.results) {
      if (run.status !== "failed") continue;
      const at = `${run.triggered_by.event_type} ${run.triggered_by.value}`;
      const error = run.error
        ? `${run.error.etype}: ${run.error.msg}${
          run.error.details ? `\n  ${indentLines(run.error.details)}` : ""
        }`
        : "(no error recorded)";
      lines.push(`${label} run at ${at} failed: ${error}`);
    }
    if (hook.not_reached && hook.not_reached.count > 0) {
      lines.push(
        `${label}: ${hook.not_reached.count} trigger point(s) not reached: ${
          hook.not_reached.values.join(", ")
        }${hook.not_reached.count > hook.not_reached.values.length ? ", …" : ""}`,
      );
    }
  });
  return lines.join("\n");
}

/** `hook 0 sys_call ("restart db")`, from the hook entry in either task format. */
function hookLabel(hook: HookResult, index: number): string {
  const config =
    (typeof hook.config === "object" && hook.config !== null ? hook.config : {}) as Record<
      string,
      unknown
    >;
  const action = config.action;
  const name = typeof config.name === "string"
    ? config.name
    : typeof action === "object" && action !== null
    ? Object.keys(action)[0]
    : undefined;
  const description = typeof config.description === "string" && config.description
    ? ` (${JSON.stringify(config.description)})`
    : "";
  return `hook ${index}${name ? ` ${name}` : ""}${description}`;
}

function indentLines(s: string): string {
  return s.replace(/\n/g, "\n  ");
}

/** Seconds with millisecond precision, as JUnit readers expect. */
function seconds(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : "0.000";
}

/** JUnit's timestamp: ISO 8601 without a zone (taken as UTC); empty when unparseable. */
function junitTimestamp(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? "" : new Date(ms).toISOString().slice(0, 19);
}

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values).map(([k, v]) => ` ${k}="${attr(String(v))}"`).join("");
}

// deno-lint-ignore no-control-regex
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]/g;
// Everything outside XML 1.0's Char production, lone surrogates included.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text that XML 1.0 can carry: colour codes dropped, forbidden characters replaced. */
function xmlSafe(s: string): string {
  return s.replace(ANSI_SEQUENCE, "").replace(NOT_XML_CHAR, "\uFFFD");
}

/** Escapes element text (`>` too, so `]]>` cannot appear). */
function text(s: string): string {
  return xmlSafe(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Escapes an attribute value; tabs and newlines as references so parsers keep them. */
function attr(s: string): string {
  return text(s).replace(/"/g, "&quot;").replace(/'/g, "&apos;").replace(/\t/g, "&#9;")
    .replace(/\n/g, "&#10;").replace(/\r/g, "&#13;");
}
