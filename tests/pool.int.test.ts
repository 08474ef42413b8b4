import { setMaxListeners } from "node:events";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPooledEmbedder } from "../src/embed/pooled-embedder.js";
import { createTransformersEmbedder } from "../src/embed/transformers-embedder.js";
import { runWithSignal } from "../src/inference/cancellation.js";
import { createInferencePool, type InferencePool } from "../src/inference/inference-pool.js";
import { MAX_EMBED_TOKENS } from "../src/limits.js";

const model = { modelsDir: path.resolve(import.meta.dirname, "../models"), modelId: "all-MiniLM-L6-v2", allowRemoteModels: false, maxTokens: MAX_EMBED_TOKENS };

describe("the inference pool with the real model in worker threads", () => {
  let pool: InferencePool;

  beforeAll(async () => {
    pool = createInferencePool({ threads: 2, maxQueue: 1_000 });
    await createPooledEmbedder(pool, model).load();
  }, 120_000);

  afterAll(async () => {
    await pool.destroy();
  });

  it("gives the same vectors as the model run in-thread", async () => {
    const texts = ["When did the Nampala raid happen?", "Who leads JNIM?"];
    const inThread = createTransformersEmbedder(model);
    const [pooled, local] = await Promise.all([createPooledEmbedder(pool, model).embed(texts), inThread.embed(texts)]);
    await inThread.dispose();
    for (const [index, vector] of pooled.entries()) {
      const reference = local[index] as Float32Array;
      expect(vector.length).toBe(384);
      expect(vector.reduce((sum, value, dimension) => sum + value * (reference[dimension] as number), 0)).toBeGreaterThan(0.9999);
    }
  }, 60_000);

  it("drops a cancelled request's queued inference: its tasks never reach a worker", async () => {
    const embedder = createPooledEmbedder(pool, model);
    const before = pool.completed;
    const controller = new AbortController();
    // Forty tasks wait on one signal here, more than a request's (Node warns past ten listeners).
    setMaxListeners(64, controller.signal);
    // The request's signal reaches the embedder implicitly, as it does from the request-signal middleware.
    const requests = runWithSignal(controller.signal, () => Array.from({ length: 40 }, (_, index) => embedder.embed([`question ${index} about the Mali War`])));
    expect(pool.queued).toBe(38);
    controller.abort();
    const settled = await Promise.allSettled(requests);
    expect(pool.queued).toBe(0);
    // At most the two that were already running finished; the other 38 were never computed.
    expect(settled.filter((result) => result.status === "rejected")).toHaveLength(38);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pool.completed - before).toBeLessThanOrEqual(2);
    expect(pool.active).toBe(0);
  }, 60_000);

  it("refuses a request's inference when the queue is full instead of queueing without bound", async () => {
    const small = createInferencePool({ threads: 1, maxQueue: 2 });
    try {
      const embedder = createPooledEmbedder(small, model);
      const results = await Promise.allSettled(Array.from({ length: 5 }, (_, index) => embedder.embed([`question ${index}`])));
      const refused = results.filter((result) => result.status === "rejected");
      expect(refused).toHaveLength(2);
      expect(String((refused[0] as PromiseRejectedResult).reason)).toMatch(/queue is full/);
    } finally {
      await small.destroy();
    }
  }, 120_000);
});
