/**
 * The report page's own style sheet (uPlot's comes from its package).
 *
 * @module
 */

/** CSS for the report (and the trends page): layout, tables, badges and chart annotations. */
export const PAGE_STYLE = `
:root { --fg: #1d2430; --muted: #667085; --line: #d9dee7; --bg: #f6f7f9; --card: #fff;
  --ok: #2ca02c; --bad: #d62728; --accent: #1f5fa8; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg); }
header.top { background: #1d2430; color: #fff; padding: 14px 24px; }
header.top h1 { margin: 0 0 4px; font-size: 20px; }
header.top .muted { color: #b8c0cc; }
main { max-width: 1280px; margin: 0 auto; padding: 16px 24px 48px; }
h2 { font-size: 18px; margin: 0 0 6px; }
h3 { font-size: 15px; margin: 18px 0 6px; }
h4 { font-size: 14px; margin: 0 0 6px; }
a { color: var(--accent); }
code { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
pre { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; background: #f1f3f6;
  padding: 8px; margin: 4px 0; overflow: auto; max-height: 420px; white-space: pre-wrap;
  word-break: break-word; }
.muted { color: var(--muted); }
.card, section.workload, section.task-overview { background: var(--card); border: 1px solid var(--line);
  border-radius: 6px; padding: 16px 18px; margin: 16px 0; }
/* A table wider than its card scrolls inside it instead of spilling out. */
table.grid { border-collapse: collapse; margin: 4px 0; display: block; max-width: 100%;
  overflow-x: auto; }
table.grid th, table.grid td { border: 1px solid var(--line); padding: 3px 8px; text-align: left;
  vertical-align: top; }
table.grid th { background: #f1f3f6; font-weight: 600; }
table.grid td.num, table.grid th.num { text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
table.grid tr.total td { font-weight: 600; }
table.grid td.nowrap { white-space: nowrap; }
table.kv { border-collapse: collapse; margin: 4px 0; }
table.kv th { text-align: left; padding: 2px 12px 2px 0; vertical-align: top; color: var(--muted);
  font-weight: 500; white-space: nowrap; }
table.kv td { padding: 2px 0; }
code.args { color: #444; word-break: break-all; }
.scroll { overflow: auto; max-width: 100%; }
.scroll.tall { max-height: 480px; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 6px 16px;
  margin: 8px 0; }
dl.facts div { border-left: 3px solid var(--line); padding-left: 8px; }
dl.facts dt { color: var(--muted); font-size: 12px; }
dl.facts dd { margin: 0; font-weight: 600; word-break: break-word; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; white-space: nowrap;
  font-weight: 600; color: #fff; background: var(--muted); vertical-align: middle; }
.badge.pass { background: var(--ok); }
.badge.fail { background: var(--bad); }
.badge.idle { background: #98a2b3; }
.fail-text { color: var(--bad); font-weight: 600; }
td.up { color: var(--bad); font-weight: 600; }
td.down { color: var(--ok); font-weight: 600; }
.chart { width: 100%; min-height: 40px; }
.part { margin-top: 8px; }
.part.hooks article.hook { border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
  margin: 10px 0; background: #fbfcfd; }
p.never { color: var(--muted); font-style: italic; }
tr.run.bad td { background: #fff3f2; }
tr.not-reached td { color: #8a5a00; }
.error-box { border-left: 3px solid var(--bad); padding: 4px 8px; margin: 4px 0; background: #fff6f5; }
figure.out { margin: 8px 0; padding: 8px 10px; border: 1px solid var(--line); border-radius: 4px;
  background: var(--card); }
figure.out figcaption { margin-bottom: 4px; }
pre.text { max-height: 320px; }
.pie { display: flex; gap: 16px; align-items: center; }
.swatch { display: inline-block; width: 10px; height: 10px; margin: 0 5px 0 2px; border-radius: 2px;
  vertical-align: middle; }
nav.toc a { margin-right: 10px; }
details > summary { cursor: pointer; color: var(--accent); }
details.each-failure { margin-top: 6px; }
table.grid.overview td:first-child { min-width: 12em; }
.band { position: absolute; top: 0; bottom: 0; pointer-events: none; border-left: 1px solid;
  border-right: 1px solid; }
.band.line { border-right: 0; }
.band-tab { position: absolute; z-index: 5; max-width: 260px; overflow: hidden; text-overflow: ellipsis;
  white-space: nowrap; font-size: 11px; line-height: 15px; height: 15px; padding: 0 5px; color: #fff;
  text-decoration: none; border-radius: 3px; }
.band-tab:hover { max-width: none; z-index: 6; }
.tone-ok { --tone: 44, 160, 44; }
.tone-bad { --tone: 214, 39, 40; }
.tone-fault { --tone: 230, 120, 0; }
.tone-recovery { --tone: 31, 95, 168; }
.tone-neutral { --tone: 102, 112, 133; }
.band[class*="tone-"] { background: rgba(var(--tone), 0.14); border-color: rgba(var(--tone), 0.8); }
.band-tab[class*="tone-"] { background: rgba(var(--tone), 0.9); }
.swatch[class*="tone-"] { background: rgba(var(--tone), 0.45); }
.uplot .u-legend { font-size: 12px; }
`;
