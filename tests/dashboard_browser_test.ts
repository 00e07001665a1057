import assert from "node:assert/strict";
import { CHROMIUM, hasChromium, openPage, type Page } from "./helpers/headless_chromium.ts";
import { poll, startCli } from "./helpers/cli_child.ts";

const noBrowser = !hasChromium();
if (noBrowser) {
  console.warn(
    `dashboard_browser_test: skipped, ${CHROMIUM} is not installed (apt-get install -y chromium)`,
  );
}

// Up to 30 s of load, every sixth iteration failing; a 1.2 s hook run at
// second 1 and a failing one at second 2.5. The test stops it sooner.
const TASK = {
  version: 2,
  title: "live check",
  subtasks: [{
    title: "failures under a fault",
    scenario: {
      "Dummy.failure": { sleep: 0.05, from_iteration: 1, to_iteration: 100000, each: 6 },
    },
    runner: { constant_for_duration: { duration: 30, concurrency: 4 } },
    hooks: [
      {
        description: "fault on",
        action: { sys_call: "/bin/sleep 1.2" },
        trigger: { event: { unit: "time", at: [1] } },
      },
      {
        description: "broken switch",
        action: { sys_call: "/bin/false" },
        trigger: { event: { unit: "time", at: [2.5] } },
      },
    ],
  }],
};

/** Where screenshots go when BRUNT_SCREENSHOT_DIR is set (to look at them). */
async function keepScreenshot(page: Page, name: string): Promise<void> {
  const dir = Deno.env.get("BRUNT_SCREENSHOT_DIR");
  const png = await page.screenshot();
  assert.ok(png.length > 10_000, `${name}: a real picture`);
  if (dir) await Deno.writeFile(`${dir}/${name}.png`, png);
}

Deno.test({
  name:
    "the dashboard in Chromium: data arrives each second, charts update, hook runs appear as bands, Stop ends the run, the report is linked, no console error",
  ignore: noBrowser,
  async fn(t) {
    const dir = await Deno.makeTempDir({ prefix: "brunt_dash_" });
    await Deno.writeTextFile(`${dir}/task.json`, JSON.stringify(TASK));
    const cli = await startCli([
      "run",
      `${dir}/task.json`,
      "--dashboard",
      "--linger",
      "--html",
      `${dir}/report.html`,
    ]);
    try {
      const [, url] = await cli.waitForStderr(
        /dashboard at (http:\/\/127\.0\.0\.1:\d+\/#token=\w+)/,
      );
      await openPage(url, async (page) => {
        const value = <T>(expr: string) => page.evaluate<T>(expr);
        const points = () => value<string>(`document.documentElement.getAttribute("data-points")`);

        await t.step("data arrives and the charts update every second", async () => {
          const first = Number(
            await poll(
              "first points",
              async () => Number(await points()) >= 2 ? await points() : undefined,
            ),
          );
          assert.equal(
            await value(`document.querySelectorAll("[data-chart] .uplot canvas").length`),
            4,
          );
          await poll("more points", async () => Number(await points()) > first ? true : undefined);
          const drawn = await value<number>(
            `document.querySelector('[data-chart="rate"] .uplot').querySelectorAll(".u-legend tr").length`,
          );
          assert.ok(drawn >= 3, `legend rows ${drawn}`);
          assert.match(
            await value<string>(`document.getElementById("title").textContent`),
            /live check/,
          );
        });

        await t.step("hook runs appear as bands on every chart, failed ones red", async () => {
          await poll(
            "a finished and a failed run",
            async () =>
              await value<number>(
                    `document.querySelectorAll('.band.tone-bad[data-annotation]').length`,
                  ) >= 4 &&
                await value<number>(
                    `document.querySelectorAll('.band.tone-ok[data-annotation]').length`,
                  ) >= 4
                ? true
                : undefined,
          );
          const runs = await value<string[]>(
            `[...document.querySelectorAll("tr.run")].map((r) => r.textContent)`,
          );
          assert.equal(runs.length, 2);
          // Started about 1 s into the load, took the 1.2 s of its command (more on a busy machine).
          assert.match(runs[0], /^fault ontime 1\+1(\.\d+)? s(1\.[2-9]|[2-9])[\d.]* ssuccess$/);
          assert.match(
            runs[1],
            /^broken switchtime 2\.5.*failedSubprocessError: Subprocess returned 1$/,
          );
          // The band spans the run: its width against the plot's is its share of the x range.
          const [left, width] = await value<[number, number]>(
            `(() => { const b = document.querySelector('[data-chart="rate"] .band.tone-ok');
              return [b.offsetLeft, b.offsetWidth]; })()`,
          );
          assert.ok(left > 0 && width > 10, `band at ${left}, ${width} px wide`);
          assert.match(
            await value<string>(`document.querySelector('[data-workload] .facts').textContent`),
            /Failed\d+ \(1[67](\.\d+)? %\)/,
          );
          await keepScreenshot(page, "dashboard_running");
        });

        await t.step(
          "Stop (as Ctrl-C once) ends the run; the page links the HTML report",
          async () => {
            await value(`document.querySelector(".controls button.soft").click()`);
            await poll(
              "the run's end",
              async () =>
                await value(`document.documentElement.getAttribute("data-stream")`) === "ended"
                  ? true
                  : undefined,
            );
            const banner = await value<string>(`document.getElementById("end").textContent`);
            assert.match(banner, /The run has ended: aborted/);
            assert.match(banner, /report\.html/);
            const href = await value<string>(`document.getElementById("report-link").href`);
            const report = await (await fetch(href)).text();
            assert.match(report, /brunt report · live check/);
            assert.match(
              await value<string>(`document.querySelector("[data-workload] .badge").textContent`),
              /aborted/,
            );
            await keepScreenshot(page, "dashboard_ended");
          },
        );

        await t.step("no console error or uncaught exception", () => {
          assert.deepEqual(page.errors, []);
        });
      }, { timeoutMs: 60_000, height: 1500 });
      assert.match(cli.stderr(), /stopping \(asked on the dashboard\)/);
      cli.kill("SIGINT");
      const exit = await cli.exited();
      assert.equal(exit.code, 130, exit.stderr);
    } finally {
      await cli.close();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
