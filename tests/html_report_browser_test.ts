import assert from "node:assert/strict";
import { writeHtmlReport } from "../src/report/html/html_report.ts";
import { CHROMIUM, hasChromium, openPage } from "./helpers/headless_chromium.ts";
import { syntheticResults, XSS_PROBES, XSS_STRINGS } from "./helpers/synthetic_results.ts";

const noBrowser = !hasChromium();
if (noBrowser) {
  console.warn(
    `html_report_browser_test: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium)`,
  );
}

Deno.test({
  name:
    "the report opens in Chromium without errors, draws its charts with hook runs shaded, and runs no markup",
  ignore: noBrowser,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "brunt_html_" });
    try {
      const { doc, iterationsOf } = syntheticResults({ iterations: 5000 });
      const path = `${dir}/report.html`;
      await writeHtmlReport(path, doc, iterationsOf);
      const workload = doc.tasks[0].subtasks[0].workloads[0];
      const runs = workload.hooks.reduce((n, h) => n + h.results.length, 0);

      await openPage(`file://${path}`, async (page) => {
        await t.step("no console error or uncaught exception", () => {
          assert.deepEqual(page.errors, []);
        });

        await t.step("every chart placeholder holds a drawn uPlot chart", async () => {
          const placeholders = await page.evaluate<number>(
            `document.querySelectorAll("[data-chart]").length`,
          );
          assert.ok(placeholders >= 8, `${placeholders} charts`);
          assert.equal(
            await page.evaluate(`document.documentElement.getAttribute("data-charts-ready")`),
            String(placeholders),
          );
          assert.equal(
            await page.evaluate(`document.querySelectorAll("[data-chart] .uplot canvas").length`),
            placeholders,
          );
        });

        await t.step("the hooks section lists all five hooks", async () => {
          assert.equal(await page.evaluate(`document.querySelectorAll("article.hook").length`), 5);
          assert.match(
            await page.evaluate<string>(
              `document.querySelector('[data-hook-index="1"]').textContent`,
            ),
            /Never fired/,
          );
        });

        await t.step("each hook run is a band on the time charts, linked to its run", async () => {
          const ids = await page.evaluate<string[]>(
            `[...new Set([...document.querySelectorAll(".band[data-hook-run]")].map((e) => e.getAttribute("data-hook-run")))]`,
          );
          assert.equal(ids.length, runs);
          for (const id of ids) {
            assert.equal(
              await page.evaluate(`!!document.getElementById(${JSON.stringify(id)})`),
              true,
              `run entry ${id} exists`,
            );
          }
          // The fault injection band spans 40 %–50 % of the load-profile chart's x axis.
          const [left, width, plot, color] = await page.evaluate<[number, number, number, string]>(
            `(() => { const b = document.querySelector('.band[data-hook-run="w0-0-0-h0-r0"]');
              return [b.offsetLeft, b.offsetWidth, b.parentElement.clientWidth,
                getComputedStyle(b).backgroundColor]; })()`,
          );
          assert.ok(Math.abs(left / plot - 0.4) < 0.02, `band starts at ${left} of ${plot}`);
          assert.ok(Math.abs(width / plot - 0.1) < 0.02, `band is ${width} of ${plot} wide`);
          assert.match(color, /rgba\(44, 160, 44/);
          assert.match(
            await page.evaluate<string>(
              `getComputedStyle(document.querySelector('.band[data-hook-run="w0-0-0-h3-r0"]')).backgroundColor`,
            ),
            /rgba\(214, 39, 40/,
            "the failed run's band is red",
          );
        });

        await t.step("hook run labels never overlap and stay inside their chart", async () => {
          const problems = await page.evaluate<string[]>(`(() => {
            const out = [];
            for (const chart of document.querySelectorAll(".chart")) {
              const over = chart.querySelector(".u-over");
              if (!over) continue;
              const box = over.getBoundingClientRect();
              const tabs = [...chart.querySelectorAll(".band-tab")]
                .filter((t) => t.style.display !== "none")
                .map((t) => [t.textContent, t.getBoundingClientRect()]);
              for (const [name, r] of tabs) {
                if (r.left < box.left - 0.5 || r.right > box.right + 0.5) out.push("outside: " + name);
              }
              for (let i = 0; i < tabs.length; i++) for (let j = i + 1; j < tabs.length; j++) {
                const [a, b] = [tabs[i][1], tabs[j][1]];
                if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) {
                  out.push("overlap: " + tabs[i][0] + " / " + tabs[j][0]);
                }
              }
            }
            return out;
          })()`);
          assert.deepEqual(problems, []);
          const shown = await page.evaluate<number>(
            `[...document.querySelectorAll(".chart:first-of-type .band-tab")].filter((t) => t.style.display !== "none").length`,
          );
          assert.ok(shown >= 3, `${shown} labels shown`);
        });

        await t.step("axes start at zero and no two x ticks read the same", async () => {
          const axes = await page.evaluate<{ min: number; ticks: string[] }[]>(
            `window.bruntCharts.map((u) => ({ min: u.scales.y.min, ticks: u.axes[0]._values }))`,
          );
          for (const { min, ticks } of axes) {
            assert.equal(min, 0);
            const shown = ticks.filter((t) => t !== "");
            assert.ok(shown.length >= 3, `${shown.length} x ticks`);
            assert.equal(new Set(shown).size, shown.length, shown.join(" "));
          }
        });

        await t.step("markup from the document shows as text and never runs", async () => {
          assert.equal(await page.evaluate(`typeof window.__xss`), "undefined");
          assert.equal(
            await page.evaluate(`document.querySelectorAll("img, svg[onload], iframe").length`),
            0,
          );
          assert.equal(await page.evaluate(`document.scripts.length`), 3);
          const text = await page.evaluate<string>(
            `document.querySelector('[data-hook-index="4"] pre.text').textContent`,
          );
          for (const s of [...XSS_STRINGS, ...XSS_PROBES.slice(0, 3)]) {
            assert.ok(text.includes(s), `shows ${s}`);
          }
          const labels = await page.evaluate<string>(
            `[...document.querySelectorAll(".band-tab")].map((e) => e.textContent).join("\\n")`,
          );
          assert.ok(labels.includes(XSS_PROBES[2]), "an annotation label shows its markup as text");
        });
      }, { timeoutMs: 60_000 });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
