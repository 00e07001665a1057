/**
 * The test files that share this runtime in `deno task test` (see shares.ts);
 * share_2.ts has the others.
 *
 * @module
 */
import "../chunk_buffer_test.ts";
import "../cli/examples_test.ts";
import "../cli/history_test.ts";
import "../containment_test.ts";
import "../doc_examples_test.ts";
import "../fault_injection_test.ts";
import "../hook_base_test.ts";
import "../html_report_browser_test.ts";
import "../http1_client_test.ts";
import "../http_requests_test.ts";
import "../iteration_driver_test.ts";
import "../json_writer_test.ts";
import "../library_api_test.ts";
import "../precise_clock_test.ts";
import "../run_process_test.ts";
import "../run_task_test.ts";
import "../seeded_random_test.ts";
import "../simulated_clock_test.ts";
import "../sla_checker_test.ts";
import "../sla_format_fixed_test.ts";
import "../sla_max_avg_duration_test.ts";
import "../sla_outliers_test.ts";
import "../sla_records_test.ts";
import "../stats_duration_histogram_test.ts";
import "../summary_tables_test.ts";
import "../target_server_test.ts";
import "../text_table_test.ts";
import "./shares_test.ts";
