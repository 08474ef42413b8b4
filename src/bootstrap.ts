import { createAssistant, type Assistant } from "./assistant.js";
import type { Config } from "./config.js";
import { createPooledEmbedder } from "./embed/pooled-embedder.js";
import { createCachedEmbedder } from "./embed/cached-embedder.js";
import type { Embedder } from "./embed/embedder.js";
import { openIndex } from "./store/open-index.js";
import type { BuildProgress } from "./store/build-index.js";
import { createInferencePool, type InferencePool } from "./inference/inference-pool.js";
import { MAX_EMBED_TOKENS } from "./limits.js";

export interface Runtime {
  assistant: Assistant;
  /** The index build's embedder; disposing it ends the inference pool. */
  embedder: Embedder;
  /** Worker threads that run every model (admission control reads whether its queue is full). */
  pool: InferencePool;
}

/** Loads the model and the index (rebuilding it first when allowed and needed) and wires the assistant. */
export async function loadRuntime(config: Config, options: { log?: (message: string) => void; onProgress?: (progress: BuildProgress) => void } = {}): Promise<Runtime> {
  // Every model runs in worker threads: the event loop only serves HTTP, retrieval and answers.
  const { serving } = config;
  const pool = createInferencePool({ threads: serving.inferenceThreads, intraOpThreads: serving.threadsPerWorker, maxQueue: serving.inferenceQueue });
  const embedderModel = { modelsDir: config.modelsDir, modelId: config.embeddingModel, allowRemoteModels: config.allowRemoteModels, maxTokens: MAX_EMBED_TOKENS };
  // The build's embedder waits its turn in the pool; the query embedder below is refused (503) when the queue is full.
  const embedder = createPooledEmbedder(pool, embedderModel, { bounded: false, ownsPool: true });
  // The model and the index load side by side: both are needed and neither needs the other.
  const [, index] = await Promise.all([
    embedder.load(),
    openIndex({
      corpusDir: config.corpusDir,
      indexDir: config.indexDir,
      modelsDir: config.modelsDir,
      modelId: config.embeddingModel,
      embedder,
      autoRebuild: config.autoRebuild,
      log: options.log,
      onProgress: options.onProgress,
    }),
  ]);
  // Repeated questions skip the model. Micro-batching concurrent questions was measured and gave
  // no throughput on 2 cores (padding to the longest question costs what batching saves), so
  // concurrent questions run side by side, one per worker.
  const queryEmbedder = createCachedEmbedder(createPooledEmbedder(pool, embedderModel), { maxBytes: serving.queryCacheBytes });
  return { assistant: createAssistant({ index, embedder: queryEmbedder }), embedder, pool };
}
