/**
 * `run`'s live flags from the command line: bad ones are user errors (exit
 * 2), and an unreachable Prometheus neither fails nor shortens the run.
 */
import assert from "node:assert/strict";
import { main } from "../../src/cli/main.ts";
import type { ResultsDocument } from "../../src/model/results_document.ts";
import { startCli } from "../helpers/cli_child.ts";

const TASK = JSON.stringify({
  "Dummy.dummy": [{
    args: { sleep: 0.001 },
    runner: { type: "constant", times: 200, concurrency: 4 },
  }],
});

async function runMain(args: string[]) {
  const err: string[] = [];
  const code = await main(args, { out: () => {}, err: (t) => err.push(t), errIsTty: false });
  return { code, err: err.join("\n") };
}

Deno.test("bad live flags exit 2 with a message naming the flag and the right form", async () => {
  const dir = await Deno.makeTempDir({ prefix: "brunt_live_flags_" });
  try {
    const task = `${dir}/task.json`;
    await Deno.writeTextFile(task, TASK);
    const cases: [string[], RegExp][] = [
      [
        ["--out", "influx=http://x"],
        /--out influx=http:\/\/x: unknown output "influx"; use --out prometheus-rw=URL/,
      ],
      [["--out", "prometheus-rw=ftp://x"], /--out prometheus-rw needs an http\(s\) URL after "="/],
      [["--out", "prometheus-rw"], /needs an http\(s\) URL/],
      [["--dashboard=localhost"], /--dashboard=localhost: give HOST:PORT/],
      [["--dashboard=:99999"], /give HOST:PORT/],
      [["--linger"], /--linger keeps the dashboard up after the run: give --dashboard too/],
    ];
    for (const [flags, message] of cases) {
      const { code, err } = await runMain(["run", task, "--db", `${dir}/db`, ...flags]);
      assert.equal(code, 2, flags.join(" "));
      assert.match(err, message);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("an unreachable Prometheus costs the run nothing: all iterations, exit 0, a counted warning", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}/api/v1/write`;
  listener.close();
  const dir = await Deno.makeTempDir({ prefix: "brunt_live_rw_" });
  await Deno.writeTextFile(`${dir}/task.json`, TASK);
  const cli = await startCli([
    "run",
    `${dir}/task.json`,
    "--json",
    "{cwd}/out.json",
    "--out",
    `prometheus-rw=${url}`,
  ]);
  try {
    const exit = await cli.exited(30_000);
    assert.equal(exit.code, 0, exit.stderr);
    const doc = JSON.parse(await Deno.readTextFile(`${cli.cwd}/out.json`)) as ResultsDocument;
    assert.equal(doc.tasks[0].subtasks[0].workloads[0].total_iteration_count, 200);
    assert.match(
      exit.stderr,
      new RegExp(
        `brunt: prometheus-rw ${
          url.replaceAll(".", "\\.")
        }: (\\d+) of \\1 batches not delivered: \\1× `,
      ),
    );
  } finally {
    await cli.close();
    await Deno.remove(dir, { recursive: true });
  }
});
