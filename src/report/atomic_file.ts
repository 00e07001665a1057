/**
 * Writing a file all at once or not at all: the content goes to a temporary
 * file in the same folder, which is renamed over the target only when every
 * byte is written, so a failure never leaves a partial file behind.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";
import { isProcessAlive } from "../store/process_liveness.ts";

// Temporary files being written by this process, for a quit that cannot
// wait for them (see removeUnfinishedFiles). A process-wide fact, like the
// files themselves.
const unfinished = new Set<string>();

/**
 * Removes the temporary files of writes still in progress in this process:
 * for a quit that cannot wait for them to finish (a second Ctrl-C while
 * results are written), so no hidden file of hundreds of MB stays behind.
 */
export function removeUnfinishedFiles(): void {
  for (const temp of unfinished) {
    try {
      Deno.removeSync(temp);
    } catch {
      // Already gone.
    }
  }
  unfinished.clear();
}

/**
 * Writes `path` through `write`, atomically: `write` receives a temporary
 * file in the same folder; when it resolves, the file is flushed to disk and
 * renamed to `path` (replacing any file there). When `write` throws, the
 * temporary file is removed, `path` is left as it was, and the error is
 * rethrown. Temporary files of `path` left by a process that was killed
 * while writing it are removed first.
 *
 * @param path The file to create or replace.
 * @param write Writes the content into the open temporary file.
 *
 * @example
 * ```ts ignore
 * import { writeAll, writeAtomically } from "./atomic_file.ts";
 * await writeAtomically("report.xml", (file) => writeAll(file, new TextEncoder().encode("<x/>")));
 * ```
 */
export async function writeAtomically(
  path: string,
  write: (file: Deno.FsFile) => Promise<void>,
): Promise<void> {
  const folder = dirname(path);
  await removeAbandoned(folder, basename(path));
  // Same folder as the target: a rename across file systems is not atomic.
  // The pid says whose it is, so another process can tell an abandoned one.
  const temp = join(
    folder,
    `.${basename(path)}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`,
  );
  let file: Deno.FsFile;
  try {
    file = await Deno.open(temp, { write: true, createNew: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`Cannot write ${path}: the folder ${folder} does not exist`, {
        cause: error,
      });
    }
    throw new Error(`Cannot write ${path}: ${(error as Error).message}`, { cause: error });
  }
  unfinished.add(temp);
  let open = true;
  try {
    await write(file);
    await file.syncData();
    file.close();
    open = false;
    await Deno.rename(temp, path);
  } catch (error) {
    if (open) file.close();
    await Deno.remove(temp).catch(() => {});
    throw error;
  } finally {
    unfinished.delete(temp);
  }
}

// The temporary files of `name` in `folder` whose writer has gone:
// `.name.PID.xxxxxxxx.tmp` of a pid no longer alive.
async function removeAbandoned(folder: string, name: string): Promise<void> {
  const prefix = `.${name}.`;
  try {
    for await (const entry of Deno.readDir(folder)) {
      if (!entry.isFile || !entry.name.startsWith(prefix)) continue;
      const pid = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry.name.slice(prefix.length))?.[1];
      if (pid === undefined || isProcessAlive(Number(pid))) continue;
      await Deno.remove(join(folder, entry.name)).catch(() => {});
    }
  } catch {
    // An unreadable folder: the write itself says what is wrong.
  }
}

/** Writes every byte of `bytes` to `file` (a single `write` may take only part). */
export async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
}
