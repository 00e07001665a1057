/**
 * How far ahead anything in a task may be scheduled.
 *
 * @module
 */

/**
 * The longest sleep, and the latest time point, a task may ask for, in
 * seconds: 10⁹ s, about 31.7 years. Longer can only be a mistake (a typo in
 * an exponent, `1e999` read as infinity); up to it, every clock schedules
 * exactly and timestamps stay within a microsecond.
 */
export const MAX_SCHEDULED_SECONDS = 1e9;
