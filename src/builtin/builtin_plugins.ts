/**
 * Registers every built-in plugin. Importing this module is enough.
 *
 * @module
 */
import "../runners/constant.ts";
import "../runners/constant_for_duration.ts";
import "../runners/rps.ts";
import "../runners/serial.ts";
import "../scenarios/dummy.ts";
import "../scenarios/http_requests.ts";
import "../../triggers/event.ts";
import "../../triggers/periodic.ts";
import "../../hooks/sys_call.ts";
import "../../hooks/http_call.ts";
import "../sla/failure_rate.ts";
import "../sla/max_seconds_per_iteration.ts";
import "../sla/max_avg_duration.ts";
import "../sla/max_avg_duration_per_atomic.ts";
import "../sla/outliers.ts";
import "../sla/performance_degradation.ts";
