/**
 * What the pages' chart scripts share (the HTML report's and the live
 * dashboard's), so their charts read and look the same: the series palette,
 * chart and label-row heights, value and tick formats by unit (`FORMATS`:
 * seconds, percent, run, number), the y axis sized to its labels
 * (`axisSize`), a y scale from zero (`fromZero`), and the annotation
 * plugin (`annotationPlugin(current)`: bands and labelled tabs for hook
 * runs and any other span of time, in the tones of `AnnotationSpec`).
 *
 * @module
 */

/** Browser script source declaring the shared helpers; placed inside each page script's function. */
export const CHART_SCRIPT_HELPERS: string = String.raw`
  var palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#d62728"];
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

  // Annotations over a time chart: for each in current()'s list, a band
  // (a line, for an instant) under the plot and a label in rows above it,
  // kept in step with the list on every redraw (a live page's list grows).
  function annotationPlugin(current) {
    var items = new Map();
    function sync(u) {
      var seen = new Set();
      current().forEach(function (a) {
        seen.add(a.id);
        var it = items.get(a.id);
        if (!it) {
          it = { band: document.createElement("div"), tab: null };
          it.band.setAttribute("data-annotation", a.id);
          u.under.appendChild(it.band);
          items.set(a.id, it);
        }
        it.a = a;
        it.line = a.to <= a.from;
        it.band.className = "band tone-" + a.tone + (it.line ? " line" : "");
        Object.keys(a.data || {}).forEach(function (k) {
          it.band.setAttribute("data-" + k, a.data[k]);
        });
        if (a.label && !it.tab) {
          it.tab = document.createElement(a.href ? "a" : "span");
          if (a.href) it.tab.setAttribute("href", a.href);
          it.tab.setAttribute("data-annotation-label", a.id);
          u.over.appendChild(it.tab);
        }
        if (it.tab) {
          it.tab.className = "band-tab tone-" + a.tone;
          it.tab.title = a.title || a.label;
          it.tab.textContent = a.label;
        }
      });
      items.forEach(function (it, id) {
        if (seen.has(id)) return;
        it.band.remove();
        if (it.tab) it.tab.remove();
        items.delete(id);
      });
    }
    // Labels in rows above the plot: each in the first row where it overlaps no other;
    // one that fits in no row is left out (its band stays, and the page lists it).
    function place(u) {
      sync(u);
      var plot = u.over.clientWidth;
      var ends = [];
      for (var r = 0; r < LANES; r++) ends.push(-Infinity);
      var order = Array.from(items.values()).sort(function (a, b) { return a.a.from - b.a.from; });
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
    return { hooks: { ready: [place], draw: [place] } };
  }
  // A y scale from zero (unless a series goes below it), so a level reads as a level.
  function fromZero(u, min, max) {
    if (min === null || max === null) return [0, 1];
    var low = Math.min(0, min);
    var high = max > low ? max + (max - low) * 0.08 : low + 1;
    return [low, high];
  }
`;
