/**
 * The CLI's exit codes.
 *
 * @module
 */

/** Exit codes: 0 ok, 1 an SLA failed, 2 bad input, 3 internal failure, 130 interrupted. */
export const EXIT = { ok: 0, slaFailed: 1, badInput: 2, internal: 3, interrupted: 130 } as const;
