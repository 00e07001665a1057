/**
 * The test files that share this runtime in `deno task test` (see shares.ts);
 * share_1.ts has the others.
 *
 * @module
 */
import "../cli/interrupt_test.ts";
import "../cli/kill_test.ts";
import "../cli/simulated_clock_test.ts";
import "../clock_test.ts";
import "../dummy_scenarios_test.ts";
import "../hook_executor_test.ts";
import "../html_report_test.ts";
import "../http_call_test.ts";
import "../import_layers_test.ts";
import "../iteration_executor_test.ts";
import "../junit_writer_test.ts";
import "../plugin_loader_test.ts";
import "../replay_test.ts";
import "../results_schema_test.ts";
import "../run_summary_test.ts";
import "../runners_test.ts";
import "../shell_words_test.ts";
import "../sla_abort_test.ts";
import "../sla_failure_rate_test.ts";
import "../sla_max_avg_duration_per_atomic_test.ts";
import "../sla_max_seconds_per_iteration_test.ts";
import "../sla_performance_degradation_test.ts";
import "../sqlite_store_test.ts";
import "../stats_action_stats_test.ts";
import "../stats_workload_stats_test.ts";
import "../sys_call_test.ts";
import "../template_test.ts";
import "../trends_test.ts";
import "../triggers_test.ts";
