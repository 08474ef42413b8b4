import { randomBytes } from "node:crypto";
import { link, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { IndexBusyError } from "./errors.js";
import { currentIdentity, isRunning, type ProcessIdentity } from "./process-identity.js";

const holderSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  startTime: z.string().optional(),
  bootId: z.string().optional(),
  token: z.string(),
  since: z.string(),
});

export type LockHolder = z.infer<typeof holderSchema>;

export interface AcquireLockOptions {
  /** Wait for a live holder to finish instead of failing with IndexBusyError. */
  wait?: boolean;
  pollMs?: number;
  /** Give up waiting after this long (IndexBusyError). */
  timeoutMs?: number;
  /** Called on every poll while waiting, with the holder and how long we have waited. */
  onWait?: (holder: LockHolder | undefined, waitedMs: number) => void;
}

export type ReleaseLock = () => Promise<void>;

/**
 * An exclusive lock made of generation files `<base>.<n>`. The lock is held by the highest
 * generation, and only while its holder runs (PID plus process start time plus boot id, so a
 * reused PID never keeps a dead holder's lock alive).
 *
 * Taking the lock creates generation n+1 with `link` (atomic: it either fails or appears complete),
 * where n is the highest generation and its holder is gone. Two processes that both judge a stale
 * holder dead race for the same name and exactly one wins — no file is ever deleted to take it
 * over, which is what let two builders both "take over" one stale lock file. A creator that then
 * sees a higher generation than its own backs off, so at most one generation is ever held.
 */
export async function acquireLock(base: string, options: AcquireLockOptions = {}): Promise<ReleaseLock> {
  const { wait = false, pollMs = 200, timeoutMs = Number.POSITIVE_INFINITY, onWait } = options;
  const directory = path.dirname(base);
  const prefix = `${path.basename(base)}.`;
  const identity: ProcessIdentity = currentIdentity();
  const token = randomBytes(8).toString("hex");
  const mine = path.join(directory, `${prefix}claim-${token}`);
  await writeFile(mine, JSON.stringify({ ...identity, token, since: new Date().toISOString() }));
  const began = Date.now();
  try {
    for (;;) {
      const generations = await listGenerations(directory, prefix);
      const highest = generations.at(-1);
      const holder = highest === undefined ? undefined : await readHolder(path.join(directory, `${prefix}${highest}`));
      const free = highest === undefined || holder === "gone" || holder === undefined || !isRunning(holder);
      if (free) {
        const next = (highest ?? 0) + 1;
        const file = path.join(directory, `${prefix}${next}`);
        const won = await link(mine, file).then(
          () => true,
          (error: NodeJS.ErrnoException) => {
            if (error.code === "EEXIST") return false;
            throw error;
          },
        );
        if (won) {
          if ((await listGenerations(directory, prefix)).some((generation) => generation > next)) {
            await rm(file, { force: true });
          } else {
            // Generations below ours are dead or released: nobody else may clean them up.
            for (const generation of generations) await rm(path.join(directory, `${prefix}${generation}`), { force: true });
            await removeDeadClaims(directory, prefix, mine);
            return () => rm(file, { force: true });
          }
        }
        continue;
      }
      const waited = Date.now() - began;
      const who = typeof holder === "object" ? describeHolder(holder) : "another process";
      if (!wait) throw new IndexBusyError(`${who} holds the index lock ${base}.${highest}`);
      if (waited >= timeoutMs) throw new IndexBusyError(`gave up after ${Math.round(waited / 1000)} s waiting for ${who} (lock ${base}.${highest})`);
      onWait?.(typeof holder === "object" ? holder : undefined, waited);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    await rm(mine, { force: true });
  }
}

export function describeHolder(holder: LockHolder): string {
  return `process ${holder.pid} on ${holder.hostname} (since ${holder.since})`;
}

async function listGenerations(directory: string, prefix: string): Promise<number[]> {
  const names = await readdir(directory);
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => Number(name.slice(prefix.length)))
    .sort((a, b) => a - b);
}

/** "gone" when the file vanished (released) between listing and reading; undefined when unreadable. */
async function readHolder(file: string): Promise<LockHolder | "gone" | undefined> {
  let raw: string;
  try {
    raw = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
  try {
    const parsed = holderSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The holder of the lock at `base`, if a running process holds it. */
export async function lockHolder(base: string): Promise<LockHolder | undefined> {
  const directory = path.dirname(base);
  const prefix = `${path.basename(base)}.`;
  const highest = (await listGenerations(directory, prefix).catch(() => [])).at(-1);
  if (highest === undefined) return undefined;
  const holder = await readHolder(path.join(directory, `${prefix}${highest}`));
  return typeof holder === "object" && isRunning(holder) ? holder : undefined;
}

/** Claim files of processes killed while taking the lock (a live one removes its own). */
async function removeDeadClaims(directory: string, prefix: string, mine: string): Promise<void> {
  for (const name of await readdir(directory)) {
    const file = path.join(directory, name);
    if (!name.startsWith(`${prefix}claim-`) || file === mine) continue;
    const holder = await readHolder(file);
    // An unparsable claim may be one being written right now: only an old one is abandoned.
    const abandoned = holder === undefined ? Date.now() - (await stat(file).then((stats) => stats.mtimeMs, () => Date.now())) > 60_000 : holder !== "gone" && !isRunning(holder);
    if (abandoned) await rm(file, { force: true });
  }
}
