import path from "node:path";
import { describe, expect, it } from "vitest";
import { heavyQuestion } from "../src/bench/heavy-load.js";
import { readGoldenSet } from "../src/eval/golden-set.js";
import { useServer } from "./support/server-process.js";

/** The bound is 50 ms at p99 on a quiet machine (npm run bench measures it); this test allows for a loaded CI runner. */
const HEALTH_BOUND_MS = 150;

describe("a heavy request never blocks the server (real server, model and index)", () => {
  const server = useServer();

  it(`answers /health within ${HEALTH_BOUND_MS} ms at p90 while 1000-character compound questions are being answered`, async () => {
    const { baseUrl } = server.current;
    const questions = (await readGoldenSet(path.resolve(import.meta.dirname, "golden.json"))).questions.map((question) => question.question);
    let running = true;
    const statuses: number[] = [];
    let counter = 0;
    const heavyClient = async () => {
      while (running) {
        const response = await fetch(`${baseUrl}/ask`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question: heavyQuestion(questions, counter++) }) });
        await response.arrayBuffer();
        statuses.push(response.status);
      }
    };
    const clients = Array.from({ length: 6 }, heavyClient);
    // Let the heavy requests reach the workers first.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const samples: number[] = [];
    for (let probe = 0; probe < 60; probe++) {
      const began = performance.now();
      const response = await fetch(`${baseUrl}/health`);
      await response.arrayBuffer();
      samples.push(performance.now() - began);
      expect(response.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    running = false;
    await Promise.all(clients);
    samples.sort((a, b) => a - b);
    const p90 = samples[Math.floor(samples.length * 0.9)] as number;
    expect(p90, `/health latencies (ms): ${samples.map((value) => value.toFixed(1)).join(", ")}`).toBeLessThan(HEALTH_BOUND_MS);
    // Heavy questions were answered (or refused by admission control), never failed.
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 200 || status === 503), statuses.join(",")).toBe(true);
  }, 120_000);

  it("answers a 1000-character compound question with at most the capped number of parts", async () => {
    const { baseUrl } = server.current;
    const questions = (await readGoldenSet(path.resolve(import.meta.dirname, "golden.json"))).questions.map((question) => question.question);
    const question = heavyQuestion(questions, 7);
    expect(question.length).toBeGreaterThan(900);
    const response = await fetch(`${baseUrl}/ask`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ question }) });
    expect(response.status).toBe(200);
  }, 60_000);
});
