import { open, readFile, rm } from "node:fs/promises";
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
 * A lock left by a process that no longer exists (a crashed build) is taken over.
 */
export async function acquireLock(file: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
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
}
