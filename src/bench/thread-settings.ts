import { createPooledEmbedder } from "../embed/pooled-embedder.js";
import { createInferencePool } from "../inference/inference-pool.js";
import { MAX_EMBED_TOKENS } from "../limits.js";

export interface ThreadSettingResult {
  workers: number;
  threadsPerWorker: number;
  questionsPerSecond: number;
}

/**
 * Questions embedded per second by the inference pool at a given concurrency, for each split of the
 * cores between worker threads and ONNX intra-op threads: how the pool's default was chosen.
 */
export async function compareThreadSettings(options: {
  modelsDir: string;
  modelId: string;
  questions: string[];
  settings: { workers: number; threadsPerWorker: number }[];
  concurrency?: number;
}): Promise<ThreadSettingResult[]> {
  const { modelsDir, modelId, questions, settings, concurrency = 8 } = options;
  const results: ThreadSettingResult[] = [];
  for (const { workers, threadsPerWorker } of settings) {
    const pool = createInferencePool({ threads: workers, intraOpThreads: threadsPerWorker, maxQueue: 10_000 });
    const embedder = createPooledEmbedder(pool, { modelsDir, modelId, allowRemoteModels: false, maxTokens: MAX_EMBED_TOKENS });
    await embedder.load();
    for (const question of questions.slice(0, 10)) await embedder.embed([question]);
    let next = 0;
    const began = performance.now();
    const client = async () => {
      while (next < questions.length) await embedder.embed([`${questions[next++]} (${workers}x${threadsPerWorker})`]);
    };
    await Promise.all(Array.from({ length: concurrency }, client));
    results.push({ workers, threadsPerWorker, questionsPerSecond: questions.length / ((performance.now() - began) / 1000) });
    await pool.destroy();
  }
  return results;
}
