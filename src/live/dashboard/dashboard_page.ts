/**
 * The live page's HTML: the HTML report's chart library and style, the
 * dashboard's own style and script; the data comes from `/events`.
 *
 * @module
 */
import { loadChartAssets } from "../../report/html/chart_assets.ts";
import { PAGE_STYLE } from "../../report/html/page_style.ts";
import { DASHBOARD_SCRIPT } from "./dashboard_script.ts";
import { DASHBOARD_STYLE } from "./dashboard_style.ts";

/**
 * The page, whole: no remote reference (it works without a network), and a
 * content security policy that lets it talk to its own server only. The
 * chart library must be in Deno's npm cache (`ensureChartAssets`).
 */
export function renderDashboardPage(): string {
  const assets = loadChartAssets();
  return [
    `<!DOCTYPE html>`,
    `<html lang="en"><head><meta charset="utf-8">`,
    `<meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; ` +
    `style-src 'unsafe-inline'; img-src data:; connect-src 'self'">`,
    `<title>brunt live</title>`,
    `<style>${assets.style}</style>`,
    `<style>${PAGE_STYLE}</style>`,
    `<style>${DASHBOARD_STYLE}</style>`,
    `</head><body>`,
    `<header class="top"><h1 id="title">brunt live</h1>` +
    `<div class="controls" id="controls"></div><div id="notice"></div></header>`,
    `<main><div id="end" class="banner" hidden></div><div id="workloads">` +
    `<p class="muted">Waiting for the first workload…</p></div></main>`,
    `<script>${assets.script.replace(/<\/script/gi, "<\\/script")}</script>`,
    `<script>${DASHBOARD_SCRIPT}</script>`,
    `</body></html>`,
    ``,
  ].join("\n");
}
