/**
 * `brunt k8s TASK_FILE --parallelism N --image IMAGE`: prints the
 * Kubernetes manifests that run the task split over the pods of an Indexed
 * Job.
 *
 * @module
 */
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { indexedJobManifests } from "../cluster/k8s_manifests.ts";
import { pluginModules } from "../engine/load_splitter.ts";
import type { PluginRegistry } from "../model/plugin_registry.ts";
import { splitShellWords } from "../process/shell_words.ts";
import { loadTaskFile } from "../task/load.ts";
import { loadTaskArgs } from "../task/task_args.ts";
import type { CliIo } from "./cli_io.ts";
import { parseCommandArgs } from "./command_args.ts";
import { EXIT } from "./exit_codes.ts";
import { UsageError } from "./usage_error.ts";

/** Help text of `k8s`. */
export const K8S_HELP =
  `Usage: brunt k8s TASK_FILE --parallelism N --image IMAGE [options] [-- RUN_OPTIONS…]

Prints (on stdout, for kubectl apply -f -) the Kubernetes objects that run
the task's load split over N pods: a Secret with a fresh shared token, a
ConfigMap with the task file (its args file and the --plugin files), a
headless Service that names pod 0, and an Indexed Job of N completions, all
at once. Pod i runs segment i of the sequence 0,1/N,…,1 (its
JOB_COMPLETION_INDEX); pod 0 coordinates: it waits for the others, starts
them together, fires every hook once and prints the merged results. A pod
that fails is rerun with its index (backoffLimitPerIndex). The task is
validated first.

Options:
  --parallelism N            pods, one segment each (≥ 1)
  --image IMAGE              an image that runs brunt
  --command CMD              the command that starts brunt in the image, when
                             its entrypoint does not (deno run -A jsr:@brunt/brunt)
  --name NAME                name of the objects (default: brunt-TASK)
  --namespace NS             their namespace (default: kubectl's)
  --port PORT                the coordinator's port (default 7400)
  --backoff-limit-per-index N  reruns of a failed pod (default 2)
  --token TOKEN              the shared token (default: a new random one)
  --results-claim CLAIM      a PersistentVolumeClaim mounted at /results, for
                             result files (-- --json /results/results.json)
  --task-args JSON           template values, passed to every pod
  --task-args-file FILE      template values from a file, shipped in the ConfigMap
  --plugin PATH              plugin files (shipped) or specifiers (repeatable)
  -h, --help                 this help

Options after -- go to every pod's brunt run (--seed 7, --json FILE, …).`;

/** Most characters of a name: the pods' host names NAME-INDEX are DNS labels (63). */
const MAX_NAME = 52;

/** Runs `brunt k8s`; returns the exit code. */
export async function k8sCommand(
  args: string[],
  io: CliIo,
  plugins: PluginRegistry,
): Promise<number> {
  const dashes = args.indexOf("--");
  const runArgs = dashes < 0 ? [] : args.slice(dashes + 1);
  const { values, positionals } = parseCommandArgs(
    "k8s",
    dashes < 0 ? args : args.slice(0, dashes),
    {
      parallelism: { type: "string" },
      image: { type: "string" },
      command: { type: "string" },
      name: { type: "string" },
      namespace: { type: "string" },
      port: { type: "string" },
      "backoff-limit-per-index": { type: "string" },
      token: { type: "string" },
      "results-claim": { type: "string" },
      "task-args": { type: "string" },
      "task-args-file": { type: "string" },
    },
  );
  if (values.help) {
    io.out(K8S_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      "k8s takes one task file: brunt k8s TASK_FILE --parallelism N --image IMAGE",
    );
  }
  const parallelism = whole("--parallelism", values.parallelism, 1, 10_000);
  if (!values.image) throw new UsageError("k8s needs --image IMAGE: an image that runs brunt");
  const port = values.port === undefined ? 7400 : whole("--port", values.port, 1, 65535);
  const backoff = values["backoff-limit-per-index"] === undefined
    ? 2
    : whole("--backoff-limit-per-index", values["backoff-limit-per-index"], 0, 100);
  const taskFile = positionals[0];
  const name = values.name ?? defaultName(taskFile);
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > MAX_NAME) {
    throw new UsageError(
      `--name must be a DNS label of at most ${MAX_NAME} characters (lowercase letters, digits ` +
        `and -, starting and ending with a letter or digit); got "${name}"`,
    );
  }
  // The pods validate it too; a task that does not validate here never reaches them.
  const taskArgs = await loadTaskArgs({
    args: values["task-args"],
    argsFile: values["task-args-file"],
  });
  await loadTaskFile(taskFile, { args: taskArgs, plugins });
  const modules = pluginModules(plugins);
  const files = await Promise.all(
    modules.filter((m) => m.startsWith("file:")).map(async (url) => ({
      name: basename(fileURLToPath(url)),
      text: await Deno.readTextFile(fileURLToPath(url)),
    })),
  );
  const names = new Set<string>();
  for (const f of files) {
    if (names.has(f.name)) {
      throw new UsageError(
        `two --plugin files are named ${f.name}: the pods get them in one folder`,
      );
    }
    names.add(f.name);
  }
  const manifests = indexedJobManifests({
    name,
    namespace: values.namespace,
    parallelism,
    image: values.image,
    command: values.command === undefined ? undefined : splitShellWords(values.command),
    port,
    backoffLimitPerIndex: backoff,
    task: { name: basename(taskFile), text: await Deno.readTextFile(taskFile) },
    taskArgs: values["task-args-file"] === undefined ? undefined : {
      name: `args.${basename(values["task-args-file"])}`,
      text: await Deno.readTextFile(values["task-args-file"]),
    },
    plugins: { files, specifiers: modules.filter((m) => !m.startsWith("file:")) },
    runArgs: [
      ...(values["task-args"] === undefined ? [] : ["--task-args", values["task-args"]]),
      ...runArgs,
    ],
    token: values.token ?? randomToken(),
    resultsClaim: values["results-claim"],
  });
  io.out(manifests.map((m) => stringify(m, { lineWidth: 0 })).join("---\n").trimEnd());
  return EXIT.ok;
}

function whole(flag: string, text: string | undefined, min: number, max: number): number {
  if (text === undefined) throw new UsageError(`k8s needs ${flag} N`);
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${flag} must be a whole number from ${min} to ${max}; got "${text}"`);
  }
  return Number(text);
}

// brunt-<the task file's name>, as a DNS label.
function defaultName(taskFile: string): string {
  const stem = basename(taskFile).replace(/\.(json|ya?ml)(\.j2|\.jinja2?)?$/i, "");
  const label = stem.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
  return `brunt-${label || "task"}`.slice(0, MAX_NAME).replace(/-+$/, "");
}

function randomToken(): string {
  return Array.from(
    crypto.getRandomValues(new Uint8Array(24)),
    (b) => b.toString(16).padStart(2, "0"),
  )
    .join("");
}
