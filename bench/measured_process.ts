/**
 * Running a benchmark subprocess and measuring its wall time and peak
 * resident memory.
 *
 * @module
 */

/** What {@linkcode runMeasured} observed. */
export interface MeasuredRun {
  /** Exit code. */
  code: number;
  /** Everything written to stdout. */
  stdout: string;
  /** Everything written to stderr. */
  stderr: string;
  /** Wall-clock seconds from spawn to exit. */
  seconds: number;
  /** Peak resident set size in MB (10^6 bytes), NaN when it could not be read. */
  peakRssMb: number;
  /**
   * CPU seconds the process used (user + system, all its threads), NaN
   * without GNU time. Unlike wall time, other jobs' load on the machine
   * does not stretch it.
   */
  cpuSeconds: number;
}

/** Options of {@linkcode runMeasured}. */
export interface MeasuredOptions {
  /** Working directory. */
  cwd?: string;
  /** Extra environment variables. */
  env?: Record<string, string>;
  /** A command the process is started through, such as `["taskset", "-c", "0"]` to pin it to a CPU. */
  prefix?: string[];
}

const GNU_TIME = "/usr/bin/time";
let gnuTime: boolean | undefined;

/**
 * Runs `cmd` with `args` to its end and returns its output, wall time,
 * peak RSS and CPU time. The peak comes from GNU time (`%M`, the kernel's
 * ru_maxrss of the process) when /usr/bin/time exists, otherwise from
 * polling VmHWM in /proc every 20 ms (which can miss growth in the last
 * 20 ms); the CPU time (`%U`, `%S`) from GNU time only.
 */
export async function runMeasured(
  cmd: string,
  args: string[],
  options: MeasuredOptions = {},
): Promise<MeasuredRun> {
  gnuTime ??= hasGnuTime();
  if (options.prefix?.length) {
    [cmd, args] = [options.prefix[0], [...options.prefix.slice(1), cmd, ...args]];
  }
  const rssFile = gnuTime ? await Deno.makeTempFile({ prefix: "brunt_bench_rss_" }) : undefined;
  const [program, programArgs] = rssFile
    ? [GNU_TIME, ["-f", "%M %U %S", "-o", rssFile, cmd, ...args]]
    : [cmd, args];
  const started = performance.now();
  const child = new Deno.Command(program, {
    args: programArgs,
    cwd: options.cwd,
    env: options.env,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let polledKb = NaN;
  const poll = rssFile ? undefined : setInterval(() => {
    const kb = readHwmKb(child.pid);
    if (Number.isFinite(kb)) polledKb = kb;
  }, 20);
  const out = await child.output();
  const seconds = (performance.now() - started) / 1000;
  if (poll !== undefined) clearInterval(poll);
  let peakKb = polledKb;
  let cpuSeconds = NaN;
  if (rssFile) {
    // GNU time writes "Command exited with non-zero status N" before its line on failure.
    const text = await Deno.readTextFile(rssFile);
    const [kb, user, system] = text.trim().split("\n").pop()!.split(" ").map(Number);
    peakKb = kb;
    cpuSeconds = user + system;
    await Deno.remove(rssFile);
  }
  const decoder = new TextDecoder();
  return {
    code: out.code,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
    seconds,
    peakRssMb: (peakKb * 1024) / 1e6,
    cpuSeconds,
  };
}

/** Whether `name` runs (as `name --version` or `name -h`); for optional references. */
export async function commandExists(
  name: string,
  probe: string[] = ["--version"],
): Promise<boolean> {
  try {
    await new Deno.Command(name, { args: probe, stdout: "null", stderr: "null" }).output();
    return true;
  } catch {
    return false;
  }
}

function hasGnuTime(): boolean {
  try {
    const out = new Deno.Command(GNU_TIME, {
      args: ["-f", "%M", "true"],
      stdout: "null",
      stderr: "piped",
    })
      .outputSync();
    return out.success && /^\d+\s*$/.test(new TextDecoder().decode(out.stderr));
  } catch {
    return false;
  }
}

function readHwmKb(pid: number): number {
  try {
    const m = Deno.readTextFileSync(`/proc/${pid}/status`).match(/VmHWM:\s+(\d+)/);
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}
