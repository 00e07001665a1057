import { parseTask } from "./src/task/load.ts";
const text = Deno.readTextFileSync("/tmp/wtest/many.json");
let t0 = performance.now();
import { parseDocumentText } from "./src/task/parse.ts";
const doc = parseDocumentText(text, "many.json");
console.log("parse", performance.now() - t0);
t0 = performance.now();
try {
  parseTask(text, "many.json");
} catch (e) {
  console.log((e as Error).message.length);
}
console.log("all", performance.now() - t0);
