import assert from "node:assert/strict";
import type { ResultsDocument } from "../src/model/results_document.ts";
import { startCli } from "./helpers/cli_child.ts";
import { hasPrometheus, PROMETHEUS, withPrometheus } from "./helpers/local_prometheus.ts";

const missing = !hasPrometheus();
if (missing) {
  console.warn(
    `prometheus_remote_write_real_test: skipped, ${PROMETHEUS} is not installed (apt-get install -y prometheus)`,
  );
}

// About 2.5 s of load with failures in a nested atomic action, and a 0.6 s hook run at second 1.
const TASK = {
  version: 2,
  title: "rw check",
  subtasks: [{
    title: "random failures",
    scenario: { "Dummy.dummy_random_fail_in_atomic": { exception_probability: 0.3 } },
    runner: { rps: { rps: 200, times: 500 } },
    // Failures are the point here, not an SLA verdict.
    sla: { failure_rate: { max: 100 } },
    hooks: [{
      description: "fault on",
      action: { sys_call: "/bin/sleep 0.6" },
      trigger: { event: { unit: "time", at: [1] } },
    }],
  }],
};

Deno.test({
  name:
    "--out prometheus-rw: a real Prometheus stores the run's counts, failures, durations and hook runs as the results document has them",
  ignore: missing,
  async fn() {
    await withPrometheus(async (prom) => {
      const dir = await Deno.makeTempDir({ prefix: "brunt_rw_" });
      await Deno.writeTextFile(`${dir}/task.json`, JSON.stringify(TASK));
      const cli = await startCli([
        "run",
        `${dir}/task.json`,
        "--quiet",
        "--json",
        `${dir}/results.json`,
        "--out",
        `prometheus-rw=${prom.writeUrl}`,
      ]);
      let doc: ResultsDocument;
      try {
        const exit = await cli.exited(30_000);
        assert.equal(exit.code, 0, exit.stderr);
        assert.doesNotMatch(exit.stderr, /not delivered/);
        doc = JSON.parse(await Deno.readTextFile(`${dir}/results.json`));
      } finally {
        await cli.close();
        await Deno.remove(dir, { recursive: true });
      }
      const task = doc.tasks[0];
      const w = task.subtasks[0].workloads[0];
      const sel =
        `run_id="${task.uuid}",task="rw check",workload="Dummy.dummy_random_fail_in_atomic#0"`;
      const one = async (expr: string, at?: number) => {
        const r = await prom.query(expr, at);
        assert.equal(r.length, 1, `${expr}: ${JSON.stringify(r)}`);
        return r[0].value;
      };
      assert.equal(await one(`brunt_iterations_total{${sel}}`), w.total_iteration_count);
      assert.ok(w.total_iteration_count > 100);
      const failures = await prom.query(`brunt_iteration_failures_total{${sel}}`);
      assert.deepEqual(
        failures.map((f) => [f.metric.etype, f.value]),
        [["KeyError", w.failed_iteration_count]],
      );
      assert.ok(w.failed_iteration_count > 0);
      const data = w.data!;
      const durationSum = data.reduce((s, r) => s + r.duration, 0);
      assert.equal(
        await one(`brunt_iteration_duration_seconds_count{${sel}}`),
        w.total_iteration_count,
      );
      assert.ok(
        Math.abs(await one(`brunt_iteration_duration_seconds_sum{${sel}}`) - durationSum) < 1e-6,
      );
      assert.equal(
        await one(`brunt_iteration_duration_seconds_bucket{${sel},le="+Inf"}`),
        w.total_iteration_count,
      );
      // Each atomic action row of the statistics (foo, foo (x2), …) is one series.
      const rows = w.statistics.durations.atomics;
      assert.ok(rows.length >= 2, JSON.stringify(rows.map((r) => r.display_name)));
      for (const row of rows) {
        assert.equal(
          await one(`brunt_atomic_duration_seconds_count{${sel},action="${row.display_name}"}`),
          row.data.iteration_count,
          row.display_name,
        );
      }
      assert.equal(
        await one(`brunt_hook_runs_total{${sel},hook="fault on",status="success"}`),
        1,
      );
      assert.equal(await one(`brunt_hook_runs_total{${sel},hook="fault on",status="failed"}`), 0);
      // The gauge is 1 exactly while the run runs.
      const run = w.hooks[0].results[0];
      const active = (at: number) => one(`brunt_hook_active{${sel},hook="fault on"}`, at);
      assert.equal(await active(run.started_at + (run.finished_at - run.started_at) / 2), 1);
      assert.equal(await active(run.finished_at + 0.05), 0);
      // Before: 0, or no sample yet (the series starts with the workload's first second).
      const before = await prom.query(
        `brunt_hook_active{${sel},hook="fault on"}`,
        run.started_at - 0.05,
      );
      assert.ok(before.every((r) => r.value === 0), JSON.stringify(before));

      // The example Grafana dashboard's queries run and find this run's series.
      const grafana = JSON.parse(
        await Deno.readTextFile(new URL("../examples/grafana_dashboard.json", import.meta.url)),
      );
      const exprs: string[] = [
        ...grafana.panels.flatMap((p: { targets: { expr: string }[] }) =>
          p.targets.map((t) => t.expr)
        ),
        ...grafana.annotations.list.map((a: { expr: string }) => a.expr),
      ];
      assert.ok(exprs.length >= 10);
      for (const expr of exprs) {
        const concrete = expr.replaceAll("$run_id", task.uuid).replaceAll("$workload", ".*")
          .replaceAll("$__rate_interval", "3s").replaceAll("$__range", "1m");
        const at = expr.includes("brunt_hook_active")
          ? (run.started_at + run.finished_at) / 2
          : w.start_time! + w.load_duration;
        const found = await prom.query(concrete, at);
        assert.ok(found.length > 0, `${expr} finds nothing`);
      }
    });
  },
});
