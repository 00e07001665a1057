/**
 * `brunt k8s`: its manifests validate against the Kubernetes schemas
 * (kubernetes-models, offline), and the contract they set up holds when the
 * Indexed Job controller is played locally: one process per index with
 * JOB_COMPLETION_INDEX set, the coordinator reached at NAME-0.NAME (on
 * 127.0.0.1), every hook fired once, and the merged result that of one
 * process on the same seed.
 */
import assert from "node:assert/strict";
import { parseAllDocuments } from "yaml";
import { Job } from "kubernetes-models/batch/v1/Job";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { main } from "../src/cli/main.ts";
import { runTask } from "../mod.ts";
import type { ResultsDocument } from "../src/model/results_document.ts";
import { CONFIG_DIR } from "../src/cluster/k8s_manifests.ts";

const MOD = new URL("../mod.ts", import.meta.url).pathname;

async function k8s(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(["k8s", ...args], {
    out: (t) => out += t + "\n",
    err: (t) => err += t + "\n",
    errIsTty: false,
  });
  return { code, out, err };
}

// A task with random failures, iteration and time hooks that note each run in a file, and an SLA.
async function writeTask(dir: string, times: number): Promise<string> {
  const note = (tag: string) => ({
    sys_call: { cmd: `/bin/sh -c 'echo ${tag} >> ${dir}/hook_runs.txt'` },
  });
  const task = {
    version: 2,
    title: "indexed job",
    subtasks: [{
      title: "split",
      workloads: [{
        scenario: { "Dummy.dummy_random_fail_in_atomic": { exception_probability: 0.2 } },
        runner: { constant: { times, concurrency: 3 } },
        hooks: [
          {
            action: note("it"),
            trigger: { event: { unit: "iteration", at: [1, times / 2, times] } },
          },
          { action: note("t"), trigger: { event: { unit: "time", at: [0] } } },
        ],
        sla: { failure_rate: { max: 50 } },
      }],
    }],
  };
  const path = `${dir}/split task.json`;
  await Deno.writeTextFile(path, JSON.stringify(task));
  return path;
}

// The printed objects, as Kubernetes models (typed, and able to validate themselves).
function manifests(text: string): [Secret, ConfigMap, Service, Job] {
  const [secret, configMap, service, job] = parseAllDocuments(text).map((d) => d.toJSON() as never);
  return [new Secret(secret), new ConfigMap(configMap), new Service(service), new Job(job)];
}

