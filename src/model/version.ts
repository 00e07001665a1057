/**
 * brunt's version, as in deno.json.
 *
 * @module
 */
import denoJson from "../../deno.json" with { type: "json" };

/**
 * The version of this brunt, as results documents record it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { VERSION } from "@brunt/brunt";
 * assert.match(VERSION, /^\d+\.\d+\.\d+/);
 * ```
 */
export const VERSION: string = denoJson.version;
