import { readFile, rm } from "node:fs/promises";
import type { ChildProcess } from "node:child_process";

export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

/**
 * Asks a server started with the loop monitor (see loop-monitor.ts) for the event-loop delay since
 * the previous call, in milliseconds.
 */
export async function readLoopDelay(child: ChildProcess, file: string): Promise<LoopDelay> {
  await rm(file, { force: true });
  child.kill("SIGUSR2");
  // The server answers once its event loop is free again, which under a heavy load can take seconds.
  for (let attempt = 0; attempt < 6_000; attempt++) {
    try {
      return JSON.parse(await readFile(file, "utf8")) as LoopDelay;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  throw new Error("the server wrote no event-loop delay (was it started with the loop monitor?)");
}
