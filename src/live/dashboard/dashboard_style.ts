/**
 * The dashboard's own style, on top of the HTML report's (same cards,
 * tables, badges and hook-run bands).
 *
 * @module
 */

/** CSS for what only the live page has: the controls, the chart grid, running runs. */
export const DASHBOARD_STYLE = `
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 16px; }
header.top h1 { flex: 1 1 auto; }
.controls { display: flex; gap: 8px; align-items: center; }
.controls button { font: inherit; font-size: 13px; padding: 4px 12px; border-radius: 4px;
  border: 1px solid #b8c0cc; background: #fff; color: var(--fg); cursor: pointer; }
.controls button.hard { border-color: var(--bad); color: var(--bad); }
.controls button:disabled { opacity: 0.5; cursor: default; }
#notice { font-size: 13px; color: #b8c0cc; }
.banner { margin: 16px 0; padding: 10px 14px; border-radius: 6px; background: var(--card);
  border: 1px solid var(--line); border-left: 4px solid var(--accent); }
.banner.pass { border-left-color: var(--ok); }
.banner.fail { border-left-color: var(--bad); }
.badge.running { background: var(--accent); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 8px 16px; }
.charts h4 { margin: 8px 0 2px; }
tr.run.running td { background: #f4f5f7; }
`;
