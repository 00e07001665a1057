/**
 * What the pages' chart scripts share (the HTML report's and the live
 * dashboard's): the series palette and how axis and legend values read.
 *
 * @module
 */

/**
 * Browser script source declaring `palette` (series colours, red last),
 * `trim(v)` (3 significant decimals at most), `fmtNumber(v)` (`12.5k`,
 * `3M`) and `fmtSeconds(v)` (`250 µs`, `12 ms`, `1.5 s`); `--` for a
 * missing value. Placed inside each page script's function.
 */
export const CHART_SCRIPT_HELPERS: string = String.raw`
  var palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf",
    "#bcbd22", "#7f7f7f", "#d62728"];
  function trim(v) {
    var a = Math.abs(v);
    return String(Number(v.toFixed(a >= 100 ? 1 : a >= 10 ? 2 : 3)));
  }
  function fmtNumber(v) {
    if (v === null || v === undefined || !isFinite(v)) return "--";
    var a = Math.abs(v);
    if (a >= 1e6) return trim(v / 1e6) + "M";
    if (a >= 1e4) return trim(v / 1e3) + "k";
    return trim(v);
  }
  function fmtSeconds(v) {
    if (v === null || v === undefined || !isFinite(v)) return "--";
    var a = Math.abs(v);
    if (a === 0) return "0";
    if (a < 1e-3) return trim(v * 1e6) + " \u00b5s";
    if (a < 1) return trim(v * 1e3) + " ms";
    return trim(v) + " s";
  }
`;
