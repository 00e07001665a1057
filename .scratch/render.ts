import { renderTaskText } from "../src/task/load.ts";
const [args, title, descTail] = [JSON.parse(Deno.args[0]), Deno.args[1], Deno.args[2]];
const path = new URL("../examples/fault_injection.json.j2", import.meta.url);
const text = await renderTaskText(await Deno.readTextFile(path), "fault_injection.json.j2", args);
const doc = JSON.parse(text);
if (title) doc.title = title;
if (descTail) doc.description += descTail;
console.log(JSON.stringify(doc, null, 2));
