/**
 * The processes a program started, found through `/proc` (Linux), for a
 * kill that must reach those that left its process group: a command that
 * calls `setsid` starts a session of its own, which a signal to the group
 * misses.
 *
 * @module
 */

/**
 * The living descendants of `pid` (children, their children, …), by the
 * parent pids `/proc` lists. Empty where there is no `/proc` or it cannot be
 * read. A process whose parent has already ended belongs to init by then,
 * and is not found: that is the limit of what can be tracked without
 * cgroups.
 */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  try {
    for (const entry of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(entry.name)) continue;
      const parent = parentOf(entry.name);
      if (parent === undefined) continue;
      const list = children.get(parent);
      if (list) list.push(Number(entry.name));
      else children.set(parent, [Number(entry.name)]);
    }
  } catch {
    return [];
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

// The ppid field of /proc/PID/stat, after the command name (which may hold
// spaces and parentheses, so the last ")" ends it).
function parentOf(pid: string): number | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[1]);
  } catch {
    return undefined; // ended while the list was read
  }
}
