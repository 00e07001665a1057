/**
 * The HTML report's view of the resilience analysis: a table of the
 * baseline and windows, every window shaded on every time chart, a line at
 * each recovery.
 */
import assert from "node:assert/strict";
import { renderHtmlReport, writeHtmlReport } from "../src/report/html/html_report.ts";
import { CHROMIUM, hasChromium, openPage } from "./helpers/headless_chromium.ts";
import { cleanRecovery, runService } from "./helpers/scripted_fault.ts";

Deno.test("the report has a resilience table: the baseline, then each window's figures and verdict", async () => {
  const { document, store } = await runService(
    cleanRecovery({ sla: { recovery_time: { max: 1 } } }),
  );
  const html = renderHtmlReport(document, (w) => store.iterations(w.uuid));
  const table = html.slice(html.indexOf('id="w0-0-0-resilience"'));
  const rows = [...table.slice(0, table.indexOf("</table>")).matchAll(/<tr[^>]*>(.*?)<\/tr>/g)]
    .map((m) =>
      [...m[1].matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((c) => c[1].replace(/<[^>]+>/g, ""))
    );
  assert.deepEqual(rows, [
    [
      "Window",
      "From – to",
      "Opened by",
      "Iterations",
      "Throughput",
      "Failed",
      "p95",
      "Impact",
      "Downtime (share)",
      "Recovery",
      "Degradation",
      "Verdict",
    ],
    ["baseline", "1 s – 5 s", "", "40", "10/s", "0.0 %", "100 ms", "", "", "", "", ""],
    [
      "#1 fault",
      "5 s – 10 s",
      "hook #0 at 5 s",
      "10",
      "2/s",
      "40.0 %",
      "500 ms",
      "500 ms (slow)",
      "3 s (40 %)",
      "—",
      "×4.60 (p95 ×5.00)",
      "",
    ],
    [
      "#2 recovery",
      "10 s – 20 s",
      "hook #1 at 10 s",
      "91",
      "9.1/s",
      "1.1 %",
      "200 ms",
      "—",
      "0 s (5 %)",
      "1.3 s",
      "×1.15 (p95 ×2.00)",
      "FAIL",
    ],
  ]);
});

const noBrowser = !hasChromium();
if (noBrowser) {
  console.warn(`html_resilience_test: browser test skipped, ${CHROMIUM} is not installed`);
}

Deno.test({
  name:
    "in a browser every window is shaded on every time chart, with a line where the load recovered",
  ignore: noBrowser,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "brunt_html_" });
    try {
      const { document, store } = await runService(cleanRecovery());
      const path = `${dir}/report.html`;
      await writeHtmlReport(path, document, (w) => store.iterations(w.uuid));
      await openPage(`file://${path}`, async (page) => {
        assert.deepEqual(page.errors, []);
        const charts = await page.evaluate<number>(
          `document.querySelectorAll(".band[data-hook-run]").length / 2`,
        );
        assert.ok(charts >= 3, `${charts} time charts`);
        // Two windows and one recovery line on each time chart.
        assert.equal(
          await page.evaluate(`document.querySelectorAll(".band[data-window]").length`),
          2 * charts,
        );
        assert.equal(
          await page.evaluate(`document.querySelectorAll(".band[data-recovered]").length`),
          charts,
        );
        // On the first time chart: the fault window runs from the "on" run's band (5 s) to the
        // "off" run's (10 s), and the recovery line stands at 11.5 s on the same scale.
        const [on, off, fault, faultEnd, recovered, color] = await page.evaluate<
          [number, number, number, number, number, string]
        >(
          `(() => { const chart = document.querySelector('.band[data-window="1"]').parentElement;
            const left = (sel) => chart.querySelector(sel).offsetLeft;
            const w = chart.querySelector('.band[data-window="1"]');
            return [left('[data-hook-run="w0-0-0-h0-r0"]'), left('[data-hook-run="w0-0-0-h1-r0"]'),
              w.offsetLeft, w.offsetLeft + w.offsetWidth, left('[data-recovered="2"]'),
              getComputedStyle(w).backgroundColor]; })()`,
        );
        const perSecond = (off - on) / 5;
        assert.ok(Math.abs(fault - on) <= 2, `window at ${fault}, "on" run at ${on}`);
        assert.ok(Math.abs(faultEnd - off) <= 2, `window ends at ${faultEnd}, "off" run at ${off}`);
        assert.ok(
          Math.abs(recovered - (off + 1.5 * perSecond)) <= 2,
          `recovery line at ${recovered}, 11.5 s is at ${off + 1.5 * perSecond}`,
        );
        assert.match(color, /rgba\(230, 120, 0/);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
