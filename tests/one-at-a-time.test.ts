import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { oneAtATime, turnMemory } from "../src/inference/one-at-a-time.js";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("oneAtATime", () => {
  it("runs one piece of work at a time, and each in full", async () => {
    const memory = turnMemory();
    // Two locks over the same memory, as two threads would hold.
    const locks = [oneAtATime(memory), oneAtATime(memory)];
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await Promise.all(
      [0, 1, 2, 3].map((n) =>
        locks[n % 2]!(async () => {
          most = Math.max(most, ++running);
          await pause(20);
          running--;
          done.push(n);
        }),
      ),
    );
    expect(most).toBe(1);
    expect(done.sort()).toEqual([0, 1, 2, 3]);
  });

  it("gives the turn back when the work fails", async () => {
    const lock = oneAtATime(turnMemory());
    await expect(lock(async () => Promise.reject(new Error("load failed")))).rejects.toThrow("load failed");
    let ran = false;
    await lock(async () => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  it("makes another thread wait for the turn, and gives it when the holder is done", async () => {
    const memory = turnMemory();
    let release!: () => void;
    const held = oneAtATime(memory)(() => new Promise<void>((resolve) => (release = resolve)));
    const worker = new Worker(new URL("./support/turn-worker.mjs", import.meta.url), { workerData: memory });
    try {
      const messages: string[] = [];
      const turned = new Promise<void>((resolve, reject) => {
        worker.on("message", (message: string) => {
          messages.push(message);
          if (message === "turn") resolve();
        });
        worker.once("error", reject);
      });
      await new Promise<void>((resolve) => worker.once("message", () => resolve()));
      await pause(200);
      expect(messages).toEqual(["waiting"]);
      release();
      await held;
      await turned;
      expect(messages).toEqual(["waiting", "turn"]);
    } finally {
      await worker.terminate();
    }
  });
});
