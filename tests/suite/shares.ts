/**
 * How `deno task test` runs the test files: most of them share one of two
 * runtimes ({@link ./share_1.ts} and {@link ./share_2.ts}, one per core),
 * and the few listed in {@linkcode OWN_RUNTIME} get one each.
 *
 * Why: `deno test` starts a runtime for every test module, about 0.25 s of
 * CPU each on a small machine (some 20,000 page faults), before any test
 * runs. With 60 files that was half the suite's CPU on two cores. A file in
 * a share is imported by the share, so its tests register and run there,
 * in file order.
 *
 * What it costs: files in a share see each other's module state, chiefly
 * the plugins they register. A file whose tests depend on exactly which
 * plugins are registered runs in a runtime of its own. Run every file in
 * its own runtime, as plain `deno test` does, with
 * `deno test -A --parallel tests/`.
 *
 * @module
 */

/**
 * Test files that run in a runtime of their own: each asserts the full list
 * of registered plugins (a did-you-mean's "available" list, the `plugins`
 * command's output, a plugin being unknown before its module loads).
 */
export const OWN_RUNTIME: readonly string[] = [
  "tests/cli/plugins_cli_test.ts",
  "tests/hooks_end_to_end_test.ts",
  "tests/task_load_test.ts",
  "tests/task_validate_test.ts",
];
