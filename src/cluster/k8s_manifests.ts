/**
 * The Kubernetes objects that run a task split over the pods of an Indexed
 * Job: pod `i` runs segment `i` of an even sequence, pod 0 coordinates.
 *
 * @module
 */
import { SegmentSequence } from "../segment/segment_sequence.ts";

/** A Kubernetes object, as plain data. */
export type Manifest = Record<string, unknown>;

/** Where the ConfigMap is mounted in the pods. */
export const CONFIG_DIR = "/etc/brunt";

/** What {@linkcode indexedJobManifests} makes the objects of. */
export interface IndexedJobOptions {
  /** Name of the Job, its Service, ConfigMap and Secret (a DNS label). */
  name: string;
  /** Their namespace; none: the one kubectl applies them in. */
  namespace?: string;
  /** Pods, one segment each. */
  parallelism: number;
  /** The container image that runs brunt. */
  image: string;
  /**
   * The command that starts brunt in the image (its arguments follow);
   * none: the image's entrypoint.
   */
  command?: string[];
  /** The coordinator's port. */
  port: number;
  /** Reruns of a failed index (with the same segment) before it counts as failed. */
  backoffLimitPerIndex: number;
  /** The task file: its name and text. */
  task: { name: string; text: string };
  /** The task args file, when there is one: its name and text. */
  taskArgs?: { name: string; text: string };
  /** Plugin files to ship (name and text), and plugin specifiers loaded as they are. */
  plugins: { files: { name: string; text: string }[]; specifiers: string[] };
  /** More `brunt run` arguments (`--seed 7`, `--task-args {...}`, `--json /results/r.json`). */
  runArgs: string[];
  /** The token the pods share; put in a Secret. */
  token: string;
  /** A PersistentVolumeClaim mounted at /results in every pod, for result files. */
  resultsClaim?: string;
}

/**
 * The objects, in the order to apply them: a Secret with the shared token, a
 * ConfigMap with the task (and its args and plugins), a headless Service
 * that gives pod 0 a stable name (`NAME-0.NAME`), and the Indexed Job:
 * `completionMode: Indexed`, one completion per segment all running at once,
 * `backoffLimitPerIndex` so a failed pod reruns with the same index (and so
 * the same segment), each pod's segment from its `JOB_COMPLETION_INDEX`.
 */
export function indexedJobManifests(o: IndexedJobOptions): Manifest[] {
  const metadata = () => ({
    name: o.name,
    ...(o.namespace ? { namespace: o.namespace } : {}),
    labels: { "app.kubernetes.io/name": "brunt", "app.kubernetes.io/instance": o.name },
  });
  const sequence = SegmentSequence.even(o.parallelism).toString();
  const files = [o.task, ...(o.taskArgs ? [o.taskArgs] : [])];
  const pluginItems = o.plugins.files.map((f) => ({
    key: `plugin.${f.name}`,
    path: `plugins/${f.name}`,
  }));
  const args = [
    "run",
    `${CONFIG_DIR}/${o.task.name}`,
    ...(o.taskArgs ? ["--task-args-file", `${CONFIG_DIR}/${o.taskArgs.name}`] : []),
    ...o.plugins.files.map((f) => `--plugin=${CONFIG_DIR}/plugins/${f.name}`),
    ...o.plugins.specifiers.map((s) => `--plugin=${s}`),
    "--segment-sequence",
    sequence,
    "--coordinator",
    `${o.name}-0.${o.name}:${o.port}`,
    ...o.runArgs,
  ];
  const volumeMounts = [
    { name: "brunt-config", mountPath: CONFIG_DIR, readOnly: true },
    ...(o.resultsClaim ? [{ name: "brunt-results", mountPath: "/results" }] : []),
  ];
  const volumes = [
    {
      name: "brunt-config",
      configMap: {
        name: o.name,
        items: [...files.map((f) => ({ key: f.name, path: f.name })), ...pluginItems],
      },
    },
    ...(o.resultsClaim
      ? [{ name: "brunt-results", persistentVolumeClaim: { claimName: o.resultsClaim } }]
      : []),
  ];
  return [
    {
      apiVersion: "v1",
      kind: "Secret",
      metadata: metadata(),
      type: "Opaque",
      stringData: { token: o.token },
    },
    {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: metadata(),
      data: Object.fromEntries([
        ...files.map((f) => [f.name, f.text]),
        ...o.plugins.files.map((f) => [`plugin.${f.name}`, f.text]),
      ]),
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: metadata(),
      spec: {
        // Headless: DNS names the pods themselves; pod 0 is NAME-0.NAME.
        clusterIP: "None",
        // Pods are reachable by name before any readiness: the others join pod 0 as it starts.
        publishNotReadyAddresses: true,
        selector: { "batch.kubernetes.io/job-name": o.name },
        ports: [{ name: "coordinator", port: o.port, targetPort: o.port, protocol: "TCP" }],
      },
    },
    {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: metadata(),
      spec: {
        completionMode: "Indexed",
        completions: o.parallelism,
        parallelism: o.parallelism,
        backoffLimitPerIndex: o.backoffLimitPerIndex,
        template: {
          metadata: {
            labels: { "app.kubernetes.io/name": "brunt", "app.kubernetes.io/instance": o.name },
          },
          spec: {
            // The pods' host names are NAME-INDEX; with this subdomain, NAME-INDEX.NAME resolves.
            subdomain: o.name,
            // backoffLimitPerIndex needs it: a failed pod is replaced, with its index.
            restartPolicy: "Never",
            containers: [{
              name: "brunt",
              image: o.image,
              ...(o.command ? { command: o.command } : {}),
              args,
              env: [{
                name: "BRUNT_TOKEN",
                valueFrom: { secretKeyRef: { name: o.name, key: "token" } },
              }],
              ports: [{ name: "coordinator", containerPort: o.port, protocol: "TCP" }],
              volumeMounts,
            }],
            volumes,
          },
        },
      },
    },
  ];
}
