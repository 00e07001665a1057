/**
 * The report page's own script: reads the embedded JSON and draws the
 * charts with uPlot, with annotations (hook runs and other spans of time)
 * shaded over the time charts and labelled above them. It builds DOM with
 * `createElement` and `textContent` only, never from HTML strings, so no
 * string from the document can become markup.
 *
 * @module
 */
import { CHART_SCRIPT_HELPERS } from "./chart_script_helpers.ts";

/**
 * The script's source, placed in a `<script>` after uPlot's. It reads
 * `#brunt-data`, fills every `[data-chart]` placeholder, sets
 * `data-charts-ready` on `<html>` when done, and redraws on resize.
 *
 * Axes: y starts at zero (unless a series goes below it); ticks are written
 * in the unit that suits the largest (`20 ms`, `1.5 s`, `250 µs`), with as
 * many decimals as the step needs there, so no two ticks read the same; the
 * y axis is as wide as its longest tick label, so its title never covers
 * them.
 */
export const PAGE_SCRIPT: string = String.raw`(function () {
  "use strict";
  var root = document.documentElement;
  var source = document.getElementById("brunt-data");
  var data = source ? JSON.parse(source.textContent || "{}") : { charts: [], annotations: {} };
${CHART_SCRIPT_HELPERS}
  var drawn = [];

  function build(host, spec) {
    var annotations = spec.annotations ? (data.annotations[spec.annotations] || []) : [];
    var labelled = annotations.some(function (a) { return !!a.label; });
    var x = spec.x.slice();
    var raw = spec.series.map(function (s) { return s.values.slice(); });
    if (annotations.length > 0 && x.length > 0) {
      // Widen the x axis to every annotation: add empty points at the ends.
      var lo = x[0], hi = x[x.length - 1];
      annotations.forEach(function (a) { lo = Math.min(lo, a.from); hi = Math.max(hi, a.to); });
      if (lo < x[0]) { x.unshift(lo); raw.forEach(function (r) { r.unshift(null); }); }
      if (hi > x[x.length - 1]) { x.push(hi); raw.forEach(function (r) { r.push(null); }); }
    }
    var ys = raw;
    var order = spec.series.map(function (_, i) { return i; });
    if (spec.kind === "stacked") {
      // Running sums, drawn top layer first so each lower area paints over the one above it.
      var acc = x.map(function () { return 0; });
      var sums = raw.map(function (r) {
        return r.map(function (v, j) { acc[j] += v || 0; return v === null && acc[j] === 0 ? null : acc[j]; });
      });
      order.reverse();
      ys = order.map(function (i) { return sums[i]; });
    }
    var yf = FORMATS[spec.unit] || FORMATS.number, xf = FORMATS[spec.xUnit] || FORMATS.number;
    var fmt = yf[0], yTicks = yf[1], xFmt = xf[0], xTicks = xf[1];
    var series = [{ label: spec.annotations ? "time" : (spec.xLabel || "x"),
      value: function (u, v) { return xFmt(v); } }];
    order.forEach(function (i) {
      var s = spec.series[i];
      var color = s.color || palette[i % palette.length];
      var opt = {
        label: s.label,
        stroke: color,
        width: 1.5,
        spanGaps: true,
        value: function (u, v, si, di) { return di === null || di === undefined ? "—" : fmt(raw[i][di]); },
      };
      if (s.dash) opt.dash = [5, 4];
      if (s.hidden) opt.show = false;
      if (spec.kind === "stacked") opt.fill = color + "66";
      if (spec.kind === "bars") {
        opt.fill = color + "aa";
        opt.paths = uPlot.paths.bars({ size: [0.9, 100] });
        opt.points = { show: false };
      }
      series.push(opt);
    });
    var opts = {
      width: Math.max(320, host.clientWidth || 800),
      height: HEIGHT + (labelled ? LANES * LANE : 0),
      padding: [labelled ? LANES * LANE + 4 : 10, 12, 0, 0],
      scales: {
        // Runs sit half a step inside the axis, so a single run is drawn too.
        x: spec.xUnit === "run"
          ? { time: false, range: function (u, min, max) { return [min - 0.5, max + 0.5]; } }
          : { time: false },
        // From zero, so a level reads as a level and jitter as jitter.
        y: { range: fromZero },
      },
      series: series,
      axes: [
        { label: spec.xLabel, values: function (u, vals, ai, space, incr) { return xTicks(vals, incr); },
          incrs: spec.xUnit === "run" ? [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] : undefined },
        { label: spec.yLabel, size: axisSize, labelGap: 2,
          values: function (u, vals, ai, space, incr) { return yTicks(vals, incr); } },
      ],
      // Time charts of one workload share a cursor, so a moment can be read across them.
      cursor: spec.annotations
        ? { drag: { x: true, y: false }, sync: { key: spec.annotations } }
        : { drag: { x: true, y: false } },
      plugins: annotations.length > 0
        ? [annotationPlugin(function () { return annotations; })]
        : [],
    };
    var u = new uPlot(opts, [x].concat(ys), host);
    drawn.push({ u: u, host: host, height: opts.height });
  }

  function drawAll() {
    var hosts = document.querySelectorAll("[data-chart]");
    if (typeof uPlot === "undefined") {
      hosts.forEach(function (h) { h.textContent = "Charts unavailable: the chart library did not load."; });
      return;
    }
    hosts.forEach(function (host) {
      var spec = data.charts[Number(host.getAttribute("data-chart"))];
      if (!spec) return;
      try {
        build(host, spec);
      } catch (e) {
        host.textContent = "This chart could not be drawn: " + (e && e.message ? e.message : String(e));
        throw e;
      }
    });
    var pending = 0;
    window.addEventListener("resize", function () {
      clearTimeout(pending);
      pending = setTimeout(function () {
        drawn.forEach(function (d) {
          d.u.setSize({ width: Math.max(320, d.host.clientWidth), height: d.height });
        });
      }, 100);
    });
  }

  drawAll();
  // The drawn charts, for a look from the browser's console (and the tests).
  window.bruntCharts = drawn.map(function (d) { return d.u; });
  root.setAttribute("data-charts-ready", String(drawn.length));
})();
`;
