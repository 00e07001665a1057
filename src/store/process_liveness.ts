/**
 * Whether the process that records a task is still there.
 *
 * @module
 */
import process from "node:process";

/**
 * Whether a process with id `pid` exists on this host. Signal 0 checks
 * without sending anything: "no such process" means gone; "not permitted"
 * means it exists under another user.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === Deno.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code !== "ESRCH";
  }
}

/** This host's name, as recorded beside the pid of a recording process. */
export function hostName(): string {
  try {
    return Deno.hostname();
  } catch {
    return "";
  }
}
