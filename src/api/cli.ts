/**
 * The `brunt` command line. Run it as `deno run -A jsr:@brunt/brunt/cli
 * TASK_FILE`, or call {@linkcode main} with the arguments and where to print.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { main } from "@brunt/brunt/cli";
 * const out: string[] = [];
 * const code = await main(["--version"], { out: (t) => out.push(t), err: () => {}, errIsTty: false });
 * assert.equal(code, 0);
 * assert.match(out[0], /^\d+\.\d+\.\d+/);
 * ```
 *
 * @module
 */
import { runCli } from "../cli/main.ts";

export { main, runCli } from "../cli/main.ts";
export type { CliIo } from "../cli/cli_io.ts";
export { EXIT } from "../cli/exit_codes.ts";

if (import.meta.main) runCli(Deno.args);
