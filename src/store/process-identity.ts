import { readFileSync } from "node:fs";
import os from "node:os";

/**
 * Who holds a lock, in enough detail to tell a live holder from a reused PID: PIDs repeat across
 * container restarts, so the PID alone cannot say whether the process that wrote it still runs.
 * `startTime` is the process's start in clock ticks since boot (Linux `/proc/<pid>/stat`, field 22)
 * and `bootId` the kernel's boot id; both are absent where /proc is not available.
 */
export interface ProcessIdentity {
  pid: number;
  hostname: string;
  startTime?: string;
  bootId?: string;
}

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The start time of a process, or undefined when it does not exist (or /proc is absent). */
export function processStartTime(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) is in parentheses and may contain spaces: count fields after its ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[19];
}

export function bootId(): string | undefined {
  return readProc("/proc/sys/kernel/random/boot_id")?.trim();
}

export function currentIdentity(): ProcessIdentity {
  const startTime = processStartTime(process.pid);
  const boot = bootId();
  return { pid: process.pid, hostname: os.hostname(), ...(startTime ? { startTime } : {}), ...(boot ? { bootId: boot } : {}) };
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Whether the process an identity describes still runs. Another host's process cannot be checked
 * and counts as alive (a lock on a shared folder is never broken from the wrong machine).
 */
export function isRunning(identity: ProcessIdentity): boolean {
  if (identity.hostname !== os.hostname()) return true;
  const boot = bootId();
  if (identity.bootId && boot && identity.bootId !== boot) return false;
  if (!pidExists(identity.pid)) return false;
  if (!identity.startTime) return true;
  const now = processStartTime(identity.pid);
  // The PID runs, but if it started at another time it is a different process that reused it.
  return now === undefined || now === identity.startTime;
}
