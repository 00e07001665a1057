/**
 * Reading input files with a size limit: a task file or an args file is
 * small, and `/dev/zero` given as one must not be read until memory runs
 * out.
 *
 * @module
 */

/** The largest task file, args file or rendered task brunt reads: 16 MiB. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** Input larger than its limit. */
export class InputTooLargeError extends Error {
  /** Says how large the input may be. */
  constructor(limit: number) {
    super(`it is larger than ${formatBytes(limit)}, more than any task needs`);
    this.name = "InputTooLargeError";
  }
}

/**
 * The UTF-8 text of the file at `path`, read up to `limit` bytes. Throws
 * {@linkcode InputTooLargeError} beyond that, a `TypeError` when it is not
 * UTF-8, and the file system's errors (`Deno.errors.NotFound` …) as they come.
 */
export async function readTextBounded(
  path: string | URL,
  limit: number = MAX_INPUT_BYTES,
): Promise<string> {
  // The stream closes the file when it ends or is cancelled.
  const file = await Deno.open(path, { read: true });
  return await textOf(file.readable, limit);
}

/**
 * The UTF-8 text of `stream`, read up to `limit` bytes; throws
 * {@linkcode InputTooLargeError} beyond that (and cancels the stream).
 */
export async function textOf(
  stream: ReadableStream<Uint8Array>,
  limit: number = MAX_INPUT_BYTES,
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > limit) throw new InputTooLargeError(limit);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}
