/**
 * The folders follow the data flow: a module imports only from its own
 * folder and the layers below it, and no modules import each other in a
 * cycle. `deno task check` runs this file; a failure lists every offending
 * import with its place.
 */
import assert from "node:assert/strict";
import { importGraph, layerViolations, moduleCycles } from "./helpers/import_graph.ts";

// Lowest first. A module imports from its own folder and from the folders
// of lower layers only.
const LAYERS: string[][] = [
  ["src/model", "src/clock", "src/segment"],
  ["src/plugins"],
  ["src/http", "src/process", "src/stats"],
  ["src/sla", "src/runners", "src/scenarios", "hooks", "triggers"],
  ["src/builtin"],
  ["src/task"],
  ["src/store"],
  ["src/engine"],
  ["src/cluster"],
  ["src/testing"],
  ["src/report"],
  ["src/report/html"],
  ["src/live"],
  ["src/live/prometheus"],
  ["src/live/dashboard"],
  ["src/cli"],
  ["src/api", "."],
];
const graph = await importGraph();

Deno.test("no module imports from a layer above its own", () => {
  const found = layerViolations(graph, LAYERS);
  assert.deepEqual(found, [], `imports against the layering:\n${found.join("\n")}`);
});

Deno.test("no modules import each other in a cycle", () => {
  const cycles = moduleCycles(graph);
  assert.deepEqual(cycles, [], `import cycles:\n${cycles.join("\n")}`);
});
