/**
 * The report page's own script: reads the embedded JSON and draws the
 * charts with uPlot, with annotations (hook runs and other spans of time)
 * shaded over the time charts and labelled above them. It builds DOM with
 * `createElement` and `textContent` only, never from HTML strings, so no
 * string from the document can become markup.
 *
 * @module
 */

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
  var palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#d62728"];
  var drawn = [];
  var HEIGHT = 240;
  // Label rows above a chart with annotations, and the height of one.
  var LANES = 3, LANE = 16;

  function trim(v, digits) {
    return String(Number(v.toPrecision(digits || 3)));
  }
  function fmtNumber(v) {
    if (v === null || v === undefined || !isFinite(v)) return "—";
    var a = Math.abs(v);
    if (a >= 1e6) return trim(v / 1e6) + "M";
    if (a >= 1e4) return trim(v / 1e3) + "k";
    return a >= 100 ? String(Math.round(v)) : trim(v);
  }
  // The unit a duration reads best in: [factor, suffix].
  function unitOf(a) {
    return a === 0 ? [1, " s"] : a < 1e-3 ? [1e6, " \u00b5s"] : a < 1 ? [1e3, " ms"] : [1, " s"];
  }
  function fmtSeconds(v) {
    if (v === null || v === undefined || !isFinite(v)) return "—";
    if (v === 0) return "0";
    var u = unitOf(Math.abs(Number(v.toPrecision(3))));
    return trim(v * u[0]) + u[1];
  }
  // Decimals that write a tick step exactly (2.5 needs one), so no two ticks read the same.
  function decimals(step) {
    if (!(step > 0)) return 0;
    var text = String(Number(step.toPrecision(6)));
    var dot = text.indexOf(".");
    return text.indexOf("e") >= 0 ? 6 : dot < 0 ? 0 : Math.min(6, text.length - dot - 1);
  }
  // Ticks in the unit of the largest (8.0 s, not 8000 ms), with the decimals the step needs there.
  function secondsTicks(vals, incr) {
    var top = vals.reduce(function (m, v) { return v === null ? m : Math.max(m, Math.abs(v)); }, 0);
    var u = unitOf(top || Math.abs(incr));
    var d = decimals(incr * u[0]);
    return vals.map(function (v) {
      return v === null ? "" : v === 0 ? "0" : (v * u[0]).toFixed(d) + u[1];
    });
  }
  function fmtPercent(v) {
    return v === null || v === undefined || !isFinite(v) ? "—" : trim(v) + " %";
  }
  function fmtRun(v) {
    return v === null || v === undefined ? "—" : "#" + v;
  }
  function percentTicks(vals, incr) {
    return numberTicks(vals, incr).map(function (t) { return t === "" ? t : t + " %"; });
  }
  function runTicks(vals) {
    return vals.map(function (v) { return Number.isInteger(v) ? "#" + v : ""; });
  }
  var FORMATS = {
    seconds: [fmtSeconds, secondsTicks],
    percent: [fmtPercent, percentTicks],
    run: [fmtRun, runTicks],
    number: [fmtNumber, numberTicks],
  };
  function numberTicks(vals, incr) {
    var big = vals.some(function (v) { return Math.abs(v) >= 1e4; });
    if (big) return vals.map(function (v) { return v === null ? "" : fmtNumber(v); });
    var d = decimals(incr);
    return vals.map(function (v) { return v === null ? "" : v.toFixed(d); });
  }
  // An axis as wide as its longest tick label, plus room for its title.
  function axisSize(u, values, axisIdx, cycleNum) {
    var axis = u.axes[axisIdx];
    if (cycleNum > 1) return axis._size;
    var size = axis.ticks.size + axis.gap;
    var longest = (values || []).reduce(function (a, v) {
      return v && String(v).length > a.length ? String(v) : a;
    }, "");
    if (longest) {
      u.ctx.save();
      u.ctx.font = axis.font[0];
      size += u.ctx.measureText(longest).width / (window.devicePixelRatio || 1);
      u.ctx.restore();
    }
    return Math.ceil(size) + 4;
  }

  function annotationPlugin(list) {
    var items = [];
    // Labels in rows above the plot: each in the first row where it overlaps no other;
    // one that fits in no row is left out (its band stays, and the hooks section lists it).
    function place(u) {
      var plot = u.over.clientWidth;
      var ends = [];
      for (var r = 0; r < LANES; r++) ends.push(-Infinity);
      var order = items.slice().sort(function (a, b) { return a.a.from - b.a.from; });
      for (var i = 0; i < order.length; i++) {
        var it = order[i];
        var left = u.valToPos(it.a.from, "x");
        var right = u.valToPos(it.a.to, "x");
        var off = right < 0 || left > plot;
        it.band.style.left = left + "px";
        it.band.style.width = Math.max(it.line ? 2 : 3, right - left) + "px";
        it.band.style.display = off ? "none" : "";
        if (!it.tab) continue;
        it.tab.style.display = "";
        var width = it.tab.offsetWidth;
        // Kept inside the plot, even for a span at its right edge.
        var at = Math.max(0, Math.min(left, plot - width));
        var lane = -1;
        if (!off) {
          for (var l = 0; l < LANES; l++) {
            if (ends[l] + 4 <= at) { lane = l; break; }
          }
        }
        if (lane < 0) {
          it.tab.style.display = "none";
          continue;
        }
        ends[lane] = at + width;
        it.tab.style.left = at + "px";
        it.tab.style.top = -(lane + 1) * LANE + "px";
      }
    }
    return {
      hooks: {
        init: [function (u) {
          for (var i = 0; i < list.length; i++) {
            var a = list[i];
            var band = document.createElement("div");
            var line = a.to <= a.from;
            band.className = "band tone-" + a.tone + (line ? " line" : "");
            band.setAttribute("data-annotation", a.id);
            Object.keys(a.data || {}).forEach(function (k) {
              band.setAttribute("data-" + k, a.data[k]);
            });
            u.under.appendChild(band);
            var tab = null;
            if (a.label) {
              tab = document.createElement(a.href ? "a" : "span");
              tab.className = "band-tab tone-" + a.tone;
              if (a.href) tab.setAttribute("href", a.href);
              tab.setAttribute("data-annotation-label", a.id);
              tab.title = a.title || a.label;
              tab.textContent = a.label;
              u.over.appendChild(tab);
            }
            items.push({ a: a, band: band, tab: tab, line: line });
          }
        }],
        ready: [place],
        draw: [place],
      },
    };
  }

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
        y: { range: function (u, min, max) {
          if (min === null || max === null) return [0, 1];
          var low = Math.min(0, min);
          var high = max > low ? max + (max - low) * 0.08 : low + 1;
          return [low, high];
        } },
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
      plugins: annotations.length > 0 ? [annotationPlugin(annotations)] : [],
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
