import { readFile } from "node:fs/promises";

/** Clock ticks per second of /proc/<pid>/stat's CPU counters (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, all threads: workers included) a process has used so far, from /proc (Linux). */
export async function cpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may contain spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** CPU milliseconds one call of `work` costs the process `pid`, measured over `count` calls one at a time. */
export async function cpuMsPerCall(pid: number, count: number, work: (index: number) => Promise<void>): Promise<number> {
  const before = await cpuSeconds(pid);
  for (let index = 0; index < count; index++) await work(index);
  return ((await cpuSeconds(pid)) - before) * 1000 / count;
}
