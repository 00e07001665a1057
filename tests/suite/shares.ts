/**
 * How `deno task test` runs the test files: most of them share one of two
 * runtimes ({@link ./share_1.ts} and {@link ./share_2.ts}, one per core),
 * and the few listed in {@linkcode OWN_RUNTIME} get one each.
 *
 * Why: `deno test` starts a runtime for every test module, about 0.25 s of
 * CPU each on a small machine (some 20,000 page faults), before any test
 * runs: with 110 files, some 27 s of CPU, and the tests wait on each other
 * for the two cores (measured: 1 min 38 s of wall time per file, 54 s
 * shared, for the same 1,059 tests). A file in
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
 * of the default plugins (a did-you-mean's "available" list, the `plugins`
 * command's output, a plugin being unknown before its module loads, the
 * README's and the doc examples' printed lists), which in a share would
 * include the plugins other files register in the process.
 */
export const OWN_RUNTIME: readonly string[] = [
  "tests/cli/plugins_cli_test.ts",
  "tests/cli/run_output_test.ts",
  "tests/doc_examples_test.ts",
  "tests/hooks_end_to_end_test.ts",
  "tests/readme_test.ts",
  "tests/task_load_test.ts",
  "tests/task_validate_test.ts",
];
