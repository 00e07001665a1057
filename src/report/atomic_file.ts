/**
 * Writing a file all at once or not at all: the content goes to a temporary
 * file in the same folder, which is renamed over the target only when every
 * byte is written, so a failure never leaves a partial file behind.
 *
 * @module
 */
import { basename, dirname, join } from "node:path";

/**
 * Writes `path` through `write`, atomically: `write` receives a temporary
 * file in the same folder; when it resolves, the file is flushed to disk and
 * renamed to `path` (replacing any file there). When `write` throws, the
 * temporary file is removed, `path` is left as it was, and the error is
 * rethrown.
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
  // Same folder as the target: a rename across file systems is not atomic.
  const temp = join(folder, `.${basename(path)}.${crypto.randomUUID().slice(0, 8)}.tmp`);
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
  }
}

/** Writes every byte of `bytes` to `file` (a single `write` may take only part). */
export async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) offset += await file.write(bytes.subarray(offset));
}
