/**
 * The live page's script: follows the run's event stream, draws each
 * workload's charts with uPlot (the HTML report's chart library) and the
 * annotations over them, and sends the stop buttons' requests. It builds
 * DOM with `createElement` and `textContent` only, never from HTML strings,
 * so nothing from the run (hook descriptions, error messages) can become
 * markup.
 *
 * @module
 */
import { CHART_SCRIPT_HELPERS } from "../../report/html/chart_script_helpers.ts";

/**
 * The script's source, placed after uPlot's. It sets `data-stream` on
 * `<html>` (`connecting`, `live`, `ended`) and `data-points` (points drawn
 * so far), for whoever watches the page.
 */
export const DASHBOARD_SCRIPT: string = String.raw`(function () {
  "use strict";
  var root = document.documentElement;
  var main = document.getElementById("workloads");
  var notice = document.getElementById("notice");
  var match = /(?:^#|&)token=([0-9A-Za-z]+)/.exec(location.hash);
  var token = match ? match[1] : "";
${CHART_SCRIPT_HELPERS}
  var state = { task: null, workloads: new Map(), end: null };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The annotations drawn over every time chart of a workload, as the HTML
  // report's (id, from, to, tone, kind, label, title, href): each kind turns
  // the workload's state into a list. Hook runs are the first kind; the
  // resilience analysis' fault windows ("fault") and recovery points
  // ("recovery", an instant) are further entries of this list.
  var ANNOTATION_KINDS = [hookRunBands];

  function hookRunBands(w) {
    var last = w.points.length ? w.points[w.points.length - 1].t : 0;
    return w.runs.map(function (run) {
      var id = "run-" + w.info.uuid + "-" + run.seq;
      var label = (w.info.hooks[run.hookIndex] || "hook " + (run.hookIndex + 1)) + " #" + run.seq;
      return {
        id: id,
        from: run.from,
        // A run still running reaches to the latest second.
        to: run.to === null ? Math.max(run.from, last) : run.to,
        tone: run.status === "success" ? "ok" : run.status === "failed" ? "bad" : "neutral",
        kind: "hook run, " + run.status,
        label: label,
        title: label + " \u2014 " + run.status + ", +" + fmtSeconds(run.from) +
          (run.to === null ? " \u2026" : " \u2026 +" + fmtSeconds(run.to)),
        href: "#" + id,
        data: { "hook-run": String(run.seq), status: run.status },
      };
    });
  }

  function annotationsOf(w) {
    var all = [];
    ANNOTATION_KINDS.forEach(function (kind) { all = all.concat(kind(w)); });
    return all;
  }

  // The charts of a workload: what each draws from the per-second points.
  function chartSpecs(w) {
    var etypes = Object.keys(w.totals.failures).sort();
    return [
      { key: "rate", title: "Throughput", unit: "number", y: "per second", series: [
        { label: "iterations/s", get: function (p) { return p.rate; } },
        { label: "failed/s", color: "#d62728", get: function (p) { return p.failedRate; } },
      ] },
      { key: "durations", title: "Iteration duration", unit: "seconds", y: "duration", series: [
        { label: "p50", get: function (p) { return p.p50; } },
        { label: "p95", color: "#ff7f0e", get: function (p) { return p.p95; } },
        { label: "p99", color: "#d62728", get: function (p) { return p.p99; } },
      ] },
      { key: "failures:" + etypes.join(","), title: "Failures by error type", unit: "number",
        y: "per second", series: etypes.length ? etypes.map(function (etype, i) {
          return { label: etype, color: palette[(i + 9) % palette.length],
            get: function (p) { return p.failures[etype] || 0; } };
        }) : [{ label: "failed/s", color: "#d62728", get: function (p) { return p.failedRate; } }] },
      { key: "inflight", title: "Iterations in flight", unit: "number", y: "iterations", series: [
        { label: "in flight", color: "#9467bd", get: function (p) { return p.inFlight; } },
      ] },
    ];
  }

  function chartData(w, spec) {
    var x = w.points.map(function (p) { return p.t; });
    return [x].concat(spec.series.map(function (s) { return w.points.map(s.get); }));
  }

  function makeChart(w, spec, host) {
    var f = FORMATS[spec.unit] || FORMATS.number;
    var fmt = f[0], yTicks = f[1];
    var series = [{ label: "time", value: function (u, v) { return fmtSeconds(v); } }];
    spec.series.forEach(function (s, i) {
      series.push({ label: s.label, stroke: s.color || palette[i % palette.length], width: 1.5,
        spanGaps: true, value: function (u, v) { return fmt(v); } });
    });
    return new uPlot({
      width: Math.max(320, host.clientWidth || 560),
      height: HEIGHT + LANES * LANE,
      padding: [LANES * LANE + 4, 12, 0, 0],
      scales: { x: { time: false }, y: { range: fromZero } },
      series: series,
      axes: [
        { label: "since the load started",
          values: function (u, vals, ai, space, incr) { return FORMATS.seconds[1](vals, incr); } },
        { label: spec.y, size: axisSize, labelGap: 2,
          values: function (u, vals, ai, space, incr) { return yTicks(vals, incr); } },
      ],
      cursor: { drag: { x: true, y: false }, sync: { key: "w-" + w.info.uuid } },
      plugins: [annotationPlugin(function () { return annotationsOf(w); })],
    }, chartData(w, spec), host);
  }

  function workloadView(info) {
    var section = el("section", "workload");
    section.setAttribute("data-workload", info.uuid);
    var h2 = el("h2");
    var badge = el("span", "badge running", "running");
    h2.appendChild(badge);
    h2.appendChild(document.createTextNode(" " + info.title + " "));
    h2.appendChild(el("code", "", info.key));
    section.appendChild(h2);
    var facts = el("dl", "facts");
    section.appendChild(facts);
    var charts = el("div", "charts");
    section.appendChild(charts);
    section.appendChild(el("h3", "", "Hook runs"));
    var runs = el("div", "scroll tall");
    section.appendChild(runs);
    section.appendChild(el("h3", "", "Failures"));
    var failures = el("div", "scroll");
    section.appendChild(failures);
    main.appendChild(section);
    return { section: section, badge: badge, facts: facts, charts: charts, runs: runs,
      failures: failures, drawn: new Map() };
  }

  function addWorkload(data) {
    var w = { info: data.info, loadStart: data.loadStart, points: data.points || [],
      runs: data.runs || [], runsNotDrawn: data.runsNotDrawn || 0,
      totals: data.totals || { completed: 0, failed: 0, failures: {} }, end: data.end || null };
    w.view = workloadView(w.info);
    state.workloads.set(w.info.uuid, w);
    return w;
  }

  function planText(plan) {
    if (plan.iterations) return plan.iterations + " iterations";
    if (plan.seconds) return fmtSeconds(plan.seconds);
    return "—";
  }

  function renderFacts(w) {
    var last = w.points.length ? w.points[w.points.length - 1] : null;
    var facts = [
      ["Scenario", w.info.scenario], ["Runner", w.info.runner], ["Plan", planText(w.info.plan)],
      ["Iterations", fmtNumber(w.totals.completed)],
      ["Failed", fmtNumber(w.totals.failed) + (w.totals.completed
        ? " (" + trim(100 * w.totals.failed / w.totals.completed) + " %)" : "")],
      ["Rate (last second)", last ? fmtNumber(last.rate) + "/s" : "—"],
      ["p95 (last second)", last ? fmtSeconds(last.p95) : "—"],
      ["Hook runs", String(w.runs.length + w.runsNotDrawn)],
    ];
    w.view.facts.replaceChildren.apply(w.view.facts, facts.map(function (f) {
      var d = el("div");
      d.appendChild(el("dt", "", f[0]));
      d.appendChild(el("dd", "", f[1]));
      return d;
    }));
    var status = w.end ? w.end.status : "running";
    w.view.badge.textContent = status;
    w.view.badge.className = "badge " + (w.end ? (w.end.pass_sla ? "pass" : "fail") : "running");
  }

  function renderCharts(w) {
    if (!w.points.length) return;
    chartSpecs(w).forEach(function (spec) {
      var slot = spec.key.split(":")[0];
      var drawn = w.view.drawn.get(slot);
      if (drawn && drawn.key !== spec.key) {
        // A new error type: the chart gets a series more.
        drawn.chart.destroy();
        drawn.host.replaceChildren();
        drawn.chart = makeChart(w, spec, drawn.host);
        drawn.key = spec.key;
      } else if (drawn) {
        drawn.chart.setData(chartData(w, spec));
      } else {
        var box = el("div");
        box.appendChild(el("h4", "", spec.title));
        var host = el("div", "chart");
        host.setAttribute("data-chart", slot);
        box.appendChild(host);
        w.view.charts.appendChild(box);
        w.view.drawn.set(slot, { key: spec.key, host: host, chart: makeChart(w, spec, host) });
      }
    });
  }

  function table(headers, rows) {
    var t = el("table", "grid");
    var head = el("tr");
    headers.forEach(function (h) { head.appendChild(el("th", "", h)); });
    t.appendChild(head);
    rows.forEach(function (r) { t.appendChild(r); });
    return t;
  }

  function renderTables(w) {
    var rows = w.runs.map(function (run) {
      var tr = el("tr", "run " + (run.status === "success" ? "ok" : run.status === "failed" ? "bad" : "running"));
      tr.id = "run-" + w.info.uuid + "-" + run.seq;
      [w.info.hooks[run.hookIndex] || "hook " + (run.hookIndex + 1), run.trigger,
        "+" + fmtSeconds(run.from), run.to === null ? "running" : fmtSeconds(run.to - run.from),
        run.status, run.error || ""].forEach(function (c) { tr.appendChild(el("td", "", c)); });
      return tr;
    });
    var runsBox = [rows.length ? table(["Hook", "Trigger", "Started", "Took", "Status", "Error"], rows)
      : el("p", "muted", w.info.hooks.length ? "No hook run yet." : "No hooks.")];
    if (w.runsNotDrawn) runsBox.push(el("p", "muted", w.runsNotDrawn + " more runs are not drawn."));
    w.view.runs.replaceChildren.apply(w.view.runs, runsBox);
    var etypes = Object.keys(w.totals.failures).sort();
    w.view.failures.replaceChildren(etypes.length ? table(["Error type", "Iterations"],
      etypes.map(function (etype) {
        var tr = el("tr");
        tr.appendChild(el("td", "", etype));
        tr.appendChild(el("td", "num", fmtNumber(w.totals.failures[etype])));
        return tr;
      })) : el("p", "muted", "No failed iteration."));
  }

  function render(w) {
    renderFacts(w);
    renderCharts(w);
    renderTables(w);
  }

  function countPoints() {
    var n = 0;
    state.workloads.forEach(function (w) { n += w.points.length; });
    root.setAttribute("data-points", String(n));
  }

  function setTask(task) {
    state.task = task;
    var title = task.title || task.uuid || "task";
    document.title = "brunt live \u00b7 " + title;
    document.getElementById("title").textContent = "brunt live \u00b7 " + title;
  }

  function onSnapshot(snap) {
    main.replaceChildren();
    state.workloads = new Map();
    setTask(snap.task);
    snap.workloads.forEach(function (data) { render(addWorkload(data)); });
    countPoints();
    root.setAttribute("data-stream", "live");
    if (snap.end) onEnd(snap.end);
  }

  function onUpdate(update) {
    setTask(update.task);
    update.workloads.forEach(function (c) {
      var w = state.workloads.get(c.uuid);
      if (!w) {
        if (!c.info) return;
        w = addWorkload({ info: c.info });
      }
      if (c.loadStart !== undefined) w.loadStart = c.loadStart;
      w.points = w.points.concat(c.points);
      c.runs.forEach(function (run) {
        var i = w.runs.findIndex(function (r) { return r.seq === run.seq; });
        if (i >= 0) w.runs[i] = run; else w.runs.push(run);
      });
      if (c.runsNotDrawn !== undefined) w.runsNotDrawn = c.runsNotDrawn;
      if (c.totals) w.totals = c.totals;
      if (c.end) w.end = c.end;
      render(w);
    });
    countPoints();
  }

  var source;
  function onEnd(end) {
    state.end = end;
    if (source) source.close();
    root.setAttribute("data-stream", "ended");
    document.querySelectorAll(".controls button").forEach(function (b) { b.disabled = true; });
    var banner = document.getElementById("end");
    banner.className = "banner " + (end.pass_sla ? "pass" : "fail");
    banner.replaceChildren();
    banner.appendChild(el("strong", "", "The run has ended: " + end.status + ", SLA " +
      (end.pass_sla ? "passed" : "FAILED") + ". "));
    if (end.report) {
      var a = el("a", "", "Open the HTML report");
      a.href = "/report";
      a.id = "report-link";
      banner.appendChild(a);
      banner.appendChild(document.createTextNode(" (served while brunt runs). "));
    }
    if (end.htmlFile) banner.appendChild(document.createTextNode("Written to " + end.htmlFile + "."));
    banner.hidden = false;
  }

  function stop(mode) {
    notice.textContent = mode === "soft" ? "stopping\u2026" : "cancelling\u2026";
    fetch("/stop", { method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: token, mode: mode }) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (r) {
        notice.textContent = r.ok
          ? (mode === "soft" ? "Stopping: no new iterations; running ones and hook runs finish."
            : "Cancelling running iterations and hook runs.")
          : r.body.error;
      })
      .catch(function (e) { notice.textContent = "The stop request failed: " + e.message; });
  }

  if (token) {
    var controls = document.getElementById("controls");
    var soft = el("button", "soft", "Stop");
    soft.title = "As Ctrl-C once: no new iterations; running ones and hook runs finish";
    soft.addEventListener("click", function () { stop("soft"); });
    var hard = el("button", "hard", "Cancel running");
    hard.title = "As Ctrl-C twice: running iterations and hook runs are cancelled";
    hard.addEventListener("click", function () { stop("hard"); });
    controls.appendChild(soft);
    controls.appendChild(hard);
  }

  var pending = 0;
  window.addEventListener("resize", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      state.workloads.forEach(function (w) {
        w.view.drawn.forEach(function (d) {
          d.chart.setSize({ width: Math.max(320, d.host.clientWidth), height: HEIGHT + LANES * LANE });
        });
      });
    }, 100);
  });

  root.setAttribute("data-stream", "connecting");
  source = new EventSource("/events");
  source.addEventListener("snapshot", function (e) { onSnapshot(JSON.parse(e.data)); });
  source.addEventListener("update", function (e) { onUpdate(JSON.parse(e.data)); });
  source.addEventListener("end", function (e) { onEnd(JSON.parse(e.data)); });
  source.addEventListener("error", function () {
    if (!state.end) notice.textContent = "reconnecting\u2026";
  });
  source.addEventListener("open", function () { if (!state.end) notice.textContent = ""; });
})();
`;
