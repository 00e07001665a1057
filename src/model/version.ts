/**
 * brunt's version, as in deno.json.
 *
 * @module
 */
import denoJson from "../../deno.json" with { type: "json" };

/** The version of this brunt. */
export const VERSION: string = denoJson.version;