Deno.test("brunt k8s prints a Secret, ConfigMap, headless Service and Indexed Job that validate against the Kubernetes schemas", async () => {
  const dir = await Deno.makeTempDir({ prefix: "brunt_k8s_" });
  try {
    const task = await writeTask(dir, 30);
    const plugin = new URL("./fixtures/plugins/user_hook.ts", import.meta.url).pathname;
    const { code, out } = await k8s([
      task,
      "--parallelism",
      "4",
      "--image",
      "registry.example/brunt:1",
      "--plugin",
      plugin,
      "--namespace",
      "load",
      "--",
      "--seed",
      "7",
    ]);
    assert.equal(code, 0);
    const [secret, configMap, service, job] = manifests(out);
    for (const m of [secret, configMap, service, job]) m.validate();
    const spec = job.spec!;
    assert.equal(spec.completionMode, "Indexed");
    assert.equal(spec.completions, 4);
    assert.equal(spec.parallelism, 4);
    assert.equal(spec.backoffLimitPerIndex, 2);
    assert.equal(spec.template.spec!.restartPolicy, "Never");
    assert.equal(spec.template.spec!.subdomain, "brunt-split-task");
    assert.equal(service.spec!.clusterIP, "None");
    assert.equal(job.metadata!.namespace, "load");
    const args = spec.template.spec!.containers[0].args!;
    assert.deepEqual(args.slice(0, 2), ["run", `${CONFIG_DIR}/split task.json`]);
    assert.ok(args.includes(`--plugin=${CONFIG_DIR}/plugins/user_hook.ts`));
    assert.deepEqual(args.slice(-6), [
      "--segment-sequence",
      "0,1/4,1/2,3/4,1",
      "--coordinator",
      "brunt-split-task-0.brunt-split-task:7400",
      "--seed",
      "7",
    ]);
    assert.ok(configMap.data!["plugin.user_hook.ts"].includes("registerHook"));
    assert.equal(secret.stringData!.token.length, 48);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("brunt k8s refuses bad input with exit 2 and says what is right", async () => {
  const dir = await Deno.makeTempDir({ prefix: "brunt_k8s_" });
  try {
    const task = await writeTask(dir, 30);
    let r = await k8s([task, "--parallelism", "2"]);
    assert.equal(r.code, 2);
    assert.match(r.err, /needs --image IMAGE/);
    r = await k8s([task, "--parallelism", "0", "--image", "i"]);
    assert.match(r.err, /--parallelism must be a whole number from 1/);
    r = await k8s([task, "--parallelism", "2", "--image", "i", "--name", "Bad_Name"]);
    assert.match(r.err, /--name must be a DNS label/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("playing the Indexed Job controller: 3 indexed processes meet at pod 0, fire each hook once and merge to one process's result", async () => {
  const dir = await Deno.makeTempDir({ prefix: "brunt_indexed_" });
  const times = 3000;
  try {
    const task = await writeTask(dir, times);
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close();
    const { out } = await k8s([
      task,
      "--parallelism",
      "3",
      "--image",
      "i",
      "--port",
      String(port),
      "--name",
      "bj",
      "--",
      "--seed",
      "11",
      "--json",
      `${CONFIG_DIR}/out/merged.json`,
      "--db",
      `${CONFIG_DIR}/out/h.db`,
      "--join-timeout",
      "60",
      "--quiet",
    ]);
    const [secret, configMap, , job] = manifests(out);
    const pod = job.spec!.template.spec!;
    // The kubelet's part: the ConfigMap's items as files, the Secret as the env.
    const mount = `${dir}/etc`;
    await Deno.mkdir(`${mount}/plugins`, { recursive: true });
    await Deno.mkdir(`${mount}/out`);
    for (const item of pod.volumes![0].configMap!.items!) {
      await Deno.writeTextFile(`${mount}/${item.path}`, configMap.data![item.key]);
    }
    const args = pod.containers[0].args!.map((a) => a.replaceAll(CONFIG_DIR, mount));
    // The controller's part: one pod per index, all at once.
    const pods = [0, 1, 2].map((index) =>
      new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", MOD, ...args],
        cwd: dir,
        stdin: "null",
        stdout: "piped",
        stderr: "piped",
        env: {
          JOB_COMPLETION_INDEX: String(index),
          BRUNT_TOKEN: secret.stringData!.token,
          // Cluster DNS's part: the pods' names, on this machine.
          BRUNT_RESOLVE: "bj-0.bj=127.0.0.1",
          NO_COLOR: "1",
        },
      }).output()
    );
    const exits = await Promise.all(pods);
    exits.forEach((e, i) =>
      assert.equal(e.code, 0, `pod ${i}: ${new TextDecoder().decode(e.stderr)}`)
    );
    const merged: ResultsDocument = JSON.parse(await Deno.readTextFile(`${mount}/out/merged.json`));
    const m = merged.tasks[0].subtasks[0].workloads[0];
    assert.deepEqual(merged.tasks[0].segments, {
      sequence: "0,1/3,2/3,1",
      included: ["0:1/3", "1/3:2/3", "2/3:1"],
      lost: [],
    });
    // Exactly once: each hook point ran one hook, in whichever process.
    const runs = (await Deno.readTextFile(`${dir}/hook_runs.txt`)).trim().split("\n").sort();
    assert.deepEqual(runs, ["it", "it", "it", "t"]);
    assert.deepEqual(
      m.hooks.map((h) => h.results.map((r) => [r.triggered_by.value, r.status])),
      [[[1, "success"], [times / 2, "success"], [times, "success"]], [[0, "success"]]],
    );

    // One process, same task, same seed (this one).
    await Deno.remove(`${dir}/hook_runs.txt`);
    const { document } = await runTask(task, { seed: 11 });
    const s = document.tasks[0].subtasks[0].workloads[0];
    assert.equal(m.total_iteration_count, s.total_iteration_count);
    assert.equal(m.failed_iteration_count, s.failed_iteration_count);
    assert.deepEqual(m.sla_results, s.sla_results);
    assert.equal(m.pass_sla, s.pass_sla);
    assert.equal(m.data!.length, times);
    assert.equal(m.data!.filter((r) => r.error.length).length, s.failed_iteration_count);
    assert.deepEqual(
      m.hooks.map((h) => h.results.map((r) => [r.triggered_by.value, r.status])),
      s.hooks.map((h) => h.results.map((r) => [r.triggered_by.value, r.status])),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
