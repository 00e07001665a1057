/**
 * What the template sandbox and the process that starts it say to each
 * other: one JSON object per line, on the sandbox's stdin and stdout.
 *
 * @module
 */
import type { TaskArgs } from "./task_args.ts";
import type { TaskFileProblem } from "./task_file_error.ts";

/** The first line the sandbox reads: what to render. */
export interface RenderRequest {
  /** The template. */
  text: string;
  /** Its variables. */
  args: TaskArgs;
  /** The task file's name, for messages. */
  filename: string;
  /** Whether `{% include %}` may ask for files (the task file has a folder). */
  includes: boolean;
  /** The longest output allowed, in characters. */
  maxOutput: number;
}

/** A line the sandbox writes: a file it needs, or its answer (the last line). */
export type SandboxMessage =
  | { include: string }
  | { output: string }
  | { problems: TaskFileProblem[] };

/** The answer to an include: the file's text, or why it cannot be read. */
export type IncludeReply = { text: string } | { error: string };
