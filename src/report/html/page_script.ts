/**
 * The report page's own script: reads the embedded JSON and draws the
 * charts with uPlot, with hook runs as marker bands over time charts. It
 * builds DOM with `createElement` and `textContent` only, never from HTML
 * strings, so no string from the document can become markup.
 *
 * @module
 */
import { CHART_SCRIPT_HELPERS } from "./chart_script_helpers.ts";

/**
 * The script's source, placed in a `<script>` after uPlot's. It reads
 * `#brunt-data`, fills every `[data-chart]` placeholder, sets
 * `data-charts-ready` on `<html>` when done, and redraws on resize.
 */
export const PAGE_SCRIPT: string = String.raw`(function () {
  "use strict";
  var root = document.documentElement;
  var source = document.getElementById("brunt-data");
  var data = source ? JSON.parse(source.textContent || "{}") : { charts: [], markers: {} };
${CHART_SCRIPT_HELPERS}
  var drawn = [];

  function markerPlugin(list) {
    var items = [];
    function place(u) {
      for (var i = 0; i < items.length; i++) {
        var it = items[i];
        var left = u.valToPos(it.m.from, "x");
        var right = u.valToPos(it.m.to, "x");
        var width = Math.max(2, right - left);
        var off = right < 0 || left > u.over.clientWidth;
        it.band.style.left = left + "px";
        it.band.style.width = width + "px";
        it.band.style.display = off ? "none" : "";
        // Keep the label inside the plot even for a run at its right edge.
        var room = u.over.clientWidth - it.tab.offsetWidth;
        it.tab.style.left = Math.max(0, Math.min(left, room)) + "px";
        it.tab.style.display = off ? "none" : "";
      }
    }
    return {
      hooks: {
        init: [function (u) {
          for (var i = 0; i < list.length; i++) {
            var m = list[i];
            var cls = m.status === "success" ? "ok" : "bad";
            var band = document.createElement("div");
            band.className = "hook-band " + cls;
            band.setAttribute("data-hook-run", m.id);
            band.setAttribute("data-status", m.status);
            u.under.appendChild(band);
            var tab = document.createElement("a");
            tab.className = "hook-tab " + cls;
            tab.setAttribute("href", "#" + m.id);
            tab.setAttribute("data-hook-run-label", m.id);
            tab.title = m.label + " \u2014 " + m.status + ", +" + fmtSeconds(m.from) + " \u2026 +" +
              fmtSeconds(m.to);
            tab.textContent = m.label;
            tab.style.top = (i % 3) * 14 + "px";
            u.over.appendChild(tab);
            items.push({ m: m, band: band, tab: tab });
          }
        }],
        ready: [place],
        draw: [place],
      },
    };
  }

  function build(host, spec) {
    var markers = spec.markers ? (data.markers[spec.markers] || []) : [];
    var x = spec.x.slice();
    var raw = spec.series.map(function (s) { return s.values.slice(); });
    if (markers.length > 0 && x.length > 0) {
      // Widen the x axis to every marker: add empty points at the ends.
      var lo = x[0], hi = x[x.length - 1];
      markers.forEach(function (m) { lo = Math.min(lo, m.from); hi = Math.max(hi, m.to); });
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
    var fmt = spec.unit === "seconds" ? fmtSeconds : fmtNumber;
    var xFmt = spec.xUnit === "seconds" ? fmtSeconds : fmtNumber;
    var series = [{ label: spec.xLabel || "x", value: function (u, v) { return xFmt(v); } }];
    order.forEach(function (i) {
      var s = spec.series[i];
      var color = s.color || palette[i % palette.length];
      var opt = {
        label: s.label,
        stroke: color,
        width: 1.5,
        spanGaps: true,
        value: function (u, v, si, di) { return di === null || di === undefined ? "--" : fmt(raw[i][di]); },
      };
      if (s.dash) opt.dash = [5, 4];
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
      height: 240,
      scales: { x: { time: false } },
      series: series,
      axes: [
        { label: spec.xLabel, values: function (u, vals) { return vals.map(xFmt); } },
        { label: spec.yLabel, size: 64, values: function (u, vals) { return vals.map(fmt); } },
      ],
      // Time charts of one workload share a cursor, so a moment can be read across them.
      cursor: spec.markers
        ? { drag: { x: true, y: false }, sync: { key: spec.markers } }
        : { drag: { x: true, y: false } },
      plugins: markers.length > 0 ? [markerPlugin(markers)] : [],
    };
    var u = new uPlot(opts, [x].concat(ys), host);
    drawn.push({ u: u, host: host });
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
        drawn.forEach(function (d) { d.u.setSize({ width: Math.max(320, d.host.clientWidth), height: 240 }); });
      }, 100);
    });
  }

  drawAll();
  root.setAttribute("data-charts-ready", String(drawn.length));
})();
`;
