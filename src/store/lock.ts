import { link, readFile, rm, writeFile } from "node:fs/promises";
import { IndexBusyError } from "./errors.js";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * An exclusive lock file holding the owner's pid, so two builds never interleave.
 * The pid is written to a private file that is then hard-linked to the lock name: the link either
 * fails (someone holds the lock) or appears complete, so no one ever reads a half-written lock.
 * A lock left by a process that no longer exists (a crashed build) is taken over.
 */
export async function acquireLock(file: string): Promise<() => Promise<void>> {
  const mine = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await writeFile(mine, String(process.pid));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await link(mine, file);
        return () => rm(file, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
        const owner = Number.parseInt(await readFile(file, "utf8").catch(() => ""), 10);
        if (Number.isInteger(owner) && isAlive(owner)) {
          throw new IndexBusyError(`another index build (pid ${owner}) holds ${file}`);
        }
        await rm(file, { force: true });
      }
    }
    throw new IndexBusyError(`could not take the lock ${file}`);
  } finally {
    await rm(mine, { force: true });
  }
}
