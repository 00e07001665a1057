/**
 * A result file on a full disk: the others are written all the same, the
 * failing one is named with its reason, and the exit code says the results
 * are incomplete (4). The full disk is a file-size limit on a real child
 * process (RLIMIT_FSIZE, with SIGXFSZ ignored so a write fails instead).
 */
import assert from "node:assert/strict";

const MOD = new URL("../../mod.ts", import.meta.url).pathname;

Deno.test({
  name: "a --json that cannot be written is named with its reason, --junit is written, exit 4",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "brunt_full_disk_" });
    try {
      // About 390 KB of results JSON; the history holds a fifth of that.
      await Deno.writeTextFile(
        `${dir}/t.json`,
        JSON.stringify({ "Dummy.dummy_output": [{ runner: { type: "serial", times: 100 } }] }),
      );
      const { code, stderr } = await new Deno.Command("bash", {
        args: [
          "-c",
          `trap '' XFSZ; ulimit -f 300; exec "$@"`,
          "bash",
          Deno.execPath(),
          "run",
          "-A",
          MOD,
          "run",
          "t.json",
          "--db",
          "h.db",
          "--json",
          "r.json",
          "--junit",
          "j.xml",
          "--quiet",
        ],
        cwd: dir,
        stdout: "null",
        stderr: "piped",
        env: { NO_COLOR: "1" },
      }).output();
      const err = new TextDecoder().decode(stderr);
      assert.equal(code, 4, err);
      assert.match(err, /could not write --json r\.json: File too large/);
      assert.match(err, /finished, SLA passed, but its results could not all be written/);
      assert.match(await Deno.readTextFile(`${dir}/j.xml`), /iterations: 100, failed: 0/);
      // Neither the file nor a temporary one is left behind.
      const left = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
        n.includes("r.json")
      );
      assert.deepEqual(left, []);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
