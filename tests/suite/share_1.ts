/**
 * The test files that share this runtime in `deno task test` (see shares.ts);
 * share_2.ts has the others.
 *
 * @module
 */
import "../bucket_counts_test.ts";
import "../chunk_buffer_test.ts";
import "../cli/examples_test.ts";
import "../cli/history_test.ts";
import "../cli/interrupt_test.ts";
import "../cli/live_outputs_test.ts";
import "../cli/results_incomplete_test.ts";
import "../cli/terminal_text_test.ts";
import "../clock_test.ts";
import "../containment_test.ts";
import "../dummy_scenarios_test.ts";
import "../hook_base_test.ts";
import "../hook_executor_test.ts";
import "../hook_tables_test.ts";
import "../html_report_test.ts";
import "../http1_client_test.ts";
import "../http_call_test.ts";
import "../import_layers_test.ts";
import "../iteration_executor_test.ts";
import "../json_writer_test.ts";
import "../merge_results_test.ts";
import "../prometheus_remote_write_real_test.ts";
import "../public_api_test.ts";
import "../rally/default_sla_test.ts";
import "../rally/detailed_test.ts";
import "../rally/http_args_test.ts";
import "../real_clock_test.ts";
import "../resilience_table_test.ts";
import "../results_schema_test.ts";
import "../run_process_test.ts";
import "../run_task_test.ts";
import "../shell_words_test.ts";
import "../sla_checker_test.ts";
import "../sla_failure_rate_test.ts";
import "../sla_max_avg_duration_test.ts";
import "../sla_outliers_test.ts";
import "../sla_performance_degradation_test.ts";
import "../sla_records_test.ts";
import "../sla_resilience_test.ts";
import "../sla_window_criteria_test.ts";
import "../stats_action_stats_test.ts";
import "../stats_exact_sum_test.ts";
import "../stats_workload_stats_test.ts";
import "../summary_tables_test.ts";
import "../sys_call_test.ts";
import "../template_sandbox_test.ts";
import "../trends_test.ts";
import "../triggers_test.ts";
import "../worker_threads_test.ts";
